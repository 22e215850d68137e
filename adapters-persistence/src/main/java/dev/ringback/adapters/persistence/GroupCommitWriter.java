package dev.ringback.adapters.persistence;

import dev.ringback.application.port.out.StoreActivity;
import java.lang.System.Logger.Level;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;

/**
 * Group commit: the one thread that writes to the file. Concurrent write jobs queue here; the
 * writer runs all that are waiting in one transaction, each inside a savepoint of its own, and
 * completes them only after the single COMMIT (and its fsync) returns. So N concurrent webhooks
 * cost one fsync, not N, and none is answered before it is durable.
 *
 * <p>Each job sees everything committed plus the jobs ahead of it in the batch, exactly as if it
 * ran alone after them: conditional writes ({@code WHERE status = 'initiated'}) stay correct. A
 * job that throws is rolled back to its savepoint and fails alone; the others still commit.
 *
 * <p>A job may be marked as not needing its own fsync ({@link #writeUnsynced}): such jobs commit
 * in a batch of their own, ahead of the durable ones, with {@code synchronous=OFF}. Their changes
 * are in the WAL, visible and safe from a process crash at once, and made durable by the next synced commit (an fsync of the WAL
 * covers every frame before it); only a power loss in between can undo them, together with
 * nothing else, since a later commit is either synced after them or not acknowledged.
 *
 * <p>The writer's connection never checkpoints the WAL itself: copying pages back into the
 * database file (random writes and an fsync) would stall every caller of the batch that happened
 * to cross the threshold. A checkpointer thread does it in the background on its own connection
 * ({@code PASSIVE}: it never blocks the writer), a few times a second.
 */
final class GroupCommitWriter implements AutoCloseable, StoreActivity {
    /** Bounds how long the first job of a batch waits behind the others. */
    static final int MAX_BATCH = 256;
    /** How long a WAL restart waits for readers on older snapshots before it gives up until next time. */
    static final int RESTART_WAIT_MILLIS = 2;
    private static final System.Logger LOG = System.getLogger(GroupCommitWriter.class.getName());
    private static final String SAVEPOINT = "SAVEPOINT job";
    private static final String RELEASE = "RELEASE job";
    private static final Job<?> STOP = new Job<>(handle -> null, true);

    private final Jdbi jdbi;
    private final String synchronous;
    private String current;
    private final Function<RuntimeException, RuntimeException> translate;
    private final LinkedBlockingQueue<Job<?>> queue = new LinkedBlockingQueue<>();
    /**
     * The writer's page cache. Every webhook updates a call somewhere in the table and appends to
     * the outbox's indexes; with SQLite's default of 2 MB the writer read most of those pages back
     * from the operating system in every transaction (~200 reads per commit under ingest).
     */
    static final int WRITER_CACHE_KIB = 8 * 1024;
    private final Object submitLock = new Object();
    private final WalLimits walLimits;
    /** Set by the checkpointer when the WAL has grown past its limit; the writer restarts it. */
    private volatile boolean restartWanted;
    /** WAL restarts that succeeded (one may find a reader still on an old snapshot and fail). */
    private volatile long restarts;
    private volatile long restartingNanos;
    private final Thread thread;
    private final Thread checkpointer;
    private volatile boolean stopping;
    /** The statements {@link #kept} prepared, on the connection of {@code keptFor} (closed with it). */
    private final Map<String, PreparedStatement> keptStatements = new HashMap<>();
    private Handle keptFor;
    // Written by the writer thread alone, read by any (totals()): volatile, never contended.
    private volatile long transactions;
    private volatile long jobs;
    private volatile long writingNanos;
    private volatile long committingNanos;
    private volatile long durableTransactions;
    private volatile long durableCommittingNanos;

    GroupCommitWriter(Jdbi jdbi, String synchronous, Function<RuntimeException, RuntimeException> translate,
            String namePrefix) {
        this(jdbi, synchronous, translate, namePrefix, WalLimits.DEFAULT);
    }

    GroupCommitWriter(Jdbi jdbi, String synchronous, Function<RuntimeException, RuntimeException> translate,
            String namePrefix, WalLimits walLimits) {
        this.jdbi = jdbi;
        this.walLimits = walLimits;
        this.synchronous = synchronous;
        this.current = synchronous;
        this.translate = translate;
        // Linux shows the first 15 characters of a thread's name (top -H, /proc): these differ in them.
        this.thread = new Thread(this::run, namePrefix + "-writer");
        this.thread.setDaemon(true);
        this.checkpointer = new Thread(this::checkpoints, namePrefix + "-checkpoint");
        this.checkpointer.setDaemon(true);
        this.thread.start();
        this.checkpointer.start();
    }

