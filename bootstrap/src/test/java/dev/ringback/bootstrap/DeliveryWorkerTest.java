package dev.ringback.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ringback.adapters.persistence.SqlitePersistence;
import dev.ringback.application.port.in.DeliverDueUseCase;
import dev.ringback.domain.account.MachineId;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

class DeliveryWorkerTest {
    private static final MachineId BUSY = new MachineId("busy");
    private static final MachineId IDLE = new MachineId("idle");

    @Test
    void twoRunsAreNoMoreThanTheStoreChecksAfterAnUncleanStop() {
        // A run is sent while the one before it commits its results: both can be lost in a power cut,
        // and a longer tail could have been sent with its claim lost too, and go again unchecked.
        assertThat(2 * DeliveryWorker.RUN).isLessThanOrEqualTo(SqlitePersistence.IN_DOUBT_PER_MACHINE_AFTER_UNCLEAN_STOP);
    }

    /** A use case whose runs the test scripts; it reports sending to the machines in {@link #sending}. */
    private static final class ScriptedRuns implements DeliverDueUseCase {
        final Set<MachineId> sending = ConcurrentHashMap.newKeySet();
        final AtomicInteger runs = new AtomicInteger();
        volatile Runnable duringFirstRun = () -> {};
        final CountDownLatch secondRun = new CountDownLatch(1);

        @Override
        public int deliverDue(int limit) {
            return 0;
        }

        @Override
        public int deliverDue(int limit, BooleanSupplier keepGoing) {
            return 0;
        }

        @Override
        public int deliverRun(int runLength, BooleanSupplier keepGoing) {
            if (runs.incrementAndGet() == 1) {
                sending.add(BUSY);
                duringFirstRun.run();
                sending.remove(BUSY);
                return 1;
            }
            secondRun.countDown();
            return 0;
        }

        @Override
        public boolean isSendingTo(MachineId machine) {
            return sending.contains(machine);
        }

        @Override
        public Optional<Instant> nextDueAt() {
            return Optional.empty();
        }
    }

    @Test
    void idleThreadsWaitForWhatFallsDueAndTogetherLookAboutOnceASecondAtPassedOverWork() {
        DeliveryWorker worker = new DeliveryWorker(new ScriptedRuns(), 16);
        Instant now = Instant.parse("2026-11-26T12:00:00Z");

        assertThat(worker.idleMillis(Optional.empty(), now, now, 0)).as("nothing owed").isEqualTo(1_000);
        assertThat(worker.idleMillis(Optional.of(now.plusMillis(300)), now, now, 0)).as("due soon").isEqualTo(300);
        assertThat(worker.idleMillis(Optional.of(now.plusMillis(1)), now, now, 0)).as("never a spin").isEqualTo(10);
        assertThat(worker.idleMillis(Optional.of(now.plusSeconds(60)), now, now, 0)).as("due later").isEqualTo(1_000);
        assertThat(worker.idleMillis(Optional.of(now), now, now, 0)).as("passed over, 16 threads").isEqualTo(16_000);
        assertThat(worker.idleMillis(Optional.of(now.minusSeconds(5)), now, now, 0)).isEqualTo(16_000);
        assertThat(new DeliveryWorker(new ScriptedRuns(), 1).idleMillis(Optional.of(now), now, now, 0)).isEqualTo(1_000);
    }

    /**
     * A retry falling due between a thread's look and its wait was taken for passed over, and the
     * thread slept sixteen seconds; a wait rounded down woke it just before the due time to the
     * same end.
     */
    @Test
    void aDeliveryThatFellDueAfterTheThreadLookedIsLookedForAgainShortly() {
        DeliveryWorker worker = new DeliveryWorker(new ScriptedRuns(), 16);
        Instant looked = Instant.parse("2026-11-26T12:00:00Z");
        Instant now = looked.plusMillis(3);

        assertThat(worker.idleMillis(Optional.of(looked.plusMillis(2)), now, looked, 0)).as("fell due since").isEqualTo(10);
        assertThat(worker.idleMillis(Optional.of(looked.plusMillis(2)), now, looked, 9)).isEqualTo(10);
        assertThat(worker.idleMillis(Optional.of(looked), now, looked, 0)).as("due when it looked: passed over")
                .isEqualTo(16_000);
        assertThat(worker.idleMillis(Optional.of(now.plusNanos(300_500_000)), now, looked, 0)).as("rounded up")
                .isEqualTo(301);
    }

