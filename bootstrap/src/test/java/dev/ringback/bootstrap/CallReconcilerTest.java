package dev.ringback.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ringback.application.port.in.ReconcileOverdueCallsUseCase;
import dev.ringback.application.testing.LoggedLines;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CallReconcilerTest {
    private static RingbackConfig everyFewMillis() {
        Map<String, String> env = new HashMap<>();
        env.put("RINGBACK_TELEPHONY", "simulated");
        env.put("RINGBACK_RECONCILE_INTERVAL", "5ms");
        return RingbackConfig.fromEnvironment(env);
    }

    @Test
    void aSweepThatFailsWithAnExceptionIsTriedAgain() throws InterruptedException {
        CountDownLatch third = new CountDownLatch(3);
        CallReconciler reconciler = new CallReconciler(() -> {
            third.countDown();
            throw new IllegalStateException("the database is busy");
        }, () -> 0, everyFewMillis());
        assertSweepsComeAgain(reconciler, third);
    }

    /** An Error ends the executor's schedule for good: readiness must say so rather than hide it. */
    @Test
    void aSweepEndedByAnErrorLeavesTheReconcilerNotSweeping() throws InterruptedException {
        AtomicInteger sweeps = new AtomicInteger();
        CountDownLatch thrown = new CountDownLatch(1);
        ReconcileOverdueCallsUseCase dying = () -> {
            sweeps.incrementAndGet();
            thrown.countDown();
            throw new OutOfMemoryError("stands for any Error");
        };
        CallReconciler reconciler = new CallReconciler(dying, () -> 0, everyFewMillis());
        assertThat(reconciler.stillSweeping()).as("before the start").isTrue();
        reconciler.start();
        try {
            assertThat(thrown.await(30, TimeUnit.SECONDS)).isTrue();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (reconciler.stillSweeping() && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertThat(reconciler.stillSweeping()).isFalse();
            assertThat(sweeps.get()).isEqualTo(1);
        } finally {
            reconciler.stop(Duration.ofSeconds(5));
        }
    }

    /** Expired Idempotency-Keys are swept on the same schedule, whatever became of the reconciliation before them. */
    @Test
    void eachSweepAlsoForgetsExpiredPlacementKeysAndAFailureThereIsTriedAgain() throws InterruptedException {
        CountDownLatch third = new CountDownLatch(3);
        CallReconciler reconciler = new CallReconciler(() -> {
            throw new IllegalStateException("Bland is unreachable");
        }, () -> {
            third.countDown();
            throw new IllegalStateException("the database is busy");
        }, everyFewMillis());
        assertSweepsComeAgain(reconciler, third);
    }

    /**
     * The retention of calls' words runs on the same schedule, whatever became of the sweeps before
     * it, and its failure is logged whole (its name's apostrophe once made the line a MessageFormat
     * quote, which swallowed the exception's name).
     */
    @Test
    void eachSweepAlsoRunsTheRetentionOfCallsWordsAndAFailureThereIsTriedAgain() throws InterruptedException {
        CountDownLatch third = new CountDownLatch(3);
        CallReconciler reconciler = new CallReconciler(() -> {
            throw new IllegalStateException("Bland is unreachable");
        }, () -> {
            throw new IllegalStateException("the database is busy");
        }, () -> {
            third.countDown();
            throw new IllegalStateException("the database is busy");
        }, everyFewMillis());
        List<String> errors = LoggedLines.of(CallReconciler.class, java.util.logging.Level.SEVERE, () -> {
            try {
                assertSweepsComeAgain(reconciler, third);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(errors).contains("retention pass over calls' transcripts failed; trying again next interval:"
                + " IllegalStateException", "reconciliation sweep failed; trying again next interval: IllegalStateException");
    }

    /** Starts it and waits for {@code third}: the failing step ran a third time, and the schedule still stands. */
    private static void assertSweepsComeAgain(CallReconciler reconciler, CountDownLatch third) throws InterruptedException {
        reconciler.start();
        try {
            assertThat(third.await(30, TimeUnit.SECONDS)).isTrue();
            assertThat(reconciler.stillSweeping()).isTrue();
        } finally {
            reconciler.stop(Duration.ofSeconds(5));
        }
    }
}
