package dev.ringback.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ringback.application.port.in.DeliverDueUseCase;
import dev.ringback.application.port.out.BornRun;
import dev.ringback.application.testing.Fixtures;
import dev.ringback.application.testing.SequentialIds;
import dev.ringback.domain.account.Machine;
import dev.ringback.domain.delivery.Delivery;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** Runs claimed at birth: taken by a thread that waits idle, and handed back when the worker stops. */
class DeliveryWorkerBornRunsTest {
    private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");
    private final Machine machine = Fixtures.machine("machine-a", Fixtures.user("alice").id(), "gateway-token-a");
    private final List<Delivery> owed = Fixtures.deliveriesFor(
            Fixtures.completed(Fixtures.outboundCall("call-1", machine, NOW.minusSeconds(60)), 50, NOW),
            new SequentialIds("delivery-"), NOW);
    private final BornRun run = new BornRun(owed, NOW);

    /** Claims every outcome at birth; its own runs block until released, when {@code blockRuns}. */
    private static final class BornRuns implements DeliverDueUseCase {
        final List<Boolean> bornSentWithKeepGoing = new CopyOnWriteArrayList<>();
        final CountDownLatch bornDone = new CountDownLatch(1);
        final AtomicInteger claims = new AtomicInteger();
        final CountDownLatch inRun = new CountDownLatch(1);
        final CountDownLatch releaseRun = new CountDownLatch(1);
        volatile boolean blockRuns;

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
            if (!blockRuns) {
                return 0;
            }
            inRun.countDown();
            try {
                releaseRun.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return 1;
        }

        @Override
        public Optional<BornRun> claimAtBirth(List<Delivery> born) {
            claims.incrementAndGet();
            return Optional.of(new BornRun(born, NOW));
        }

        @Override
        public int deliverBorn(BornRun run, int runLength, BooleanSupplier keepGoing) {
            bornSentWithKeepGoing.add(keepGoing.getAsBoolean());
            bornDone.countDown();
            return keepGoing.getAsBoolean() ? run.deliveries().size() : 0;
        }

        @Override
        public Optional<Instant> nextDueAt() {
            return Optional.empty();
        }
    }

    private static void awaitIdle(DeliveryWorker worker, int threads) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (worker.idleThreads() < threads) {
            assertThat(System.nanoTime()).as("threads idle in time").isLessThan(deadline);
            Thread.onSpinWait();
        }
    }

    @Test
    void aRunClaimedAtBirthIsSentByAThreadThatWaitedIdle() throws InterruptedException {
        BornRuns runs = new BornRuns();
        DeliveryWorker worker = new DeliveryWorker(runs, 2);
        worker.start();
        try {
            awaitIdle(worker, 2);
            Optional<BornRun> claimed = worker.claimAtBirth(owed);
            assertThat(claimed).isPresent();

            worker.deliverBorn(claimed.get());

            assertThat(runs.bornDone.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(runs.bornSentWithKeepGoing).containsExactly(true);
        } finally {
            worker.stop(Duration.ofSeconds(5));
        }
    }

    @Test
    void withoutAThreadWaitingIdleNothingIsClaimedAtBirth() throws InterruptedException {
        BornRuns runs = new BornRuns();
        DeliveryWorker worker = new DeliveryWorker(runs, 1);
        assertThat(worker.claimAtBirth(owed)).as("not started").isEmpty();

        runs.blockRuns = true;
        worker.start();
        try {
            assertThat(runs.inRun.await(10, TimeUnit.SECONDS)).isTrue();

            assertThat(worker.claimAtBirth(owed)).as("its one thread is sending").isEmpty();
            assertThat(runs.claims).hasValue(0);
        } finally {
            runs.releaseRun.countDown();
            worker.stop(Duration.ofSeconds(5));
        }
    }

    @Test
    void aRunStillWaitingForAThreadWhenTheWorkerStopsIsHandedBackUnsent() throws InterruptedException {
        BornRuns runs = new BornRuns();
        runs.blockRuns = true;
        DeliveryWorker worker = new DeliveryWorker(runs, 1);
        worker.start();
        assertThat(runs.inRun.await(10, TimeUnit.SECONDS)).isTrue();
        worker.deliverBorn(run);
        Thread stopping = new Thread(() -> worker.stop(Duration.ofSeconds(10)));
        stopping.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (worker.isRunning()) {
            assertThat(System.nanoTime()).as("stopping in time").isLessThan(deadline);
            Thread.onSpinWait();
        }

        runs.releaseRun.countDown();
        stopping.join(TimeUnit.SECONDS.toMillis(10));

        assertThat(stopping.isAlive()).isFalse();
        assertThat(runs.bornSentWithKeepGoing).containsExactly(false);
    }

    @Test
    void aRunHandedOverAfterTheWorkerStoppedIsHandedBackUnsent() throws InterruptedException {
        BornRuns runs = new BornRuns();
        DeliveryWorker worker = new DeliveryWorker(runs, 1);

        worker.deliverBorn(run);

        assertThat(runs.bornDone.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(runs.bornSentWithKeepGoing).containsExactly(false);
    }
}
