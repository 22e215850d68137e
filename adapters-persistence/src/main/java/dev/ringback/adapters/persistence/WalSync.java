package dev.ringback.adapters.persistence;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Makes the writer's commits durable on a thread of its own, so that the writer runs its next
 * batch while the disk syncs the last one. The writer commits without a sync (WAL mode,
 * {@code synchronous=NORMAL}: the frames are in the file, the operating system holds them) and
 * hands the commit over; this thread syncs the WAL file and only then completes the commit's
 * jobs. One sync covers every commit handed over before it began, so under load each sync makes
 * several batches durable at once.
 *
 * <p>Other connections see a commit as soon as SQLite has made it, before its sync. So whatever
 * is decided or answered from a read must wait for the commits that read could have seen: the
 * writer's unsynced batches (a delivery's claim) and the pooled reads call {@link #awaitSynced}
 * or {@link #completeAfter} with the last durable commit begun.
 *
 * <p>A sync that fails leaves it unknown what reached the disk (Linux may drop the pages it could
 * not write and report success next time), so this never retries: every waiting job fails, and
 * so does every later one, until the server is restarted and SQLite recovers the file.
 */
final class WalSync implements AutoCloseable {
    /** What makes the WAL's written frames durable. */
    @FunctionalInterface
    interface Disk {
        void sync() throws IOException;
    }

    /** Something to finish once a sync has covered it. */
    interface Waiter {
        void complete();

        void fail(Throwable failure);
    }

    private static final System.Logger LOG = System.getLogger(WalSync.class.getName());

    private final Disk disk;
    private final Thread thread;
    private final Object lock = new Object();
    /** Guarded by lock: the last commit handed over. */
    private long committed;
    /** The last commit a finished sync covers; written under lock, read without it. */
    private volatile long synced;
    /** Guarded by lock: in order of their target, which never decreases. */
    private final ArrayDeque<Waiting> waiting = new ArrayDeque<>();
    /** Guarded by lock; once set, stays. */
    private IllegalStateException broken;
    private boolean stopping;
    // Written by this thread alone.
    private volatile long syncs;
    private volatile long syncingNanos;

    WalSync(Disk disk, String name) {
        this.disk = disk;
        this.thread = new Thread(this::run, name);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** The WAL of the database at {@code databaseFile}, opened on the first sync (a commit creates it). */
    static Disk walOf(Path databaseFile) {
        Path wal = databaseFile.resolveSibling(databaseFile.getFileName() + "-wal");
        return new Disk() {
            private FileChannel channel;

            @Override
            public void sync() throws IOException {
                if (channel == null) {
                    // Read-only: this never writes the file. SQLite deletes the WAL only when its
                    // last connection closes, and the database keeps one open for its lifetime.
                    channel = FileChannel.open(wal, StandardOpenOption.READ);
                }
                channel.force(false);
            }
        };
    }

    /** Commit {@code commit} (numbered by the writer, ascending) is made; {@code jobs} complete once it is synced. */
    void committed(long commit, List<? extends Waiter> jobs) {
        synchronized (lock) {
            if (commit <= committed) {
                throw new IllegalArgumentException("commits are handed over in order");
            }
            committed = commit;
            enqueue(commit, jobs);
            lock.notifyAll();
        }
    }

    /**
     * Completes {@code jobs} once commit {@code commit} (already handed over) is synced: at once,
     * on this caller's thread, if it is.
     */
    void completeAfter(long commit, List<? extends Waiter> jobs) {
        if (commit <= synced) {
            jobs.forEach(Waiter::complete);
            return;
        }
        synchronized (lock) {
            enqueue(commit, jobs);
        }
    }

    private void enqueue(long commit, List<? extends Waiter> jobs) {
        if (broken != null) {
            IllegalStateException failure = broken;
            jobs.forEach(job -> job.fail(failure));
            return;
        }
        if (commit <= synced) {
            jobs.forEach(Waiter::complete);
            return;
        }
        if (!jobs.isEmpty()) {
            waiting.add(new Waiting(commit, List.copyOf(jobs)));
        }
    }

    /**
     * Returns once commit {@code commit} is synced; throws if the syncs have failed, or when asked
     * on this thread (by what a caller chained to a write's completion), which would wait for itself.
     */
    void awaitSynced(long commit) {
        if (commit <= synced) {
            return;
        }
        refuseOnOwnThread();
        boolean interrupted = false;
        synchronized (lock) {
            while (commit > synced && broken == null) {
                try {
                    lock.wait();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            if (commit > synced) {
                throw broken;
            }
        }
    }

    /** Throws on this class's thread, where waiting for a sync would wait for itself forever. */
    void refuseOnOwnThread() {
        if (Thread.currentThread() == thread) {
            throw new IllegalStateException("what follows a write's completion cannot wait for the database's syncs");
        }
    }

    /** Why every write now fails (a sync failed), or null while the syncs succeed. */
    IllegalStateException failure() {
        synchronized (lock) {
            return broken;
        }
    }

    long syncs() {
        return syncs;
    }

    long syncingNanos() {
        return syncingNanos;
    }

    /** Syncs what was handed over so far, completes its jobs and stops. */
    @Override
    public void close() {
        synchronized (lock) {
            stopping = true;
            lock.notifyAll();
        }
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        while (true) {
            long target;
            synchronized (lock) {
                while (committed == synced && !stopping && broken == null) {
                    try {
                        lock.wait();
                    } catch (InterruptedException e) {
                        // Only close() stops this thread, once everything handed over is synced.
                    }
                }
                if (broken != null || committed == synced) {
                    return;
                }
                target = committed;
            }
            long started = System.nanoTime();
            try {
                disk.sync();
            } catch (IOException | RuntimeException | Error e) {
                fail(e);
                return;
            } finally {
                syncingNanos += System.nanoTime() - started;
            }
            syncs++;
            List<Waiter> done = new ArrayList<>();
            synchronized (lock) {
                synced = target;
                while (!waiting.isEmpty() && waiting.peek().commit <= target) {
                    done.addAll(waiting.poll().jobs);
                }
                lock.notifyAll();
            }
            // Outside the lock: a job's completion runs what its caller chained to it.
            done.forEach(Waiter::complete);
        }
    }

    private void fail(Throwable cause) {
        // The cause's message may name the file's path, never data; its class says what happened.
        LOG.log(Level.ERROR, "syncing the database's WAL failed ({0}): every write now fails until a restart",
                cause.getClass().getSimpleName());
        IllegalStateException failure = new IllegalStateException(
                "the database could not make its writes durable; restart the server", cause instanceof IOException
                        ? new UncheckedIOException((IOException) cause) : cause);
        List<Waiter> failed = new ArrayList<>();
        synchronized (lock) {
            broken = failure;
            waiting.forEach(entry -> failed.addAll(entry.jobs));
            waiting.clear();
            lock.notifyAll();
        }
        failed.forEach(job -> job.fail(failure));
    }

    private record Waiting(long commit, List<? extends Waiter> jobs) {}
}