    /**
     * Runs {@code work} in the next group transaction and returns once that transaction has
     * committed. Waits uninterruptibly: once queued the job may commit, and the caller must learn
     * whether it did.
     */
    <R> R write(HandleCallback<R, RuntimeException> work) {
        return submit(new Job<>(work, true));
    }

    /**
     * Like {@link #write}, for changes whose loss in a power cut is harmless (a lease, say): they
     * never wait for an fsync.
     */
    <R> R writeUnsynced(HandleCallback<R, RuntimeException> work) {
        return submit(new Job<>(work, false));
    }

    /**
     * Like {@link #write}, without waiting: the future completes once the job's transaction has
     * committed (or fails as {@link #write} would throw), on the writer thread. What the caller
     * chains to it runs there, before the writer takes its next batch, so it must be quick and
     * must not block.
     */
    <R> CompletableFuture<R> writeAsync(HandleCallback<R, RuntimeException> work) {
        Job<R> job = new Job<>(work, true);
        enqueue(job);
        // A copy: a caller completing or cancelling its future must not change what the writer reports.
        return job.outcome.copy();
    }

    private <R> R submit(Job<R> job) {
        enqueue(job);
        return job.await();
    }

    private void enqueue(Job<?> job) {
        if (Thread.currentThread() == thread) {
            throw new IllegalStateException("a write job cannot start another write job");
        }
        synchronized (submitLock) {
            if (stopping) {
                throw new IllegalStateException("the database is closed");
            }
            queue.add(job);
        }
    }

    /**
     * What the writer has done so far: jobs and transactions committed, and its time spent running
     * jobs, committing them and restarting the WAL (the rest of its time it waited for work).
     */
    @Override
    public Totals totals() {
        // The writer adds to each total before its durable part, so reading the parts first keeps
        // every part within its total even while a commit is being counted.
        long durableCommitting = durableCommittingNanos;
        long durable = durableTransactions;
        return new Totals(jobs, transactions, writingNanos, committingNanos, durable, durableCommitting,
                restarts, restartingNanos);
    }

    /** Jobs queued and not yet taken into a batch. */
    @Override
    public int writesWaiting() {
        return queue.size();
    }

