package dev.ringback.application.port.out;

import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * Runs a short piece of work against the store in its write order, without holding the caller:
 * the work's reads see every write queued before it, its writes through the repositories commit
 * together (all or, if it throws, none of them), and the stage completes with its result only
 * once those writes are durable. A request can then be read, decided and written in one step
 * from a thread that must not block, such as an HTTP server's I/O thread.
 *
 * <p>An implementation never runs the work on the calling thread. The work may run where every
 * other write waits for it (the SQLite adapter's one writer thread), so it must only use the
 * repositories: no network, no waiting, and no unit of work or asynchronous write of its own.
 * If the store loses the transaction around it before the commit, the work may run once more;
 * anything it does outside the store (waking a worker, say) must bear that.
 */
public interface UnitOfWork {
    <T> CompletionStage<T> submit(Supplier<T> work);
}
