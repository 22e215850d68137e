package dev.ringback.application.service;

import static dev.ringback.application.service.World.CALLEE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ringback.application.port.in.GetUsageUseCase;
import dev.ringback.application.port.in.GetUsageUseCase.UsageView;
import dev.ringback.application.port.in.PlaceCallUseCase.Result;
import dev.ringback.application.port.in.RecordCallOutcomeUseCase;
import dev.ringback.domain.account.BillingPolicy;
import dev.ringback.domain.account.UserId;
import dev.ringback.domain.call.CallOutcome;
import dev.ringback.domain.call.CallRecord;
import dev.ringback.domain.call.CallStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Usage and cost, read with the same rules the cap enforces; each call charged once. */
class UsageTest {
    private final World world = new World();
    private final GetUsageUseCase usage = world.usage(BillingPolicy.DEFAULT);

    private CallRecord place(int minutes) {
        Result result = world.placeCalls().place(World.command(world.machine, CALLEE, minutes, Optional.empty()));
        return ((Result.Placed) result).call();
    }

    private RecordCallOutcomeUseCase.Result end(CallRecord call, String providerId, CallStatus status, int seconds) {
        return world.outcomes().record(World.report(providerId, Optional.of(call.id()),
                new CallOutcome(status, seconds, "", status == CallStatus.COMPLETED ? "done" : "", Optional.empty(), Optional.empty())));
    }

    @Test
    void aFreshUserHasTheWholePlan() {
        UsageView view = usage.usage(world.user).orElseThrow();

        assertThat(view.user().plan()).isEqualTo("pro");
        assertThat(view.limitMinutes()).isEqualTo(60);
        assertThat(view.usedMinutes()).isZero();
        assertThat(view.remainingMinutes()).isEqualTo(60);
        assertThat(view.month().totalCalls()).isZero();
        assertThat(view.month().costCents()).isEqualByComparingTo("0");
        assertThat(view.recentCalls()).isEmpty();
        assertThat(view.monthStart()).isEqualTo(Instant.parse("2025-01-01T00:00:00Z"));
    }

    @Test
    void connectedMinutesAndFailedAttemptsAreCostedInOneUnit() {
        end(place(5), "provider-call-1", CallStatus.COMPLETED, 150); // 2.5 min x $0.09 = 22.5 cents
        end(place(5), "provider-call-2", CallStatus.NO_ANSWER, 0); // 1.5 cents
        end(place(5), "provider-call-3", CallStatus.FAILED, 0); // 1.5 cents

        UsageView view = usage.usage(world.user).orElseThrow();

        assertThat(view.month().costMicros()).isEqualTo(225_000 + 15_000 + 15_000);
        assertThat(view.month().costCents()).isEqualByComparingTo("25.5");
        assertThat(view.usedMinutes()).isEqualTo(3);
        assertThat(view.remainingMinutes()).isEqualTo(57);
        assertThat(view.month().totalCalls()).isEqualTo(3);
    }

    @Test
    void aDuplicateWebhookNeverChargesAgain() {
        CallRecord call = place(5);
        end(call, "provider-call-1", CallStatus.COMPLETED, 60);
        long charged = world.stored(call.id()).snapshot().costMicros();

        RecordCallOutcomeUseCase.Result again = end(call, "provider-call-1", CallStatus.COMPLETED, 600);

        assertThat(again).isInstanceOf(RecordCallOutcomeUseCase.Result.Duplicate.class);
        assertThat(charged).isEqualTo(90_000);
        assertThat(world.stored(call.id()).snapshot().costMicros()).isEqualTo(charged);
        assertThat(usage.usage(world.user).orElseThrow().month().costMicros()).isEqualTo(charged);
        assertThat(usage.usage(world.user).orElseThrow().usedMinutes()).isEqualTo(1);
    }

    @Test
    void callsInFlightCountAsUsedUntilTheyEnd() {
        CallRecord running = place(10);

        UsageView during = usage.usage(world.user).orElseThrow();
        assertThat(during.usedMinutes()).isEqualTo(10);
        assertThat(during.month().callsInFlight()).isEqualTo(1);
        assertThat(during.month().costMicros()).isZero();

        end(running, "provider-call-1", CallStatus.COMPLETED, 61);
        UsageView after = usage.usage(world.user).orElseThrow();
        assertThat(after.usedMinutes()).isEqualTo(2);
        assertThat(after.month().callsInFlight()).isZero();
    }

    @Test
    void recentCallsAreTheTwentyNewestOfAnyMonth() {
        for (int i = 0; i < 25; i++) {
            end(place(1), "provider-call-" + (i + 1), CallStatus.COMPLETED, 1);
            world.clock.advance(Duration.ofDays(3));
        }

        UsageView view = usage.usage(world.user).orElseThrow();

        assertThat(view.recentCalls()).hasSize(GetUsageUseCase.RECENT_CALLS);
        assertThat(view.recentCalls().get(0).snapshot().createdAt()).isEqualTo(world.clock.now().minus(Duration.ofDays(3)));
        assertThat(view.month().totalCalls()).as("only this month's").isLessThan(25);
    }

    @Test
    void theMonthIsTheConfiguredZones() {
        world.clock.set(Instant.parse("2025-02-01T03:00:00Z"));
        end(place(5), "provider-call-1", CallStatus.COMPLETED, 120);

        assertThat(world.usage(BillingPolicy.DEFAULT).usage(world.user).orElseThrow().usedMinutes()).isEqualTo(2);
        UsageView eastern = world.usage(new BillingPolicy(ZoneId.of("America/New_York"), 3)).usage(world.user).orElseThrow();
        assertThat(eastern.monthStart()).isEqualTo(Instant.parse("2025-01-01T05:00:00Z"));
        assertThat(eastern.usedMinutes()).isEqualTo(2);
        world.clock.set(Instant.parse("2025-02-01T05:00:00Z"));
        assertThat(world.usage(new BillingPolicy(ZoneId.of("America/New_York"), 3)).usage(world.user).orElseThrow().usedMinutes())
                .as("a new month in New York").isZero();
    }

    @Test
    void anUnknownUserHasNoUsage() {
        assertThat(usage.usage(new UserId("nobody"))).isEmpty();
    }

    @Test
    void aPlanTheTableDoesNotKnowHasNoMinutesAndNoCrash() {
        world.withPlan("enterprise-legacy");

        UsageView view = usage.usage(world.user).orElseThrow();

        assertThat(view.limitMinutes()).isZero();
        assertThat(view.remainingMinutes()).isZero();
    }
}
