package dev.ringback.application.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ringback.application.port.in.PlaceCallOnceUseCase.Outcome;
import dev.ringback.application.port.in.PlaceCallOnceUseCase.StoredAnswer;
import dev.ringback.application.port.in.PlaceCallUseCase.Result;
import dev.ringback.application.port.out.CallRepository;
import dev.ringback.application.port.out.PlacementKeyStore;
import dev.ringback.application.testing.FixedClock;
import dev.ringback.application.testing.InMemoryPlacementKeyStore;
import dev.ringback.domain.InvalidInputException;
import dev.ringback.domain.account.CallAllowance;
import dev.ringback.domain.account.MachineId;
import dev.ringback.domain.account.Reservation;
import dev.ringback.domain.call.CallRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class PlaceCallOnceServiceTest {
    private static final MachineId MACHINE = new MachineId("machine-1");
    private static final StoredAnswer PLACED = new StoredAnswer(200, "{\"call_id\":\"call-1\"}");

    private final InMemoryPlacementKeyStore keys = new InMemoryPlacementKeyStore();
    private final PlaceCallOnceService service = new PlaceCallOnceService(keys,
            new FixedClock(Instant.parse("2025-01-15T10:00:00Z")), Duration.ofSeconds(10));
    private final AtomicInteger placements = new AtomicInteger();

    private Supplier<StoredAnswer> placing(StoredAnswer answer) {
        return () -> {
            placements.incrementAndGet();
            return answer;
        };
    }

    @Test
    void aRepeatGetsTheFirstAnswerWithoutPlacingAgain() {
        assertThat(service.placeOnce(MACHINE, "key-1", "fp", placing(PLACED))).isEqualTo(new Outcome.Answer(PLACED, false));
        assertThat(service.placeOnce(MACHINE, "key-1", "fp", placing(new StoredAnswer(200, "{\"call_id\":\"call-2\"}"))))
                .isEqualTo(new Outcome.Answer(PLACED, true));
        assertThat(placements).hasValue(1);
    }

    /**
     * A refusal dialled nothing, and several say "try again later" (too many calls in progress,
     * Bland's own rate limit): kept under the key, the agent's retry with it would be refused for
     * good. So a refusal frees the key, and a repeat is decided afresh.
     */
    @Test
    void aRefusalFreesTheKeySoThatARepeatIsDecidedAfresh() {
        StoredAnswer busy = new StoredAnswer(429, "{\"error\":\"Too many calls in progress. Wait for one to finish.\"}");
        assertThat(service.placeOnce(MACHINE, "key-1", "fp", placing(busy))).isEqualTo(new Outcome.Answer(busy, false));

        assertThat(service.placeOnce(MACHINE, "key-1", "fp", placing(PLACED))).isEqualTo(new Outcome.Answer(PLACED, false));
        assertThat(service.placeOnce(MACHINE, "key-1", "fp", placing(PLACED))).isEqualTo(new Outcome.Answer(PLACED, true));
        assertThat(placements).hasValue(2);
    }

    @Test
    void theSameKeyWithADifferentRequestIsRefused() {
        service.placeOnce(MACHINE, "key-1", "fp", placing(PLACED));
        assertThat(service.placeOnce(MACHINE, "key-1", "other-fp", placing(PLACED))).isEqualTo(new Outcome.KeyReused());
        assertThat(placements).hasValue(1);
    }

    @Test
    void concurrentRepeatsPlaceOnceAndAllGetTheFirstAnswer() throws Exception {
        CountDownLatch placing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Supplier<StoredAnswer> slow = () -> {
            placements.incrementAndGet();
            placing.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return PLACED;
        };
        ExecutorService pool = Executors.newFixedThreadPool(5);
        try {
            List<Future<Outcome>> outcomes = new ArrayList<>();
            outcomes.add(pool.submit(() -> service.placeOnce(MACHINE, "key-1", "fp", slow)));
            assertThat(placing.await(10, TimeUnit.SECONDS)).isTrue();
            for (int i = 0; i < 4; i++) {
                outcomes.add(pool.submit(() -> service.placeOnce(MACHINE, "key-1", "fp", slow)));
            }
            release.countDown();
            for (Future<Outcome> outcome : outcomes) {
                assertThat(outcome.get()).isInstanceOfSatisfying(Outcome.Answer.class,
                        answer -> assertThat(answer.answer()).isEqualTo(PLACED));
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(placements).hasValue(1);
    }

    @Test
    void aPlacementThatNeverAnsweredLeavesTheKeyInProgressRatherThanDialAgain() {
        PlaceCallOnceService impatient = new PlaceCallOnceService(keys, new FixedClock(Instant.EPOCH), Duration.ZERO);
        assertThatThrownBy(() -> impatient.placeOnce(MACHINE, "key-1", "fp", () -> {
            throw new IllegalStateException("database went away after dialling");
        })).isInstanceOf(IllegalStateException.class);

        assertThat(impatient.placeOnce(MACHINE, "key-1", "fp", placing(PLACED))).isEqualTo(new Outcome.StillInProgress());
        assertThat(placements).hasValue(0);
    }

    /** The call may be ringing: a 500 would make the agent retry; the pending key keeps repeats from dialling. */
    @Test
    void anAnswerThatCannotBeKeptIsStillGivenAndRepeatsAreToldItHasNotFinished() {
        PlacementKeyStore unwritable = new PlacementKeyStore() {
            @Override
            public Claim claim(MachineId machine, String key, String fingerprint, Instant now) {
                return keys.claim(machine, key, fingerprint, now);
            }

            @Override
            public void answer(MachineId machine, String key, StoredAnswer answer) {
                throw new IllegalStateException("disk full");
            }

            @Override
            public void release(MachineId machine, String key) {
                keys.release(machine, key);
            }

            @Override
            public int deleteExpired(Instant now, int limit) {
                return keys.deleteExpired(now, limit);
            }
        };
        PlaceCallOnceService impatient = new PlaceCallOnceService(unwritable, new FixedClock(Instant.EPOCH), Duration.ZERO);

        assertThat(impatient.placeOnce(MACHINE, "key-1", "fp", placing(PLACED))).isEqualTo(new Outcome.Answer(PLACED, false));
        assertThat(impatient.placeOnce(MACHINE, "key-1", "fp", placing(PLACED))).isEqualTo(new Outcome.StillInProgress());
        assertThat(placements).hasValue(1);
    }

    @Test
    void inputRefusedBeforeDiallingFreesTheKey() {
        assertThatThrownBy(() -> service.placeOnce(MACHINE, "key-1", "fp", () -> {
            throw new InvalidInputException("Invalid US phone number");
        })).isInstanceOf(InvalidInputException.class);

        assertThat(service.placeOnce(MACHINE, "key-1", "fp", placing(PLACED))).isEqualTo(new Outcome.Answer(PLACED, false));
    }

    /**
     * A failure before the provider was asked (the database busy while reserving the minutes)
     * dialled nothing, and the agent's natural answer to a 500 is to retry with the same key: that
     * retry must place the call, not be told "not finished" for good.
     */
    @Test
    void aPlacementThatFailedBeforeAskingTheProviderFreesTheKey() {
        World world = new World();
        AtomicInteger reservations = new AtomicInteger();
        CallRepository busyOnce = new DelegatingCallRepository(world.calls) {
            @Override
            public Reservation reserveAndInsert(CallRecord call, CallAllowance allowance) {
                if (reservations.incrementAndGet() == 1) {
                    throw new IllegalStateException("SQLITE_BUSY");
                }
                return super.reserveAndInsert(call, allowance);
            }
        };
        PlaceCallService placeCalls = world.placeCalls(busyOnce);
        Supplier<StoredAnswer> placing = () -> placeCalls.place(world.command(Optional.empty())) instanceof Result.Placed
                ? PLACED : new StoredAnswer(502, "{\"error\":\"Failed to initiate call\"}");
        PlaceCallOnceService impatient = new PlaceCallOnceService(keys, new FixedClock(Instant.EPOCH), Duration.ZERO);

        assertThatThrownBy(() -> impatient.placeOnce(MACHINE, "key-1", "fp", placing)).hasStackTraceContaining("SQLITE_BUSY");
        assertThat(world.telephony.placed()).isEmpty();

        assertThat(impatient.placeOnce(MACHINE, "key-1", "fp", placing)).isEqualTo(new Outcome.Answer(PLACED, false));
        assertThat(world.telephony.placed()).hasSize(1);
        assertThat(impatient.placeOnce(MACHINE, "key-1", "fp", placing)).isEqualTo(new Outcome.Answer(PLACED, true));
        assertThat(world.telephony.placed()).hasSize(1);
    }

    /**
     * Each look at the key is a write transaction on the one database writer that webhooks need
     * too; a repeat waits as long as a placement may take (55 s by default), so it must not look
     * 50 times a second all that while. The bound holds however fast the machine is.
     */
    @Test
    void aWaitingRepeatLooksAtTheKeyLessOftenAsTheWaitGoesOn() {
        AtomicInteger claims = new AtomicInteger();
        PlacementKeyStore counting = new PlacementKeyStore() {
            @Override
            public Claim claim(MachineId machine, String key, String fingerprint, Instant now) {
                claims.incrementAndGet();
                return new Claim.Pending("fp");
            }

            @Override
            public void answer(MachineId machine, String key, StoredAnswer answer) {}

            @Override
            public void release(MachineId machine, String key) {}

            @Override
            public int deleteExpired(Instant now, int limit) {
                return 0;
            }
        };
        PlaceCallOnceService waiting = new PlaceCallOnceService(counting, new FixedClock(Instant.EPOCH), Duration.ofSeconds(2));

        assertThat(waiting.placeOnce(MACHINE, "key-1", "fp", placing(PLACED))).isEqualTo(new Outcome.StillInProgress());
        assertThat(claims.get()).isBetween(2, 15);
        assertThat(placements).hasValue(0);
    }

    @Test
    void keysAreCheckedAndBelongToOneMachine() {
        for (String bad : new String[] {"", "   ", "has space", "x".repeat(256), "caf\u00e9"}) {
            assertThatThrownBy(() -> service.placeOnce(MACHINE, bad, "fp", placing(PLACED)))
                    .isInstanceOf(InvalidInputException.class).hasMessageContaining("Idempotency-Key");
        }
        service.placeOnce(MACHINE, "key-1", "fp", placing(PLACED));
        assertThat(service.placeOnce(new MachineId("machine-2"), "key-1", "fp", placing(PLACED)))
                .isEqualTo(new Outcome.Answer(PLACED, false));
        assertThat(placements).hasValue(2);
    }

    @Test
    void aRepeatADayAfterTheFirstRequestIsANewPlacement() {
        FixedClock clock = new FixedClock(Instant.parse("2025-01-15T10:00:00Z"));
        PlaceCallOnceService daily = new PlaceCallOnceService(keys, clock, Duration.ZERO);
        StoredAnswer next = new StoredAnswer(200, "{\"call_id\":\"call-2\"}");
        daily.placeOnce(MACHINE, "key-1", "fp", placing(PLACED));

        clock.advance(Duration.ofHours(24).minusSeconds(1));
        assertThat(daily.placeOnce(MACHINE, "key-1", "fp", placing(next))).isEqualTo(new Outcome.Answer(PLACED, true));
        clock.advance(Duration.ofSeconds(1));
        assertThat(daily.placeOnce(MACHINE, "key-1", "other-fp", placing(next))).as("not a reuse: a new request")
                .isEqualTo(new Outcome.Answer(next, false));
        assertThat(daily.placeOnce(MACHINE, "key-1", "other-fp", placing(PLACED))).isEqualTo(new Outcome.Answer(next, true));
        assertThat(placements).hasValue(2);
    }

    /** Ringback cannot know whether the dead placement dialled; a day later it knows no more, so the key still holds. */
    @Test
    void aPlacementThatNeverAnsweredKeepsItsKeyInProgressPastADay() {
        FixedClock clock = new FixedClock(Instant.parse("2025-01-15T10:00:00Z"));
        PlaceCallOnceService daily = new PlaceCallOnceService(keys, clock, Duration.ZERO);
        assertThatThrownBy(() -> daily.placeOnce(MACHINE, "key-1", "fp", () -> {
            throw new IllegalStateException("died after dialling");
        })).isInstanceOf(IllegalStateException.class);

        clock.advance(Duration.ofDays(3));

        assertThat(daily.forgetExpiredKeys()).isZero();
        assertThat(daily.placeOnce(MACHINE, "key-1", "fp", placing(PLACED))).isEqualTo(new Outcome.StillInProgress());
        assertThat(placements).hasValue(0);
    }

    @Test
    void theSweepForgetsEveryExpiredKeyInBatchesAndKeepsTheRest() {
        FixedClock clock = new FixedClock(Instant.parse("2025-01-15T10:00:00Z"));
        List<Integer> limits = new ArrayList<>();
        PlacementKeyStore batches = new PlacementKeyStore() {
            @Override
            public Claim claim(MachineId machine, String key, String fingerprint, Instant now) {
                return keys.claim(machine, key, fingerprint, now);
            }

            @Override
            public void answer(MachineId machine, String key, StoredAnswer answer) {
                keys.answer(machine, key, answer);
            }

            @Override
            public void release(MachineId machine, String key) {
                keys.release(machine, key);
            }

            @Override
            public int deleteExpired(Instant now, int limit) {
                limits.add(limit);
                return keys.deleteExpired(now, limit);
            }
        };
        PlaceCallOnceService daily = new PlaceCallOnceService(batches, clock, Duration.ZERO);
        int expiring = 2 * PlaceCallOnceService.SWEEP_BATCH + 500;
        for (int i = 0; i < expiring; i++) {
            daily.placeOnce(MACHINE, "old-" + i, "fp", placing(PLACED));
        }
        assertThatThrownBy(() -> daily.placeOnce(MACHINE, "died", "fp", () -> {
            throw new IllegalStateException("died after dialling");
        })).isInstanceOf(IllegalStateException.class);
        clock.advance(Duration.ofHours(1));
        daily.placeOnce(MACHINE, "young", "fp", placing(PLACED));
        clock.advance(Duration.ofHours(23));

        assertThat(daily.forgetExpiredKeys()).isEqualTo(expiring);
        assertThat(keys.size()).as("the young key and the one in progress").isEqualTo(2);
        assertThat(limits).containsExactly(PlaceCallOnceService.SWEEP_BATCH, PlaceCallOnceService.SWEEP_BATCH,
                PlaceCallOnceService.SWEEP_BATCH);
        assertThat(daily.forgetExpiredKeys()).isZero();
    }
}
