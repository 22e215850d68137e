package dev.ringback.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class StoreMeterTest {
    private static final String METRICS = "# TYPE ringback_deliveries gauge\n"
            + "ringback_deliveries{state=\"pending\"} 4\n"
            + "ringback_store_writes_total 1400\n"
            + "ringback_store_commits_total 100\n"
            + "ringback_store_writer_seconds_total{doing=\"writing\"} 4.500000000\n"
            + "ringback_store_writer_seconds_total{doing=\"committing\"} 5.000000000\n"
            + "ringback_store_writer_seconds_total{doing=\"restarting\"} 0.100000000\n"
            + "ringback_store_wal_restarts_total 7\n"
            + "ringback_store_durable_commits_total 40\n"
            + "ringback_store_durable_commit_seconds_total 4.000000000\n";

    @Test
    void theWritersShareOfAWindowFromTwoReadingsOfItsCounters() {
        StoreMeter.Snapshot before = StoreMeter.Snapshot.parse(METRICS).orElseThrow();
        StoreMeter.Snapshot after = new StoreMeter.Snapshot(2_800, 200, 9.0, 10.0, 90, 8.5, 37, 0.3);

        assertThat(after.since(before).over(10)).isEqualTo("busy 97 % of the window (writing 45 %, committing 50 %,"
                + " restarting the WAL 2 %, 30 times); 14.0 writes per commit; 50 of 100 commits durable, of 90.00 ms each");
        assertThat(before.since(before).over(10)).isEqualTo("no commits");
    }

    @Test
    void aServerWithoutTheCountersGivesNone() {
        assertThat(StoreMeter.Snapshot.parse("ringback_deliveries{state=\"pending\"} 4\n")).isEmpty();
    }

    @Test
    void readsTheServersMetricsWithTheTokenItGaveIt() throws Exception {
        AtomicReference<String> authorization = new AtomicReference<>();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/metrics", exchange -> {
            authorization.set(exchange.getRequestHeaders().getFirst("Authorization"));
            byte[] body = METRICS.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            Optional<StoreMeter.Snapshot> read = new StoreMeter(server.getAddress().getPort()).snapshot();

            assertThat(read).contains(new StoreMeter.Snapshot(1_400, 100, 4.5, 5.0, 40, 4.0, 7, 0.1));
            assertThat(authorization.get()).isEqualTo("Bearer " + StoreMeter.TOKEN);
        } finally {
            server.stop(0);
        }
    }

    @Test
    void theThreadsWaitingForACoreAsShareOfTheWindow() {
        CpuMeter.Snapshot spent = new CpuMeter.Snapshot(Map.of("sqlite-writer", 1L), 10,
                Map.of("sqlite-writer", 1_600_000_000L, "XNIO-# I/O-#", 3_800_000_000L, "VM Thread", 100_000_000L));

        assertThat(spent.waitingOver(10)).isEqualTo("XNIO-# I/O-# 38 %, sqlite-writer 16 %");
    }
}
