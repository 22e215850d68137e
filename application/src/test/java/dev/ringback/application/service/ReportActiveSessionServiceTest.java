package dev.ringback.application.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ringback.application.port.in.ReportActiveSessionUseCase.Command;
import dev.ringback.application.port.in.ReportActiveSessionUseCase.Result;
import dev.ringback.application.port.in.NoteSignOfLifeUseCase;
import dev.ringback.application.port.out.DashboardAuthenticator;
import dev.ringback.application.port.out.DashboardAuthenticator.RequestCredentials;
import dev.ringback.application.port.out.MachineRepository;
import dev.ringback.application.port.out.UnitOfWork;
import dev.ringback.application.testing.QueuedUnitOfWork;
import dev.ringback.domain.InvalidInputException;
import dev.ringback.domain.account.Machine;
import dev.ringback.domain.account.MachineId;
import dev.ringback.domain.account.TokenHash;
import dev.ringback.domain.account.UserId;
import dev.ringback.domain.session.SessionKey;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
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

    @Test
    void aRepeatedKeyIsNotWrittenAgainButAChangeIs() {
        CountingMachines counting = new CountingMachines(world.machines);
        ReportActiveSessionService reports = new ReportActiveSessionService(counting, world.clock);

        reports.report(new Command(world.user, "research"));
        reports.report(new Command(world.user, "Research"));
        reports.report(new Command(world.user, "agent:main:research"));
        assertThat(counting.writes).isEqualTo(1);

        reports.report(new Command(world.user, "general"));
        reports.report(new Command(world.user, "research"));
        assertThat(counting.writes).isEqualTo(3);
        assertThat(world.machines.findById(world.machine).orElseThrow().lastReportedSession())
                .contains(SessionKey.parse("research"));
    }

    @Test
    void anAsynchronousReportCompletesOnlyWhenItsChangeIsDurable() throws Exception {
        HeldMachines held = new HeldMachines(world.machines);
        ReportActiveSessionService reports = new ReportActiveSessionService(held, world.clock);

        CompletableFuture<Result> changed = reports.reportAsync(new Command(world.user, "research")).toCompletableFuture();

        assertThat(changed).isNotDone();
        held.commit.complete(null);
        assertThat(changed.get(10, TimeUnit.SECONDS)).isEqualTo(new Result.Reported(SessionKey.parse("research")));
        assertThat(held.writes).isEqualTo(1);
    }

    @Test
    void anAsynchronousRepeatIsAnsweredAtOnceWithoutAWrite() {
        report("research");
        HeldMachines held = new HeldMachines(world.machines);
        ReportActiveSessionService reports = new ReportActiveSessionService(held, world.clock);

        CompletableFuture<Result> repeat = reports.reportAsync(new Command(world.user, "Research")).toCompletableFuture();

        assertThat(repeat).isCompletedWithValue(new Result.Reported(SessionKey.parse("research")));
        assertThat(held.writes).isZero();
    }

    @Test
    void anAsynchronousReportRefusesBadInputOnTheCallersThreadAndKnowsAMissingMachine() {
        ReportActiveSessionService reports = world.reports();

        assertThatThrownBy(() -> reports.reportAsync(new Command(world.user, " "))).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> reports.reportAsync(new Command(world.user, "agent:ops:x"))).isInstanceOf(InvalidInputException.class);
        assertThat(reports.reportAsync(new Command(new UserId("no-machine"), "x")).toCompletableFuture())
                .isCompletedWithValue(new Result.NoMachine());
    }

    @Test
    void aFailedAsynchronousWriteFailsTheReport() {
        HeldMachines held = new HeldMachines(world.machines);
        ReportActiveSessionService reports = new ReportActiveSessionService(held, world.clock);

        CompletableFuture<Result> report = reports.reportAsync(new Command(world.user, "research")).toCompletableFuture();
        held.commit.completeExceptionally(new IllegalStateException("disk full"));

        assertThat(report).isCompletedExceptionally();
        assertThatThrownBy(report::join).hasRootCauseMessage("disk full");
    }

    @Test
    void aReportWithCredentialsIsAuthenticatedDecidedAndWrittenInOneUnitOfWork() throws Exception {
        world.tokens.save(TokenHash.of("dashboard-token"), world.user, world.clock.now());
        CountingMachines counting = new CountingMachines(world.machines);
        QueuedUnitOfWork unit = new QueuedUnitOfWork();
        ReportActiveSessionService reports = reportsInUnitsOfWork(counting, unit);

        CompletableFuture<Result> report = reports.reportAsync(bearer("dashboard-token"), "Research").toCompletableFuture();

        assertThat(report).isNotDone();
        assertThat(unit.waiting()).isEqualTo(1);
        assertThat(counting.writes).isZero();
        unit.runAll();
        assertThat(report.get(10, TimeUnit.SECONDS)).isEqualTo(new Result.Reported(SessionKey.parse("agent:main:research")));
        assertThat(counting.writes).isEqualTo(1);
        assertThat(world.machines.findById(world.machine).orElseThrow().lastReportedSession())
                .contains(SessionKey.parse("research"));
    }

    @Test
    void unknownCredentialsAreRefusedInTheUnitOfWorkBeforeTheKeyIsLookedAt() {
        CountingMachines counting = new CountingMachines(world.machines);
        QueuedUnitOfWork unit = new QueuedUnitOfWork();
        ReportActiveSessionService reports = reportsInUnitsOfWork(counting, unit);

        CompletableFuture<Result> report = reports.reportAsync(bearer("not-a-token"), " ").toCompletableFuture();
        unit.runAll();

        assertThat(report).isCompletedWithValue(new Result.Unauthenticated());
        assertThat(counting.writes).isZero();
    }

    @Test
    void aMissingOrInvalidKeyFailsTheUnitOfWorkOnceTheUserIsKnown() {
        world.tokens.save(TokenHash.of("dashboard-token"), world.user, world.clock.now());
        QueuedUnitOfWork unit = new QueuedUnitOfWork();
        ReportActiveSessionService reports = reportsInUnitsOfWork(world.machines, unit);

        CompletableFuture<Result> blank = reports.reportAsync(bearer("dashboard-token"), " ").toCompletableFuture();
        CompletableFuture<Result> otherAgent = reports.reportAsync(bearer("dashboard-token"), "agent:ops:x").toCompletableFuture();
        unit.runAll();

        assertThatThrownBy(blank::join).hasCauseInstanceOf(InvalidInputException.class).hasRootCauseMessage("sessionKey required");
        assertThatThrownBy(otherAgent::join).hasCauseInstanceOf(InvalidInputException.class);
        assertThat(world.machines.findById(world.machine).orElseThrow().lastReportedSession()).isEmpty();
    }

    @Test
    void onlyAnAuthenticatorThatReadsTheStoreRunsInAUnitOfWork() {
        QueuedUnitOfWork unit = new QueuedUnitOfWork();
        DashboardAuthenticator mayBlock = credentials -> Optional.of(world.user);
        ReportActiveSessionService elsewhere = new ReportActiveSessionService(world.machines, world.clock,
                NoteSignOfLifeUseCase.IGNORED, mayBlock, unit);

        assertThat(elsewhere.authenticatesInUnitOfWork()).isFalse();
        assertThat(world.reports().authenticatesInUnitOfWork()).isFalse();
        assertThat(reportsInUnitsOfWork(world.machines, unit).authenticatesInUnitOfWork()).isTrue();
        assertThatThrownBy(() -> elsewhere.reportAsync(bearer("dashboard-token"), "main")).isInstanceOf(IllegalStateException.class);
        assertThat(unit.waiting()).isZero();
    }

    private ReportActiveSessionService reportsInUnitsOfWork(MachineRepository machines, UnitOfWork unit) {
        return new ReportActiveSessionService(machines, world.clock, NoteSignOfLifeUseCase.IGNORED,
                new DashboardTokenAuthenticator(world.tokens), unit);
    }

    private static RequestCredentials bearer(String token) {
        return new RequestCredentials() {
            @Override
            public Optional<String> header(String name) {
                return name.equalsIgnoreCase("Authorization") ? Optional.of("Bearer " + token) : Optional.empty();
            }

            @Override
            public Optional<String> cookie(String name) {
                return Optional.empty();
            }
        };
    }

    /** Writes through to the in-memory repository, but its asynchronous write completes only when the test says. */
    private static final class HeldMachines extends CountingMachines {
        final CompletableFuture<Void> commit = new CompletableFuture<>();

        HeldMachines(MachineRepository delegate) {
            super(delegate);
        }

        @Override
        public CompletionStage<Void> recordActiveSessionAsync(MachineId id, SessionKey key, Instant at) {
            recordActiveSession(id, key, at);
            return commit;
        }
    }

    /** Counts the writes a report causes; everything else goes to the in-memory repository. */
    private static class CountingMachines implements MachineRepository {
        private final MachineRepository delegate;
        int writes;

        CountingMachines(MachineRepository delegate) {
            this.delegate = delegate;
        }

        @Override
        public void save(Machine machine) {
            delegate.save(machine);
        }

        @Override
        public Optional<Machine> findById(MachineId id) {
            return delegate.findById(id);
        }

        @Override
        public Optional<Machine> findByGatewayTokenHash(TokenHash hash) {
            return delegate.findByGatewayTokenHash(hash);
        }

        @Override
        public Optional<Machine> findByUser(UserId user) {
            return delegate.findByUser(user);
        }

        @Override
        public List<Machine> findAll() {
            return delegate.findAll();
        }

        @Override
        public void recordActiveSession(MachineId id, SessionKey key, Instant at) {
            writes++;
            delegate.recordActiveSession(id, key, at);
        }
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
