package dev.ringback.application.service;

import static dev.ringback.application.service.World.CALLEE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ringback.application.port.in.ListUsersUseCase;
import dev.ringback.application.port.in.ListUsersUseCase.UserOverview;
import dev.ringback.application.port.in.PlaceCallUseCase.Result;
import dev.ringback.domain.account.BillingPolicy;
import dev.ringback.domain.account.User;
import dev.ringback.domain.account.UserId;
import dev.ringback.domain.call.CallOutcome;
import dev.ringback.domain.call.CallRecord;
import dev.ringback.domain.call.CallStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The operator's review of the users: each with this month's minutes and their machine, if any. */
class ListUsersServiceTest {
    private final World world = new World();
    private final ListUsersUseCase list = world.listUsers(BillingPolicy.DEFAULT);

    @Test
    void everyUserWithTheirPlansMinutesThisMonthAndTheirMachine() {
        endedAfter(150);
        world.users.save(User.register(new UserId("user-0-bob"), "Bob", "starter"));

        List<UserOverview> users = list.users();

        assertThat(users).extracting(overview -> overview.user().id().value()).containsExactly("user-0-bob", "user-1");
        UserOverview bob = users.get(0);
        assertThat(bob.limitMinutes()).isZero();
        assertThat(bob.month().totalCalls()).isZero();
        assertThat(bob.machine()).as("registered, no machine yet").isEmpty();
        UserOverview ada = users.get(1);
        assertThat(ada.user().name()).isEqualTo("Ada");
        assertThat(ada.limitMinutes()).isEqualTo(60);
        assertThat(ada.month().usedMinutes()).isEqualTo(3);
        assertThat(ada.monthStart()).isEqualTo(Instant.parse("2025-01-01T00:00:00Z"));
        assertThat(ada.machine().orElseThrow().id()).isEqualTo(world.machine);
    }

    @Test
    void lastMonthsCallsAreNotThisMonths() {
        endedAfter(120);
        world.clock.advance(Duration.ofDays(20));

        UserOverview ada = list.user(world.user).orElseThrow();

        assertThat(ada.monthStart()).isEqualTo(Instant.parse("2025-02-01T00:00:00Z"));
        assertThat(ada.month().usedMinutes()).isZero();
    }

    @Test
    void anUnknownUserIsEmpty() {
        assertThat(list.user(new UserId("nobody"))).isEmpty();
    }

    private void endedAfter(int seconds) {
        CallRecord call = ((Result.Placed) world.placeCalls()
                .place(World.command(world.machine, CALLEE, 5, Optional.empty()))).call();
        world.outcomes().record(World.report("provider-call-1", Optional.of(call.id()),
                new CallOutcome(CallStatus.COMPLETED, seconds, "", "done", Optional.empty(), Optional.empty())));
    }
}
