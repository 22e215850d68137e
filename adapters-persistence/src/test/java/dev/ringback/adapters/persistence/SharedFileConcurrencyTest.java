package dev.ringback.adapters.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ringback.application.testing.Fixtures;
import dev.ringback.application.testing.SequentialIds;
import dev.ringback.domain.account.Machine;
import dev.ringback.domain.account.User;
import dev.ringback.domain.call.CallRecord;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two stores on one file do not share the in-process write lock, as two Ringback processes
 * would not: SQLite's own locking (immediate transactions, busy timeout) must keep the outcome single.
 */
class SharedFileConcurrencyTest {
    private static final Instant T0 = Instant.parse("2025-01-15T10:00:00Z");

    @TempDir
    Path directory;

    @RegisterExtension
    final OpenDatabases databases = new OpenDatabases();


    @Test
    void completionsThroughTwoStoresStillRecordExactlyOne() throws Exception {
        Path file = directory.resolve("ringback.db");
        SqlitePersistence first = databases.open(file);
        SqlitePersistence second = databases.open(file);
        User alice = Fixtures.user("alice");
        Machine machine = Fixtures.machine("machine-a", alice.id(), "gateway-token-a");
        first.users().save(alice);
        first.machines().save(machine);
        int rounds = 5;
        int threads = 6;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            for (int round = 0; round < rounds; round++) {
                CallRecord call = Fixtures.outboundCall("call-" + round, machine, T0.plusSeconds(round));
                first.calls().insert(call);
                CountDownLatch start = new CountDownLatch(1);
                List<Future<Boolean>> results = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    SqlitePersistence store = t % 2 == 0 ? first : second;
                    CallRecord ended = Fixtures.completed(call, 10 + t, T0.plusSeconds(100));
                    SequentialIds ids = new SequentialIds("r" + round + "-t" + t + "-");
                    Callable<Boolean> attempt = () -> {
                        start.await();
                        return store.calls().recordCompletion(ended, Fixtures.deliveriesFor(ended, ids, T0.plusSeconds(100)));
                    };
                    results.add(pool.submit(attempt));
                }
                start.countDown();
                int wins = 0;
                for (Future<Boolean> result : results) {
                    wins += result.get(30, TimeUnit.SECONDS) ? 1 : 0;
                }

                assertThat(wins).as("round %d", round).isEqualTo(1);
                assertThat(second.deliveries().findByCall(call.id())).hasSize(2);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
