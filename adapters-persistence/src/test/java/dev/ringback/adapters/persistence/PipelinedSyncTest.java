package dev.ringback.adapters.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Under {@code synchronous=FULL} the writer commits without a sync and a thread of its own syncs
 * the WAL: nothing may be answered, or read from another connection, before the sync that covers
 * it. A disk whose syncs the test holds, lets through or fails stands in for the file.
 */
class PipelinedSyncTest {
    private static final Duration PATIENCE = Duration.ofSeconds(10);

    @TempDir
    Path directory;

    private final HeldDisk disk = new HeldDisk();
    private SqliteDatabase database;

    private SqliteDatabase open(String synchronous) {
        database = SqliteDatabase.open(new PersistenceSettings(directory.resolve("ringback.db"), synchronous),
                jdbi -> {}, disk);
        database.write(handle -> handle.execute("CREATE TABLE counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL)"));
        return database;
    }

    @AfterEach
    void close() {
        disk.letAllThrough();
        if (database != null) {
            database.close();
        }
    }

    private CompletableFuture<Integer> insert(String name) {
        return database.writeAsync(handle -> handle.execute("INSERT INTO counters (name, value) VALUES (?, 1)", name));
    }

    /** What another connection sees now, without waiting for any sync. */
    private int visible(String name) {
        return database.lookup("SELECT COUNT(*) FROM counters WHERE name = ?", statement -> statement.setString(1, name),
                rows -> rows.next() ? rows.getInt(1) : 0);
    }

    @Test
    void aDurableWriteIsAnsweredOnlyAfterItsSyncWhileTheWriterGoesOn() throws Exception {
        open("FULL");
        disk.hold();
        CompletableFuture<Integer> first = insert("first");
        disk.awaitSyncHeld();

        // Committed and visible, not yet durable: not answered.
        assertThat(visible("first")).isEqualTo(1);
        assertThat(first).isNotDone();
        // The writer did not wait for that sync: the next batch commits meanwhile.
        CompletableFuture<Integer> second = insert("second");
        awaitTrue(() -> visible("second") == 1);
        assertThat(first).isNotDone();
        assertThat(second).isNotDone();

        disk.letAllThrough();
        assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(second.get(10, TimeUnit.SECONDS)).isEqualTo(1);
    }

    @Test
    void aReadOnAnotherConnectionReturnsOnlyOnceWhatItCouldHaveSeenIsSynced() throws Exception {
        open("FULL");
        disk.hold();
        CompletableFuture<Integer> written = insert("outcome");
        disk.awaitSyncHeld();

        AtomicInteger seen = new AtomicInteger(-1);
        Thread reader = new Thread(() -> seen.set(database.read(handle -> handle.createQuery(
                "SELECT COUNT(*) FROM counters WHERE name = 'outcome'").mapTo(Integer.class).one())));
        reader.start();
        awaitTrue(() -> reader.getState() == Thread.State.WAITING);
        assertThat(seen.get()).as("nothing returned before the sync").isEqualTo(-1);

        disk.letAllThrough();
        reader.join(PATIENCE.toMillis());
        assertThat(seen.get()).isEqualTo(1);
        assertThat(written.get(10, TimeUnit.SECONDS)).isEqualTo(1);
    }

