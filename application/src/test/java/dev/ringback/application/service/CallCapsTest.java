package dev.ringback.application.service;

import static dev.ringback.application.service.World.CALLEE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ringback.application.port.in.PlaceCallUseCase.Result;
import dev.ringback.domain.InvalidInputException;
import dev.ringback.domain.account.BillingPolicy;
import dev.ringback.domain.account.CallAllowance;
import dev.ringback.domain.call.CallRecord;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Platform defect 7: minutes in flight count, the ceiling is clamped, lines are limited, races lose. */
class CallCapsTest {
    private final World world = new World();

    private Result place(int maxMinutes) {
        return world.placeCalls().place(World.command(world.machine, CALLEE, maxMinutes, Optional.empty()));
    }

    private CallRecord placed(Result result) {
        assertThat(result).isInstanceOf(Result.Placed.class);
        return ((Result.Placed) result).call();
    }

    private void complete(CallRecord call, String providerId, int seconds) {
        world.outcomes().record(World.report(providerId, Optional.of(call.id()), World.completed(seconds, "", "")));
    }

    @Test
    void callsInFlightHoldTheirMinutesUntilTheirOutcome() {
        placed(place(30));
        placed(place(25));

        // 55 of 60 minutes are held by two calls nobody has heard back from.
        Result third = place(10);
        assertThat(((Result.Placed) third).remainingMinutes()).isEqualTo(5);
        assertThat(world.telephony.lastPlaced().maxDurationMinutes()).isEqualTo(5);
    }

    @Test
    void theOutcomeReleasesTheReservationForTheSecondsUsed() {
        CallRecord first = placed(place(60));
        assertThat(place(1)).isEqualTo(new Result.MonthlyLimitReached(60, 60));

        complete(first, "provider-call-1", 90);

        Result next = place(5);
        assertThat(((Result.Placed) next).remainingMinutes()).isEqualTo(58);
    }

    @Test
    void aCallTheProviderRefusedHoldsNothing() {
        world.telephony.thenReject(402, "insufficient balance");
        assertThat(place(60)).isInstanceOf(Result.ProviderRejected.class);

        assertThat(((Result.Placed) place(5)).remainingMinutes()).isEqualTo(60);
    }

    @Test
    void aCallWhoseAnswerWasLostKeepsItsReservation() {
        world.telephony.thenLoseTheAnswer("read timeout");
        assertThat(place(50)).isInstanceOf(Result.ProviderUncertain.class);

        assertThat(((Result.Placed) place(20)).remainingMinutes()).isEqualTo(10);
    }

    @Test
    void theConcurrentCallLimitIsConfigurableAndFreesAsCallsEnd() {
        BillingPolicy twoLines = new BillingPolicy(ZoneOffset.UTC, 2);
        CallRecord first = placed(world.placeCalls(twoLines).place(world.command(Optional.empty())));
        placed(world.placeCalls(twoLines).place(world.command(Optional.empty())));

        Result third = world.placeCalls(twoLines).place(world.command(Optional.empty()));

        assertThat(third).isEqualTo(new Result.TooManyCallsInFlight(2, 2));
        assertThat(world.telephony.placed()).hasSize(2);
        complete(first, "provider-call-1", 30);
        placed(world.placeCalls(twoLines).place(world.command(Optional.empty())));
    }

    @Test
    void theDefaultLimitIsThreeCallsAtOnce() {
        placed(place(1));
        placed(place(1));
        placed(place(1));

        assertThat(place(1)).isEqualTo(new Result.TooManyCallsInFlight(3, 3));
    }

    @Test
    void lostWebhooksDoNotLockTheUserOutForGood() {
        placed(place(5));
        placed(place(5));
        placed(place(5));
        assertThat(place(5)).isEqualTo(new Result.TooManyCallsInFlight(3, 3));

        // Bland ends a call at its maximum; an hour after that, a call nobody heard back from is not ringing.
        world.clock.advance(Duration.ofMinutes(5).plus(CallAllowance.LINE_RELEASE_GRACE));

        Result next = place(5);
        assertThat(((Result.Placed) next).remainingMinutes()).as("their minutes stay held").isEqualTo(45);
    }

    @Test
    void theBodyIsValidatedBeforeAnyLimit() {
        BillingPolicy oneLine = new BillingPolicy(ZoneOffset.UTC, 1);
        placed(world.placeCalls(oneLine).place(world.command(Optional.empty())));

        assertThatThrownBy(() -> world.placeCalls(oneLine)
                        .place(World.command(world.machine, "12", 5, Optional.empty())))
                .isInstanceOf(InvalidInputException.class);
    }

    @Test
    void concurrentRequestsOnTheLastMinutesNeverPassTheCap() throws Exception {
        BillingPolicy manyLines = new BillingPolicy(ZoneOffset.UTC, 100);
        CallRecord earlier = placed(place(56));
        complete(earlier, "provider-call-1", 56 * 60);
        int threads = 16;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Result> results = new ArrayList<>();
        try {
            List<Future<Result>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return world.placeCalls(manyLines).place(World.command(world.machine, CALLEE, 1, Optional.empty()));
                }));
            }
            start.countDown();
            for (Future<Result> future : futures) {
                results.add(future.get(30, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(results).filteredOn(r -> r instanceof Result.Placed).hasSize(4);
        assertThat(results).filteredOn(r -> r instanceof Result.MonthlyLimitReached).hasSize(12);
        assertThat(world.telephony.placed()).as("only the granted calls were dialled").hasSize(1 + 4);
    }

    @Test
    void theMonthBoundaryFollowsTheConfiguredZone() {
        BillingPolicy eastern = new BillingPolicy(ZoneId.of("America/New_York"), 3);
        // 04:30 UTC on 1 February is 23:30 on 31 January in New York.
        world.clock.set(Instant.parse("2025-02-01T04:30:00Z"));
        CallRecord call = placed(world.placeCalls(eastern).place(World.command(world.machine, CALLEE, 60, Optional.empty())));
        complete(call, "provider-call-1", 60 * 60);

        world.clock.set(Instant.parse("2025-02-01T04:59:59Z"));
        assertThat(world.placeCalls(eastern).place(world.command(Optional.empty())))
                .as("still January in New York").isEqualTo(new Result.MonthlyLimitReached(60, 60));

        world.clock.set(Instant.parse("2025-02-01T05:00:00Z"));
        Result february = world.placeCalls(eastern).place(World.command(world.machine, CALLEE, 5, Optional.empty()));
        assertThat(((Result.Placed) february).remainingMinutes()).as("February in New York").isEqualTo(60);
        assertThat(place(5)).as("in UTC the hour belongs to February").isEqualTo(new Result.MonthlyLimitReached(65, 60));
    }

    @Test
    void theUtcBoundaryIsExact() {
        world.clock.set(Instant.parse("2025-01-31T23:59:59.999Z"));
        CallRecord january = placed(place(60));
        complete(january, "provider-call-1", 3600);
        assertThat(place(1)).isEqualTo(new Result.MonthlyLimitReached(60, 60));

        world.clock.set(Instant.parse("2025-02-01T00:00:00Z"));
        assertThat(((Result.Placed) place(1)).remainingMinutes()).isEqualTo(60);
    }
}
