package dev.ringback.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class OwedWatchTest {
    @Test
    void owesTwoDeliveriesPerWebhookSentLessWhatTheGatewayGot() throws IOException {
        AtomicLong sent = new AtomicLong();
        try (GatewayDouble gateway = new GatewayDouble(); HttpConnection connection = new HttpConnection(gateway.port())) {
            Bench.OwedWatch watch = new Bench.OwedWatch(new Bench.CpuWindow(ProcessHandle.current().pid()), sent, gateway);
            sent.set(10);
            for (int i = 0; i < 5; i++) {
                connection.exchange(HttpConnection.post("/hooks/agent", "", "{}".getBytes(StandardCharsets.UTF_8)));
            }

            watch.opened();
            sent.set(12);
            connection.exchange(HttpConnection.post("/hooks/agent", "", "{}".getBytes(StandardCharsets.UTF_8)));
            watch.closed();

            assertThat(watch.atOpen).isEqualTo(2 * 10 - 5);
            assertThat(watch.atClose).isEqualTo(2 * 12 - 6);
        }
    }
}