    /** Only the first thread looks once a second when nothing is due: an idle server is not sixteen polls a second. */
    @Test
    void withNothingDueSoonOnlyTheFirstThreadLooksEverySecond() {
        DeliveryWorker worker = new DeliveryWorker(new ScriptedRuns(), 16);
        Instant now = Instant.parse("2026-11-26T12:00:00Z");

        assertThat(worker.idleMillis(Optional.empty(), now, now, 1)).as("nothing owed").isEqualTo(16_000);
        assertThat(worker.idleMillis(Optional.of(now.plusSeconds(60)), now, now, 15)).as("due later").isEqualTo(16_000);
        assertThat(worker.idleMillis(Optional.of(now.plusSeconds(5)), now, now, 15)).as("due within the wait").isEqualTo(5_000);
        assertThat(worker.idleMillis(Optional.of(now.plusMillis(300)), now, now, 7)).as("due soon: everyone").isEqualTo(300);
        assertThat(worker.idleMillis(Optional.of(now), now, now, 7)).as("passed over").isEqualTo(16_000);
    }

    @Test
    void workForAMachineNobodyIsSendingToWakesAThread() {
        DeliveryWorker worker = new DeliveryWorker(new ScriptedRuns(), 2);

        worker.wake(IDLE);

        assertThat(worker.wakeupCount()).isEqualTo(1);
    }

    @Test
    void workForAMachineARunIsSendingToIsLeftToThatRun() {
        ScriptedRuns runs = new ScriptedRuns();
        runs.sending.add(BUSY);
        DeliveryWorker worker = new DeliveryWorker(runs, 2);

        worker.wake(BUSY);

        assertThat(worker.wakeupCount()).isZero();
    }

    @Test
    void aWakeUpLeftToARunIsPassedOnWhenTheRunEnds() throws InterruptedException {
        ScriptedRuns runs = new ScriptedRuns();
        DeliveryWorker worker = new DeliveryWorker(runs, 1);
        AtomicLong duringRun = new AtomicLong(-1);
        runs.duringFirstRun = () -> {
            worker.wake(BUSY);
            duringRun.set(worker.wakeupCount());
        };
        worker.start();
        try {
            assertThat(runs.secondRun.await(10, TimeUnit.SECONDS)).isTrue();
        } finally {
            worker.stop(Duration.ofSeconds(5));
        }

        assertThat(duringRun.get()).isZero();
        // The run's end passes the wake-up on (the stop adds one more).
        assertThat(worker.wakeupCount()).isEqualTo(2);
    }
    /**
     * An Error (an OutOfMemoryError without -XX:+ExitOnOutOfMemoryError) ends a delivery thread.
     * With its threads gone nothing is delivered, and /readyz must say so rather than stay 200.
     */
    @Test
    void aWorkerWhoseThreadsDiedIsNotRunning() throws Exception {
        CountDownLatch failed = new CountDownLatch(1);
        AtomicReference<Thread> failing = new AtomicReference<>();
        ScriptedRuns runs = new ScriptedRuns();
        runs.duringFirstRun = () -> {
            failing.set(Thread.currentThread());
            failed.countDown();
            throw new OutOfMemoryError("simulated");
        };
        DeliveryWorker worker = new DeliveryWorker(runs, 1);
        Thread.UncaughtExceptionHandler before = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((thread, error) -> { });
        try {
            worker.start();
            failed.await();
            failing.get().join();

            assertThat(worker.isRunning()).isFalse();
        } finally {
            worker.stop(Duration.ofSeconds(1));
            Thread.setDefaultUncaughtExceptionHandler(before);
        }
    }
}
