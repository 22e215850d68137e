package dev.ringback.bootstrap;

import dev.ringback.application.port.in.ForgetExpiredPlacementKeysUseCase;
import dev.ringback.application.port.in.ForgetOldTranscriptsUseCase;
import dev.ringback.application.port.in.ReconcileOverdueCallsUseCase;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs the lost-webhook sweep every {@code RINGBACK_RECONCILE_INTERVAL}, next to the delivery
 * worker, and after it the sweep of expired Idempotency-Keys and the retention of calls' words
 * (maintenance as rare and as unhurried, so it shares the thread rather than take one). One thread, fixed delay: a slow
 * provider lookup only postpones the next sweep, and two sweeps of one process never overlap
 * (those of two processes may; the conditional write of an outcome, and deleting only what is
 * expired, keep that harmless).
 */
@Singleton
final class CallReconciler {
    private static final System.Logger LOG = System.getLogger(CallReconciler.class.getName());

    private final ReconcileOverdueCallsUseCase reconcile;
    private final ForgetExpiredPlacementKeysUseCase forgetKeys;
    private final ForgetOldTranscriptsUseCase forgetWords;
    private final Duration interval;
    private Optional<ScheduledExecutorService> scheduler = Optional.empty();
    /** Done only if stopped, or if a sweep threw what {@link #sweep} lets through (an Error): then no sweep comes again. */
    private volatile Optional<ScheduledFuture<?>> sweeps = Optional.empty();

    CallReconciler(ReconcileOverdueCallsUseCase reconcile, ForgetExpiredPlacementKeysUseCase forgetKeys, RingbackConfig config) {
        this(reconcile, forgetKeys, () -> 0, config);
    }

    @Inject
    CallReconciler(ReconcileOverdueCallsUseCase reconcile, ForgetExpiredPlacementKeysUseCase forgetKeys,
            ForgetOldTranscriptsUseCase forgetWords, RingbackConfig config) {
        this.reconcile = reconcile;
        this.forgetKeys = forgetKeys;
        this.forgetWords = forgetWords;
        this.interval = config.reconcileInterval();
    }

    synchronized void start() {
        if (scheduler.isPresent()) {
            return;
        }
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "ringback-reconcile");
            thread.setDaemon(true);
            return thread;
        });
        sweeps = Optional.of(
                executor.scheduleWithFixedDelay(this::sweep, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS));
        scheduler = Optional.of(executor);
    }

    /** Stops sweeping; a sweep under way finishes (its writes are each one transaction) or is interrupted. */
    synchronized void stop(Duration grace) {
        scheduler.ifPresent(executor -> {
            executor.shutdown();
            try {
                if (!executor.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                    executor.shutdownNow();
                }
            } catch (InterruptedException e) {
                executor.shutdownNow();
                Thread.currentThread().interrupt();
            }
        });
        scheduler = Optional.empty();
    }

    /**
     * False once an Error (an OutOfMemoryError, say) ended a sweep: the executor then never runs
     * another, and calls whose webhook was lost would wait for a restart. True before the start.
     */
    boolean stillSweeping() {
        return sweeps.map(future -> !future.isDone()).orElse(true);
    }

    private void sweep() {
        runStep("reconciliation sweep", reconcile::reconcile);
        runStep("sweep of expired Idempotency-Keys", forgetKeys::forgetExpiredKeys);
        runStep("retention pass over calls' transcripts", forgetWords::forgetOldTranscripts);
    }

    /** An exception would cancel the schedule for good: each step's is logged, and the step runs again next time. */
    private static void runStep(String what, Runnable step) {
        try {
            step.run();
        } catch (RuntimeException e) {
            // Not a MessageFormat pattern: a step's name may hold an apostrophe.
            LOG.log(Level.ERROR, () -> what + " failed; trying again next interval: " + e.getClass().getSimpleName());
        }
    }
}