    /** Finishes every job queued so far, then closes the writer's connection. */
    @Override
    public void close() {
        synchronized (submitLock) {
            if (stopping) {
                return;
            }
            stopping = true;
            queue.add(STOP);
        }
        boolean interrupted = false;
        checkpointer.interrupt();
        for (Thread stopped : List.of(thread, checkpointer)) {
            while (stopped.isAlive()) {
                try {
                    stopped.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        Handle handle = null;
        try {
            ArrayDeque<Job<?>> carried = new ArrayDeque<>();
            while (true) {
                List<Job<?>> batch = new ArrayList<>(carried);
                carried.clear();
                if (batch.isEmpty()) {
                    batch.add(queue.take());
                }
                queue.drainTo(batch, MAX_BATCH - batch.size());
                boolean stop = batch.remove(STOP);
                if (!batch.isEmpty()) {
                    try {
                        if (handle == null) {
                            handle = open();
                        }
                        // Unsynced jobs commit first on their own, so they never wait for the others' fsync.
                        List<Job<?>> unsynced = new ArrayList<>();
                        List<Job<?>> durable = new ArrayList<>();
                        batch.forEach(job -> (job.durable ? durable : unsynced).add(job));
                        if (!unsynced.isEmpty()) {
                            handle = runBatch(handle, unsynced, carried);
                        }
                        if (!durable.isEmpty()) {
                            handle = runBatch(handle, durable, carried);
                        }
                        if (restartWanted) {
                            restartWanted = false;
                            restartWal(handle);
                        }
                    } catch (RuntimeException | Error unexpected) {
                        // The connection could not be (re)opened, say: fail this batch, never hang its callers.
                        RuntimeException failure = unexpected instanceof RuntimeException
                                ? translate.apply((RuntimeException) unexpected)
                                : new IllegalStateException("the database writer failed", unexpected);
                        batch.forEach(job -> job.fail(failure));
                        carried.forEach(job -> job.fail(failure));
                        carried.clear();
                        handle = null;
                    }
                }
                if (stop && carried.isEmpty() && queue.isEmpty()) {
                    return;
                }
                if (stop) {
                    queue.add(STOP);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            LOG.log(Level.INFO, "writer stopped after {0} jobs in {1} transactions ({2} WAL restarts)", jobs, transactions,
                    restarts);
            if (handle != null) {
                try {
                    handle.close();
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "closing the writer connection failed: {0}", e.getClass().getSimpleName());
                }
            }
            for (Job<?> left; (left = queue.poll()) != null; ) {
                left.fail(new IllegalStateException("the database is closed"));
            }
        }
    }

    /**
     * One transaction for the whole batch. Jobs whose work was undone because the transaction
     * itself was lost (not just their savepoint) go to {@code carried} to run again next round.
     * Returns the handle to use next (a fresh one if this one broke).
     */
    private Handle runBatch(Handle handle, List<Job<?>> batch, ArrayDeque<Job<?>> carried) {
        List<Job<?>> done = new ArrayList<>(batch.size());
        long started = System.nanoTime();
        try {
            useSynchronous(handle, batch.get(0).durable ? synchronous : "OFF");
            handle.begin();
        } catch (RuntimeException e) {
            batch.forEach(job -> job.fail(translate.apply(e)));
            writingNanos += System.nanoTime() - started;
            return reopen(handle);
        }
        for (int i = 0; i < batch.size(); i++) {
            Job<?> job = batch.get(i);
            try {
                kept(handle, SAVEPOINT);
                job.run(handle);
                kept(handle, RELEASE);
                done.add(job);
            } catch (RuntimeException | Error failure) {
                job.fail(failure instanceof RuntimeException ? translate.apply((RuntimeException) failure) : failure);
                if (!undoJob(handle)) {
                    // The transaction is gone: whatever ran before is undone and must run again.
                    carried.addAll(done);
                    carried.addAll(batch.subList(i + 1, batch.size()));
                    writingNanos += System.nanoTime() - started;
                    return reopen(handle);
                }
            }
        }
        long committing = System.nanoTime();
        writingNanos += committing - started;
        boolean durable = batch.get(0).durable;
        try {
            handle.commit();
        } catch (RuntimeException e) {
            committed(durable, committing);
            RuntimeException failure = translate.apply(e);
            done.forEach(job -> job.fail(failure));
            return reopen(handle);
        }
        committed(durable, committing);
        // Counted before the callers learn of their commit: what they read of the counters then includes it.
        transactions++;
        if (durable) {
            durableTransactions++;
        }
        jobs += done.size();
        done.forEach(Job::complete);
        return handle;
    }

    /** Counts the time of a commit (or of a failed attempt at one) begun at {@code committing}. */
    private void committed(boolean durable, long committing) {
        long spent = System.nanoTime() - committing;
        committingNanos += spent;
        if (durable) {
            durableCommittingNanos += spent;
        }
    }

    /** Sets the writer connection's {@code synchronous}, unless it is set so already. */
    private void useSynchronous(Handle handle, String wanted) {
        if (!wanted.equals(current)) {
            sql(handle, "PRAGMA synchronous = " + wanted);
            current = wanted;
        }
    }

    private static boolean undoJob(Handle handle) {
        try {
            sql(handle, "ROLLBACK TO job");
            sql(handle, "RELEASE job");
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Plain JDBC for the writer's own bookkeeping statements: no binding, no result, run per job. */
    private static void sql(Handle handle, String statement) {
        try (Statement jdbc = handle.getConnection().createStatement()) {
            jdbc.execute(statement);
        } catch (SQLException e) {
            throw new IllegalStateException("writer statement failed: " + statement + ": " + e.getMessage(), e);
        }
    }

    /**
     * SAVEPOINT and RELEASE run for every job, on the one writer thread: prepared once per
     * connection instead of compiled by SQLite twice per job.
     */
    private void kept(Handle handle, String statement) {
        try {
            if (handle != keptFor) {
                keptStatements.clear();
                keptFor = handle;
            }
            PreparedStatement prepared = keptStatements.get(statement);
            if (prepared == null) {
                prepared = handle.getConnection().prepareStatement(statement);
                keptStatements.put(statement, prepared);
            }
            prepared.execute();
        } catch (SQLException e) {
            throw new IllegalStateException("writer statement failed: " + statement + ": " + e.getMessage(), e);
        }
    }

    private Handle reopen(Handle broken) {
        // The next connection may come from the pool with any setting: set it explicitly.
        current = "";
        try {
            broken.rollback();
        } catch (RuntimeException ignored) {
            // Already rolled back by SQLite, or the connection is unusable; a fresh one follows.
        }
        try {
            broken.close();
        } catch (RuntimeException ignored) {
            // Closing a broken connection may fail too; it is dropped either way.
        }
        return open();
    }

    private Handle open() {
        Handle handle = jdbi.open();
        sql(handle, "PRAGMA wal_autocheckpoint = 0");
        sql(handle, "PRAGMA cache_size = -" + WRITER_CACHE_KIB);
        // A restarted WAL is cut back to this size instead of keeping the file at its largest.
        sql(handle, "PRAGMA journal_size_limit = " + walLimits.sizeLimitBytes());
        return handle;
    }

    /**
     * Under writes that never pause the background checkpoints never catch up (frames are added
     * while each one copies), so SQLite never starts the WAL over and it grows without end: 900 MB
     * after a minute of webhooks, every page read searching a longer WAL index and every append
     * going to new blocks of the file. Between two batches, with no frame being added, the writer
     * copies the few frames the last background pass left and waits for readers still on old
     * snapshots (RESTART), so that its next transaction starts the WAL from the beginning. With the
     * durable setting: the copy must be on disk before the WAL it came from is overwritten.
     */
    private void restartWal(Handle handle) {
        long started = System.nanoTime();
        try {
            useSynchronous(handle, synchronous);
            // Readers are short; one still on an old snapshot after this is waited for next time instead.
            sql(handle, "PRAGMA busy_timeout = " + RESTART_WAIT_MILLIS);
            try {
                sql(handle, "PRAGMA wal_checkpoint(RESTART)");
            } finally {
                sql(handle, "PRAGMA busy_timeout = " + SqliteDatabase.BUSY_TIMEOUT_MILLIS);
            }
            restarts++;
        } catch (RuntimeException e) {
            // Readers held on past the busy timeout, say: the next pass over the limit tries again.
            LOG.log(Level.WARNING, "WAL restart failed: {0}", e.getClass().getSimpleName());
        } finally {
            restartingNanos += System.nanoTime() - started;
        }
    }

    private void checkpoints() {
        while (!stopping) {
            try {
                Thread.sleep(walLimits.checkpointEveryMillis());
            } catch (InterruptedException e) {
                return;
            }
            try {
                // (busy, frames in the WAL, frames copied to the database)
                int walFrames = jdbi.withHandle(handle -> handle.createQuery("PRAGMA wal_checkpoint(PASSIVE)")
                        .map((row, context) -> row.getInt(2)).one());
                if (walFrames >= walLimits.restartAtFrames()) {
                    restartWanted = true;
                }
            } catch (RuntimeException e) {
                if (!stopping) {
                    LOG.log(Level.WARNING, "WAL checkpoint failed: {0}", e.getClass().getSimpleName());
                }
            }
        }
    }

    /** A write waiting for its transaction to commit. */
    private static final class Job<R> {
        private final HandleCallback<R, RuntimeException> work;
        private final boolean durable;
        private final CompletableFuture<R> outcome = new CompletableFuture<>();
        private R result;

        Job(HandleCallback<R, RuntimeException> work, boolean durable) {
            this.work = work;
            this.durable = durable;
        }

        void run(Handle handle) {
            result = work.withHandle(handle);
        }

        void complete() {
            outcome.complete(result);
        }

        void fail(Throwable failure) {
            outcome.completeExceptionally(failure);
        }

        R await() {
            boolean interrupted = false;
            try {
                while (true) {
                    try {
                        return outcome.get();
                    } catch (InterruptedException e) {
                        interrupted = true;
                    } catch (ExecutionException e) {
                        Throwable cause = e.getCause();
                        if (cause instanceof RuntimeException) {
                            throw (RuntimeException) cause;
                        }
                        if (cause instanceof Error) {
                            throw (Error) cause;
                        }
                        throw new IllegalStateException(cause);
                    }
                }
            } finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}
