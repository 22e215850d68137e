package dev.ringback.adapters.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ringback.application.port.out.StoreActivity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * Writes that never pause, with readers running all along, must not let the WAL grow without
 * end: the background checkpoints never catch up on their own, so SQLite would never start the
 * WAL over (a minute of webhooks left a 900 MB WAL).
 */
class WalRestartTest {
    private static final int THREADS = 4;
    private static final int ROWS_PER_THREAD = 2_500;
    private static final String BODY = "x".repeat(2_000);

    @TempDir
    Path directory;

    @Test
    void theWalIsStartedOverAndCutBackWhileWritesNeverPause() throws Exception {
        Path file = directory.resolve("wal.db");
        Path wal = Path.of(file + "-wal");
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setBusyTimeout(5_000);
        SQLiteDataSource source = new SQLiteDataSource(config);
        source.setUrl("jdbc:sqlite:" + file);
        Jdbi jdbi = Jdbi.create(source);
        long limit = 256 * 1024;
        ExecutorService threads = Executors.newFixedThreadPool(THREADS + 1);
        AtomicBoolean writing = new AtomicBoolean(true);
        try (Connection keeper = source.getConnection();
                GroupCommitWriter writer = new GroupCommitWriter(jdbi, "NORMAL", e -> e, "wal-test",
                        new WalLimits(10, 64, limit))) {
            writer.write(handle -> handle.execute("CREATE TABLE rows (id INTEGER PRIMARY KEY, body TEXT NOT NULL)"));
            List<Future<?>> writers = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                writers.add(threads.submit(() -> {
                    for (int i = 0; i < ROWS_PER_THREAD; i++) {
                        writer.write(handle -> handle.execute("INSERT INTO rows (body) VALUES (?)", BODY));
                    }
                }));
            }
            // A reader on a connection of its own, as the server's pooled readers: short reads, one after another.
            Future<?> reader = threads.submit(() -> {
                try (org.jdbi.v3.core.Handle handle = jdbi.open()) {
                    while (writing.get()) {
                        handle.createQuery("SELECT MAX(id) FROM rows").mapTo(Long.class).findOne();
                    }
                }
            });
            long largest = 0;
            for (Future<?> w : writers) {
                while (!w.isDone()) {
                    largest = Math.max(largest, Files.exists(wal) ? Files.size(wal) : 0);
                    Thread.onSpinWait();
                }
                w.get();
            }
            writing.set(false);
            reader.get(10, TimeUnit.SECONDS);
            long written = (long) THREADS * ROWS_PER_THREAD * BODY.length();

            long rows = jdbi.withHandle(handle -> handle.createQuery("SELECT COUNT(*) FROM rows").mapTo(Long.class).one());
            assertThat(rows).isEqualTo((long) THREADS * ROWS_PER_THREAD);
            assertThat(largest).as("largest WAL while %d MB were written", written >> 20).isLessThan(written / 4);
            // What kept it small shows in the writer's counters, as operators see them.
            StoreActivity.Totals activity = writer.totals();
            assertThat(activity.walRestarts()).isPositive();
            assertThat(activity.restartingNanos()).isPositive();
            assertThat(activity.writes()).isEqualTo(1L + (long) THREADS * ROWS_PER_THREAD);
        } finally {
            threads.shutdownNow();
        }
    }
}
