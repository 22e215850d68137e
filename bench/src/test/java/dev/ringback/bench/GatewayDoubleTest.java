package dev.ringback.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The gateway double answers as Ringback counts a delivery delivered, and counts what it got. */
class GatewayDoubleTest {
    private static byte[] hook(String idempotencyKey) {
        return HttpConnection.post("/hooks/agent", "Idempotency-Key: " + idempotencyKey + "\r\n",
                "{\"message\":\"hi\"}".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void acceptsEveryRequestAndNotesWhenEachCallsNotificationCame() throws IOException {
        try (GatewayDouble gateway = new GatewayDouble(); HttpConnection connection = new HttpConnection(gateway.port())) {
            long before = System.nanoTime();

            assertThat(connection.exchange(hook(GatewayDouble.HOOK_PREFIX + "call-1"))).isEqualTo(200);
            assertThat(connection.exchange(hook("some-other-key"))).isEqualTo(200);
            assertThat(connection.exchange(HttpConnection.post("/tools/invoke", "", new byte[10]))).isEqualTo(200);

            assertThat(gateway.requests).hasValue(3);
            assertThat(gateway.notifiedAt).containsOnlyKeys("call-1");
            assertThat(gateway.notifiedAt.get("call-1")).isBetween(before, System.nanoTime());
            assertThat(gateway.firstAt.get()).isLessThanOrEqualTo(gateway.lastAt.get());

            gateway.reset();
            assertThat(gateway.requests).hasValue(0);
            assertThat(gateway.notifiedAt).isEmpty();
        }
    }

    @Test
    void aRepeatedKeyKeepsItsFirstArrival() throws IOException {
        try (GatewayDouble gateway = new GatewayDouble(); HttpConnection connection = new HttpConnection(gateway.port())) {
            connection.exchange(hook(GatewayDouble.HOOK_PREFIX + "call-1"));
            long first = gateway.notifiedAt.get("call-1");

            connection.exchange(hook(GatewayDouble.HOOK_PREFIX + "call-1"));

            assertThat(gateway.notifiedAt.get("call-1")).isEqualTo(first);
            assertThat(gateway.requests).hasValue(2);
        }
    }
}
