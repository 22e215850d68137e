package dev.ringback.bootstrap;

import dev.ringback.application.port.in.DeliverDueUseCase;
import dev.ringback.application.port.out.DeliveryWakeup;
import dev.ringback.domain.account.MachineId;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Runs the outbox: several threads, each claiming a run of one machine's due deliveries at a time
 * and passing over machines another thread is sending to, so that one slow or sleeping machine holds up one
 * thread at most and nothing queues behind it. Threads sleep until the next delivery is due, a
 * new outcome wakes them, or a short poll elapses.
 *
 * <p>Most of a thread's time goes to waiting: on the machine's answer, then on the commit of the
 * attempt's result. Many threads therefore mean many sends in flight and many results sharing
 * one commit (the persistence adapter groups concurrent commits), which is what drains a backlog.
 */
@Singleton
final class DeliveryWorker implements DeliveryWakeup {
    /**
     * Deliveries one thread sends to one machine in a run, in due order, with their results in one
     * commit: a machine's backlog drains at the speed of its answers, not of one fsync per
     * delivery. Other machines never wait behind the run (it holds one machine's deliveries only),
     * and a run stops at the first attempt that is not delivered.
     *
     * <p>Between two runs a thread waits for the next claim, a hand-off to the writer thread; the
     * run's commit goes on meanwhile, and the thread waits for it only before saving the next run
     * (it had waited for both: ~10 ms for runs of 128 on an idle two-core machine, 15-20 ms for
     * runs of 32 on a busy one, a third of a draining backlog's time). Longer runs share it out;
     * the price is that a process dying mid-run sends more attempts again (with their idempotency
     * keys), up to two runs of them.
     */
    static final int RUN = 128;
    /** A new outcome owes two deliveries (notification and transcript) to one machine: one run takes both. */
    static final int THREADS_PER_WAKEUP = 1;
    /**
     * The longest the first idle thread waits before it looks for due work again; the others, and
     * every thread when due deliveries were passed over, wait this times the number of threads
     * (see {@link #idleMillis}). Polling sooner only rescans the backlog, which cost a draining
     * server most of its CPU. New outcomes still wake a thread at once.
     */
    static final Duration MAX_IDLE = Duration.ofSeconds(1);
    /** Floor on the wait for a delivery due soon, so that clock rounding never makes a thread spin. */
    static final Duration MIN_IDLE = Duration.ofMillis(10);
    private static final System.Logger LOG = System.getLogger(DeliveryWorker.class.getName());

    private final DeliverDueUseCase deliverDue;
    private final int threadCount;
    private final Object signal = new Object();
    /** Read by readiness checks without the lock that {@link #stop} holds while it waits. */
    private final List<Thread> threads = new CopyOnWriteArrayList<>();
    private long wakeups;
    /** A thread was woken and has not started its claim yet: it will see every outcome recorded so far. */
    private boolean wakePending;
    /** A wake-up was left to the run sending to its machine (see {@link #wake(MachineId)}); owed when a run ends. */
    private boolean absorbed;
    private volatile boolean running;

    @Inject
    DeliveryWorker(DeliverDueUseCase deliverDue, RingbackConfig config) {
        this(deliverDue, config.deliveryThreads());
    }

    DeliveryWorker(DeliverDueUseCase deliverDue, int threadCount) {
        this.deliverDue = deliverDue;
        this.threadCount = threadCount;
    }

    synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        for (int i = 0; i < threadCount; i++) {
            int index = i;
            Thread thread = new Thread(() -> loop(index), "ringback-delivery-" + i);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
    }

    /**
     * Started, not stopped, and every thread still alive: an Error (an OutOfMemoryError, say) ends
     * the thread it is thrown in, and a worker whose threads are gone delivers nothing.
     */
    boolean isRunning() {
        return running && threads.stream().allMatch(Thread::isAlive);
    }

    @Override
    public void wake() {
        synchronized (signal) {
            wakeups++;
            // Waking every thread would send them all to claim the same two deliveries. And while a
            // woken thread has not claimed yet, its claim will find this outcome too: a burst of
            // outcomes wakes one thread, not one each (each claim that finds only deliveries of a
            // machine in another thread's run scans them all).
            if (!wakePending) {
                wakePending = true;
                for (int i = 0; i < THREADS_PER_WAKEUP; i++) {
                    signal.notify();
                }
            }
        }
    }