    @Test
    void aWriteThatNeedsNoSyncStillWaitsForTheDurableCommitsBeforeIt() throws Exception {
        open("FULL");
        disk.hold();
        CompletableFuture<Integer> outcome = insert("outcome");
        disk.awaitSyncHeld();

        // A claim reads what the outcome wrote: it must not be acted on before that is durable.
        CompletableFuture<Integer> claim = CompletableFuture.supplyAsync(() -> database.writeUnsynced(
                handle -> handle.execute("INSERT INTO counters (name, value) SELECT 'claim', value FROM counters"
                        + " WHERE name = 'outcome'")));
        awaitTrue(() -> visible("claim") == 1);
        assertThat(claim).isNotDone();

        disk.letAllThrough();
        assertThat(claim.get(10, TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(outcome).isCompletedWithValue(1);
    }

    @Test
    void aWriteThatNeedsNoSyncAfterEverythingIsSyncedCompletesAtOnce() {
        open("FULL");
        database.write(handle -> handle.execute("INSERT INTO counters (name, value) VALUES ('outcome', 1)"));
        disk.hold();

        // Nothing durable is waiting for a sync, so the held disk must not hold this up.
        int rows = database.writeUnsynced(handle -> handle.execute(
                "INSERT INTO counters (name, value) VALUES ('lease', 1)"));
        assertThat(rows).isEqualTo(1);
    }

    @Test
    void aFailedSyncFailsItsWritesAndEveryLaterOneAndTheDatabaseReportsItself() throws Exception {
        open("FULL");
        disk.hold();
        CompletableFuture<Integer> lost = insert("lost");
        disk.awaitSyncHeld();
        disk.failWith(new IOException("the disk went away"));
        disk.letAllThrough();

        assertThatThrownBy(() -> lost.get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("could not make its writes durable");
        assertThatThrownBy(() -> database.write(handle -> handle.execute(
                "INSERT INTO counters (name, value) VALUES ('later', 1)")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("restart the server");
        assertThat(visible("later")).as("refused before it was written").isZero();
        assertThatThrownBy(() -> database.read(handle -> handle.createQuery("SELECT COUNT(*) FROM counters")
                .mapTo(Integer.class).one()))
                .isInstanceOf(IllegalStateException.class);
        assertThat(database.isHealthy()).isFalse();
    }

    @Test
    void whatFollowsAWritesCompletionCannotWaitForTheSyncThatCompletesIt() throws Exception {
        open("FULL");
        disk.hold();
        CompletableFuture<Integer> first = insert("first");
        disk.awaitSyncHeld();
        CompletableFuture<Integer> second = insert("second");
        awaitTrue(() -> visible("second") == 1);
        // Runs on the sync thread once the first is synced, while the second still waits for a sync.
        CompletableFuture<Integer> readAfter = first.thenApply(rows -> database.read(handle -> handle.createQuery(
                "SELECT COUNT(*) FROM counters").mapTo(Integer.class).one()));
        CompletableFuture<Integer> writeAfter = first.thenApply(rows -> database.write(handle -> handle.execute(
                "INSERT INTO counters (name, value) VALUES ('after', 1)")));

        disk.letAllThrough();
        for (CompletableFuture<Integer> refused : List.of(readAfter, writeAfter)) {
            assertThatThrownBy(() -> refused.get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("cannot wait for the database's syncs");
        }
        assertThat(second.get(10, TimeUnit.SECONDS)).isEqualTo(1);
    }

    @Test
    void underExtraSqliteSyncsAtCommitOnTheWriterAndTheSyncThreadIsNotUsed() throws Exception {
        open("EXTRA");
        AtomicReference<String> completedOn = new AtomicReference<>();

        CompletableFuture<Integer> written = insert("extra")
                .whenComplete((rows, failure) -> completedOn.set(Thread.currentThread().getName()));

        assertThat(written.get(10, TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(completedOn.get()).isIn("sqlite-writer", Thread.currentThread().getName());
        assertThat(disk.syncs()).isZero();
        assertThat(database.activity().totals().syncs()).isZero();
    }

    @Test
    void theHeldDiskHoldsOnlyOnceAskedAndCountsItsSyncs() throws Exception {
        HeldDisk held = new HeldDisk();
        held.sync();
        assertThat(held.syncs()).isEqualTo(1);

        held.hold();
        Thread syncing = new Thread(() -> {
            try {
                held.sync();
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        });
        syncing.start();
        held.awaitSyncHeld();
        assertThat(syncing.isAlive()).isTrue();
        held.letAllThrough();
        syncing.join(PATIENCE.toMillis());
        assertThat(syncing.isAlive()).isFalse();
        assertThat(held.syncs()).isEqualTo(2);
    }

    private static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
        Instant deadline = Instant.now().plus(PATIENCE);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("condition not met within " + PATIENCE);
            }
            Thread.onSpinWait();
            Thread.sleep(1);
        }
    }

    /** A disk whose syncs pass until held; a held sync waits until let through, then fails if told to. */
    static final class HeldDisk implements WalSync.Disk {
        private final Semaphore gate = new Semaphore(0);
        private final Semaphore entered = new Semaphore(0);
        private final AtomicInteger syncs = new AtomicInteger();
        private volatile boolean holding;
        private volatile IOException failure;

        @Override
        public void sync() throws IOException {
            syncs.incrementAndGet();
            if (holding) {
                entered.release();
                gate.acquireUninterruptibly();
            }
            if (failure != null) {
                throw failure;
            }
        }

        void hold() {
            holding = true;
        }

        void awaitSyncHeld() throws InterruptedException {
            assertThat(entered.tryAcquire(PATIENCE.toMillis(), TimeUnit.MILLISECONDS))
                    .as("a sync reached the held disk").isTrue();
        }

        void failWith(IOException e) {
            failure = e;
        }

        void letAllThrough() {
            holding = false;
            gate.release(1_000);
        }

        int syncs() {
            return syncs.get();
        }
    }
}
