package dev.ringback.application.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ringback.application.port.in.PlaceCallOnceUseCase.StoredAnswer;
import dev.ringback.application.port.out.PlacementKeyStore;
import dev.ringback.application.port.out.PlacementKeyStore.Claim;
import dev.ringback.domain.account.Machine;
import dev.ringback.domain.account.User;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link PlacementKeyStore} must do. */
public abstract class PlacementKeyStoreContract {
    private static final Instant T0 = Instant.parse("2025-01-15T10:00:00Z");
    private static final Instant A_DAY_LATER = T0.plus(Duration.ofHours(24));
    private static final StoredAnswer PLACED = new StoredAnswer(200, "{\"call_id\":\"c1\"}");

    private PlacementKeyStore keys;
    private final User alice = Fixtures.user("alice");
    private final User bob = Fixtures.user("bob");
    private final Machine aliceMachine = Fixtures.machine("machine-a", alice.id(), "gateway-token-a");
    private final Machine bobMachine = Fixtures.machine("machine-b", bob.id(), "gateway-token-b");

    protected abstract Repositories newRepositories();

    protected abstract PlacementKeyStore placementKeys(Repositories repositories);

    @BeforeEach
    void createStore() {
        Repositories repositories = newRepositories();
        repositories.users().save(alice);
        repositories.users().save(bob);
        repositories.machines().save(aliceMachine);
        repositories.machines().save(bobMachine);
        keys = placementKeys(repositories);
    }

    @Test
    void theFirstClaimWinsAndItsAnswerIsKept() {
        assertThat(keys.claim(aliceMachine.id(), "k1", "fp-1", T0)).isEqualTo(new Claim.Claimed());
        assertThat(keys.claim(aliceMachine.id(), "k1", "fp-2", T0)).isEqualTo(new Claim.Pending("fp-1"));

        StoredAnswer answer = new StoredAnswer(200, "{\"call_id\":\"c1\"}");
        keys.answer(aliceMachine.id(), "k1", answer);

        assertThat(keys.claim(aliceMachine.id(), "k1", "fp-1", T0)).isEqualTo(new Claim.Answered("fp-1", answer));
    }

    @Test
    void aReleasedClaimCanBeClaimedAgainButAnAnsweredOneCannotBeReleased() {
        keys.claim(aliceMachine.id(), "k1", "fp-1", T0);
        keys.release(aliceMachine.id(), "k1");
        assertThat(keys.claim(aliceMachine.id(), "k1", "fp-2", T0)).isEqualTo(new Claim.Claimed());

        StoredAnswer answer = new StoredAnswer(200, "{}");
        keys.answer(aliceMachine.id(), "k1", answer);
        keys.release(aliceMachine.id(), "k1");
        assertThat(keys.claim(aliceMachine.id(), "k1", "fp-2", T0)).isEqualTo(new Claim.Answered("fp-2", answer));
    }

    @Test
    void keysBelongToOneMachine() {
        assertThat(keys.claim(aliceMachine.id(), "k1", "fp-1", T0)).isEqualTo(new Claim.Claimed());
        assertThat(keys.claim(bobMachine.id(), "k1", "fp-1", T0)).isEqualTo(new Claim.Claimed());
    }

    @Test
    void concurrentClaimsHaveOneWinner() throws Exception {
        int racers = 8;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(racers);
        try {
            List<Future<Claim>> claims = new ArrayList<>();
            for (int i = 0; i < racers; i++) {
                Callable<Claim> claim = () -> {
                    start.await();
                    return keys.claim(aliceMachine.id(), "race", "fp", T0);
                };
                claims.add(pool.submit(claim));
            }
            start.countDown();
            List<Claim> results = new ArrayList<>();
            for (Future<Claim> claim : claims) {
                results.add(claim.get());
            }
            assertThat(results).filteredOn(c -> c instanceof Claim.Claimed).hasSize(1);
            assertThat(results).filteredOn(c -> c instanceof Claim.Pending).hasSize(racers - 1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void anAnsweredKeyIsKeptForADayAfterItsClaimThenARepeatIsANewRequest() {
        keys.claim(aliceMachine.id(), "k1", "fp-1", T0);
        keys.answer(aliceMachine.id(), "k1", PLACED);

        assertThat(keys.claim(aliceMachine.id(), "k1", "fp-1", A_DAY_LATER.minusNanos(1))).isEqualTo(new Claim.Answered("fp-1", PLACED));
        assertThat(keys.claim(aliceMachine.id(), "k1", "fp-2", A_DAY_LATER)).isEqualTo(new Claim.Claimed());
        assertThat(keys.claim(aliceMachine.id(), "k1", "fp-2", A_DAY_LATER)).as("the new claim holds, unanswered")
                .isEqualTo(new Claim.Pending("fp-2"));

        StoredAnswer second = new StoredAnswer(200, "{\"call_id\":\"c2\"}");
        keys.answer(aliceMachine.id(), "k1", second);
        assertThat(keys.claim(aliceMachine.id(), "k1", "fp-2", A_DAY_LATER.plus(Duration.ofHours(23))))
                .as("its day counts from the new claim").isEqualTo(new Claim.Answered("fp-2", second));
    }

    /** Its placement is under way or died mid-way: whether Bland dialled is unknown, so the key is never freed by age. */
    @Test
    void anUnansweredClaimNeverExpiresNorIsSwept() {
        keys.claim(aliceMachine.id(), "k1", "fp-1", T0);
        Instant aMonthLater = T0.plus(Duration.ofDays(30));

        assertThat(keys.deleteExpired(aMonthLater, 1_000)).isZero();
        assertThat(keys.claim(aliceMachine.id(), "k1", "fp-1", aMonthLater)).isEqualTo(new Claim.Pending("fp-1"));
    }

    @Test
    void theSweepDeletesExpiredKeysOnlyAndAtMostTheLimitAtATime() {
        for (String key : List.of("old-1", "old-2", "old-3", "old-4", "old-5")) {
            keys.claim(aliceMachine.id(), key, "fp", T0);
            keys.answer(aliceMachine.id(), key, PLACED);
        }
        keys.claim(bobMachine.id(), "young", "fp", T0.plus(Duration.ofHours(1)));
        keys.answer(bobMachine.id(), "young", PLACED);
        keys.claim(bobMachine.id(), "in-flight", "fp", T0);

        assertThat(keys.deleteExpired(A_DAY_LATER, 2)).isEqualTo(2);
        assertThat(keys.deleteExpired(A_DAY_LATER, 2)).isEqualTo(2);
        assertThat(keys.deleteExpired(A_DAY_LATER, 2)).isEqualTo(1);
        assertThat(keys.deleteExpired(A_DAY_LATER, 2)).isZero();

        // Seen from a time before they expired, deleted keys are free and kept ones are as they were.
        Instant before = T0.plus(Duration.ofMinutes(90));
        for (String key : List.of("old-1", "old-2", "old-3", "old-4", "old-5")) {
            assertThat(keys.claim(aliceMachine.id(), key, "fp", before)).as(key).isEqualTo(new Claim.Claimed());
        }
        assertThat(keys.claim(bobMachine.id(), "young", "fp", before)).isEqualTo(new Claim.Answered("fp", PLACED));
        assertThat(keys.claim(bobMachine.id(), "in-flight", "fp", before)).isEqualTo(new Claim.Pending("fp"));
    }
}
