package dev.ringback.application.testing;

import dev.ringback.application.port.out.UnitOfWork;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * Holds each work until the test runs it, as a store's writer would, and completes its stage
 * after it: so a test sees what happens before the work runs (nothing, on the caller's thread)
 * and after. The in-memory repositories cannot undo a work that throws; the SQLite adapter's
 * own tests hold that part of the port's promise.
 */
public final class QueuedUnitOfWork implements UnitOfWork {
    private final List<Runnable> queued = new ArrayList<>();

    @Override
    public synchronized <T> CompletionStage<T> submit(Supplier<T> work) {
        CompletableFuture<T> done = new CompletableFuture<>();
        queued.add(() -> {
            try {
                done.complete(work.get());
            } catch (RuntimeException e) {
                done.completeExceptionally(e);
            }
        });
        return done;
    }

    public synchronized int waiting() {
        return queued.size();
    }

    /** Runs every work queued so far, in order, on the calling thread. */
    public void runAll() {
        List<Runnable> now;
        synchronized (this) {
            now = new ArrayList<>(queued);
            queued.clear();
        }
        now.forEach(Runnable::run);
    }
}