    /**
     * Work for a machine that a run of this process is sending to wakes nobody: that run's thread
     * claims again when the run ends and finds it then. Waking another thread would only have it
     * claim, pass the busy machine over (a scan of its whole backlog) and go back to sleep, once
     * per outcome: at 500 outcomes/s for one machine, that was most of the writer thread's time.
     * The wake-up is not lost: the end of the next run wakes a thread, in case the finishing
     * thread's next claim goes to another machine.
     */
    @Override
    public void wake(MachineId machine) {
        synchronized (signal) {
            // Under the lock that runEnded() takes: a run whose machine was seen busy here ends after this.
            if (deliverDue.takesNewWorkFor(machine)) {
                absorbed = true;
                return;
            }
        }
        wake();
    }

    /** Wake-ups signalled to the threads so far (absorbed ones are not). */
    long wakeupCount() {
        synchronized (signal) {
            return wakeups;
        }
    }

    /** Passes on a wake-up absorbed while a run was under way. */
    private void runEnded() {
        synchronized (signal) {
            if (absorbed) {
                absorbed = false;
                wake();
            }
        }
    }

    /**
     * Stops claiming and lets attempts under way finish; deliveries claimed but not yet attempted
     * are handed back at once. True when every thread finished within the grace; false when an
     * attempt is still running, its result unrecorded and its lease held.
     */
    synchronized boolean stop(Duration grace) {
        running = false;
        synchronized (signal) {
            wakeups++;
            signal.notifyAll();
        }
        long deadline = System.nanoTime() + grace.toNanos();
        for (Thread thread : threads) {
            try {
                thread.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        boolean finished = threads.stream().noneMatch(Thread::isAlive);
        threads.clear();
        return finished;
    }

    private void loop(int index) {
        while (running) {
            long seen;
            synchronized (signal) {
                seen = wakeups;
                wakePending = false;
            }
            int attempted;
            Instant looked = Instant.now();
            try {
                attempted = deliverDue.deliverRun(RUN, () -> running);
            } catch (RuntimeException e) {
                LOG.log(Level.ERROR, "delivery round failed; retrying shortly", e);
                attempted = 0;
            }
            if (attempted > 0) {
                runEnded();
                continue;
            }
            idle(seen, index, looked);
        }
    }

    /**
     * How long an idle thread waits for a wake-up, given when the next delivery falls due and when
     * the thread last looked for work ({@code looked}, before its claim). Due already then means
     * passed over: its machine is in another thread's run, which goes on with it.
     * Looking again then only claims nothing after scanning that machine's backlog on the writer
     * thread (~2 ms with a few thousand owed), so the idle threads together look about once a
     * second rather than each of them: under a burst for one machine, 15 idle threads made ~13
     * such claims a second. New outcomes still wake a thread at once.
     *
     * <p>With nothing due before then, only the first thread ({@code index} 0) looks once a second,
     * for work nobody could wake it for (an operator's command run on the same file by another
     * process); the others wait for a wake-up or for what falls due. An idle server with 16 threads
     * made 16 empty claims a second, each a write job for the writer.
     *
     * <p>One that fell due after the thread looked was not passed over: it is looked for again
     * shortly. The wait is rounded up, so a thread does not wake just before the due time, find
     * nothing, and take the delivery for passed over (a retry was then late by up to a second a
     * thread).
     */
    long idleMillis(Optional<Instant> nextDue, Instant now, Instant looked, int index) {
        long together = MAX_IDLE.toMillis() * Math.max(1, threadCount);
        long lookout = index == 0 ? MAX_IDLE.toMillis() : together;
        if (nextDue.isEmpty()) {
            return lookout;
        }
        if (!nextDue.get().isAfter(looked)) {
            return together;
        }
        Duration untilDue = Duration.between(now, nextDue.get());
        long roundedUp = untilDue.toMillis() + (untilDue.minusMillis(untilDue.toMillis()).isZero() ? 0 : 1);
        return Math.min(lookout, Math.max(MIN_IDLE.toMillis(), roundedUp));
    }

    private void idle(long seen, int index, Instant looked) {
        long waitMillis = MAX_IDLE.toMillis();
        try {
            waitMillis = idleMillis(deliverDue.nextDueAt(), Instant.now(), looked, index);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "could not read the next due time: {0}", e.getClass().getSimpleName());
        }
        synchronized (signal) {
            if (running && wakeups == seen) {
                try {
                    signal.wait(waitMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    running = false;
                }
            }
        }
    }
}
