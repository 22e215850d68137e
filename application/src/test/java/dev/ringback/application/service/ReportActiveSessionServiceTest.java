package dev.ringback.application.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ringback.application.port.in.ReportActiveSessionUseCase.Command;
import dev.ringback.application.port.in.ReportActiveSessionUseCase.Result;
import dev.ringback.domain.InvalidInputException;
import dev.ringback.domain.account.UserId;
import dev.ringback.domain.session.SessionKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class ReportActiveSessionServiceTest {
    private final World world = new World();

    private Result report(String key) {
        return world.reports().report(new Command(world.user, key));
    }

    @Test
    void theReportIsCanonicalisedAndStored() {
        assertThat(report("Test-Calls")).isEqualTo(new Result.Reported(SessionKey.parse("agent:main:test-calls")));
        assertThat(world.machines.findById(world.machine).orElseThrow().lastReportedSession())
                .contains(SessionKey.parse("agent:main:test-calls"));
    }

    @Test
    void theLatestReportWins() {
        report("first");
        report("main");
        assertThat(world.machines.findById(world.machine).orElseThrow().lastReportedSession()).contains(SessionKey.MAIN);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"  ", "\t"})
    void aReportMustNameAConversation(String key) {
        assertThatThrownBy(() -> report(key)).isInstanceOf(InvalidInputException.class).hasMessage("sessionKey required");
        assertThat(world.machines.findById(world.machine).orElseThrow().lastReportedSession()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"agent:ops:x", "two words", "agent:main", "x\u0001"})
    void aBadKeyIsRefusedAndChangesNothing(String key) {
        report("test-calls");
        assertThatThrownBy(() -> report(key)).isInstanceOf(InvalidInputException.class);
        assertThat(world.machines.findById(world.machine).orElseThrow().lastReportedSession())
                .contains(SessionKey.parse("test-calls"));
    }

    @Test
    void aUserWithoutAMachineIsToldSo() {
        assertThat(world.reports().report(new Command(new UserId("no-machine"), "x"))).isEqualTo(new Result.NoMachine());
    }

    @Test
    void aUserIsRequired() {
        assertThatThrownBy(() -> new Command(null, "x")).isInstanceOf(NullPointerException.class);
    }
}
