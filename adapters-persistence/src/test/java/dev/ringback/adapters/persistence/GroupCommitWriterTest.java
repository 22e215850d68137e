package dev.ringback.adapters.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ringback.application.port.out.StoreActivity;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class GroupCommitWriterTest {
    @TempDir
    Path directory;

    @RegisterExtension
    final OpenDatabases databases = new OpenDatabases();
    private final ExecutorService threads = Executors.newFixedThreadPool(8);
    private SqliteDatabase database;

    @BeforeEach
    void openDatabase() {
        database = databases.open(directory.resolve("ringback.db")).database();
        database.write(handle -> handle.execute("CREATE TABLE counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL)"));
    }

    @AfterEach
    void stopThreads() throws InterruptedException {
        threads.shutdownNow();
        threads.awaitTermination(10, TimeUnit.SECONDS);
    }

    private int count(String name) {
        return database.read(handle -> handle.createQuery("SELECT COUNT(*) FROM counters WHERE name = :name")
                .bind("name", name).mapTo(Integer.class).one());
    }

    /** Holds the writer busy so that the jobs submitted meanwhile are sure to share one batch. */
    private CountDownLatch blockWriter() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch running = new CountDownLatch(1);
        threads.submit(() -> database.write(handle -> {
            running.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return null;
        }));
        running.await();
        return release;
    }

    @Test
    void aFailingJobIsUndoneAloneAndTheOthersInItsBatchCommit() throws Exception {
        CountDownLatch release = blockWriter();
        List<Future<Integer>> good = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String name = "good-" + i;
            good.add(threads.submit(() -> database.write(handle -> handle.createUpdate(
                    "INSERT INTO counters (name, value) VALUES (:name, 1)").bind("name", name).execute())));
        }
        // Fails whatever its place in the batch: the jobs reach the writer in no set order, and a
        // failure that depended on good-0 being written first failed good-0 instead when it came later.
        Future<Integer> bad = threads.submit(() -> database.write(handle -> {
            handle.execute("INSERT INTO counters (name, value) VALUES ('bad', 1)");
            return handle.execute("INSERT INTO counters (name, value) VALUES ('bad-too', NULL)");
        }));
        release.countDown();

        for (Future<Integer> future : good) {
            assertThat(future.get(10, TimeUnit.SECONDS)).isEqualTo(1);
        }
        assertThatThrownBy(() -> bad.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(IllegalStateException.class);
        assertThat(count("bad")).isZero();
        for (int i = 0; i < 5; i++) {
            assertThat(count("good-" + i)).isEqualTo(1);
        }
    }

    @Test
    void conditionalWritesInOneBatchSeeTheJobsAheadOfThem() throws Exception {
        database.write(handle -> handle.execute("INSERT INTO counters (name, value) VALUES ('call', 0)"));
        CountDownLatch release = blockWriter();
        List<Future<Boolean>> racers = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            racers.add(threads.submit(() -> database.write(handle ->
                    handle.execute("UPDATE counters SET value = 1 WHERE name = 'call' AND value = 0") == 1)));
        }
        release.countDown();

        int winners = 0;
        for (Future<Boolean> racer : racers) {
            winners += racer.get(10, TimeUnit.SECONDS) ? 1 : 0;
        }
        assertThat(winners).isEqualTo(1);
    }

    @Test
    void unsyncedWritesAreVisibleAtOnceAndStayAfterReopening() {
        database.writeUnsynced(handle -> handle.execute("INSERT INTO counters (name, value) VALUES ('lease', 1)"));
        assertThat(count("lease")).isEqualTo(1);

        databases.close();
        database = databases.open(directory.resolve("ringback.db")).database();

        assertThat(count("lease")).isEqualTo(1);
        String synchronous = database.read(handle -> handle.createQuery("PRAGMA synchronous").mapTo(String.class).one());
        assertThat(synchronous).isEqualTo("2");
    }

    @Test
    void aWriteJobCannotNestAnother() {
        assertThatThrownBy(() -> database.write(handle -> database.write(inner -> 1)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cannot start another write job");
    }

    @Test
    void anAsynchronousWriteCompletesOnTheWriterOnceCommittedWithoutHoldingItsCaller() throws Exception {
        CountDownLatch release = blockWriter();
        AtomicReference<String> completedOn = new AtomicReference<>();
        CompletableFuture<Integer> written = database.writeAsync(handle ->
                handle.execute("INSERT INTO counters (name, value) VALUES ('async', 1)"));
        CompletableFuture<Integer> chained = written.whenComplete((rows, failure) -> completedOn.set(Thread.currentThread().getName()));

        // The caller got its future back while the writer was still busy with the job ahead.
        assertThat(written).isNotDone();
        release.countDown();

        assertThat(chained.get(10, TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(completedOn.get()).isEqualTo("sqlite-writer");
        assertThat(count("async")).isEqualTo(1);
    }

    @Test
    void aFailedAsynchronousWriteFailsItsFutureAndIsUndone() {
        database.write(handle -> handle.execute("INSERT INTO counters (name, value) VALUES ('taken', 1)"));

        CompletableFuture<Integer> clash = database.writeAsync(handle -> {
            handle.execute("INSERT INTO counters (name, value) VALUES ('half', 1)");
            return handle.execute("INSERT INTO counters (name, value) VALUES ('taken', 2)");
        });

        assertThatThrownBy(() -> clash.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(IllegalStateException.class);
        assertThat(count("half")).isZero();
    }

    @Test
    void cancellingTheCallersFutureDoesNotStopTheCommit() throws Exception {
        CountDownLatch release = blockWriter();
        CompletableFuture<Integer> written = database.writeAsync(handle ->
                handle.execute("INSERT INTO counters (name, value) VALUES ('kept', 1)"));
        written.cancel(true);
        release.countDown();

        // A later write commits after the cancelled one: by then, that one is in the database.
        database.write(handle -> 0);
        assertThat(count("kept")).isEqualTo(1);
    }

    @Test
    void writesAfterCloseAreRefused() {
        databases.close();

        assertThatThrownBy(() -> database.write(handle -> 1)).isInstanceOf(IllegalStateException.class);
        assertThat(database.writeAsync(handle -> 1)).failsWithin(Duration.ZERO)
                .withThrowableOfType(ExecutionException.class)
                .withCauseInstanceOf(IllegalStateException.class);
    }

    @Test
    void theActivityCountsWritesCommitsAndTheWritersTimeInEach() throws Exception {
        StoreActivity.Totals before = database.activity().totals();
        CountDownLatch release = blockWriter();
        long heldFrom = System.nanoTime();
        List<CompletableFuture<Integer>> queued = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            String name = "queued-" + i;
            queued.add(database.writeAsync(handle -> handle.createUpdate(
                    "INSERT INTO counters (name, value) VALUES (:name, 1)").bind("name", name).execute()));
        }
        long heldFor = System.nanoTime() - heldFrom;
        assertThat(database.activity().writesWaiting()).as("the ten behind the held one").isEqualTo(10);
        release.countDown();
        // The held batch committed (and was counted) before the queued one began.
        for (CompletableFuture<Integer> write : queued) {
            assertThat(write.get(10, TimeUnit.SECONDS)).isEqualTo(1);
        }

        StoreActivity.Totals after = database.activity().totals();
        // The held job's batch, then the ten queued behind it in one transaction.
        assertThat(after.writes() - before.writes()).isEqualTo(11);
        assertThat(after.commits() - before.commits()).isEqualTo(2);
        assertThat(after.writingNanos() - before.writingNanos()).isGreaterThanOrEqualTo(heldFor);
        assertThat(after.committingNanos()).isGreaterThan(before.committingNanos());
        assertThat(after.durableCommits() - before.durableCommits()).isEqualTo(2);
    }

    @Test
    void aCommitOfWritesThatNeedNoSyncIsNotCountedAsDurable() {
        StoreActivity.Totals before = database.activity().totals();

        database.writeUnsynced(handle -> handle.execute("INSERT INTO counters (name, value) VALUES ('lease', 1)"));
        StoreActivity.Totals afterUnsynced = database.activity().totals();
        database.write(handle -> handle.execute("INSERT INTO counters (name, value) VALUES ('outcome', 1)"));
        StoreActivity.Totals afterDurable = database.activity().totals();

        assertThat(afterUnsynced.commits() - before.commits()).isEqualTo(1);
        assertThat(afterUnsynced.durableCommits()).isEqualTo(before.durableCommits());
        assertThat(afterUnsynced.durableCommittingNanos()).isEqualTo(before.durableCommittingNanos());
        assertThat(afterUnsynced.committingNanos()).isGreaterThan(before.committingNanos());
        assertThat(afterDurable.durableCommits() - afterUnsynced.durableCommits()).isEqualTo(1);
        assertThat(afterDurable.durableCommittingNanos()).isGreaterThan(afterUnsynced.durableCommittingNanos());
    }

    /** A scrape of /metrics reads the counters while the writer counts: it must never see a part above its whole. */
    @Test
    void theCountersReadWhileCommitsAreCountedStayConsistent() throws Exception {
        AtomicBoolean writing = new AtomicBoolean(true);
        Future<Long> reads = threads.submit(() -> {
            long n = 0;
            while (writing.get()) {
                StoreActivity.Totals totals = database.activity().totals();
                assertThat(totals.durableCommits()).isLessThanOrEqualTo(totals.commits());
                n++;
            }
            return n;
        });
        try {
            for (int i = 0; i < 1_000; i++) {
                String name = "n-" + i;
                database.write(handle -> handle.execute("INSERT INTO counters (name, value) VALUES (?, 1)", name));
            }
        } finally {
            writing.set(false);
        }

        assertThat(reads.get(10, TimeUnit.SECONDS)).isPositive();
    }
}
