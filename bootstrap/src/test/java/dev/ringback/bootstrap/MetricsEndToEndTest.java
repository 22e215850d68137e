package dev.ringback.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The standalone server's {@code /metrics}, with the token an operator set, over a real outbox. */
class MetricsEndToEndTest {
    private static final String TOKEN = "metrics-token-0123456789";

    @TempDir
    Path dir;

    private StandaloneHarness harness;

    @AfterEach
    void stop() {
        if (harness != null) {
            harness.close();
        }
    }

    private HttpResponse<String> metrics() throws Exception {
        return java.net.http.HttpClient.newHttpClient().send(HttpRequest.newBuilder(harness.url("/metrics"))
                .header("Authorization", "Bearer " + TOKEN).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aCallsTwoDeliveriesShowAsDeliveredAndNothingOwed() throws Exception {
        harness = new StandaloneHarness(dir);
        harness.env.put("RINGBACK_METRICS_TOKEN", TOKEN);
        harness.start().withUserAda();

        String call = harness.placeAndEnd(harness.gateway, "+12025550105", "agent:main:counted");
        StandaloneHarness.await("delivered", () -> harness.deliveriesSettled(call));
        HttpResponse<String> response = metrics();

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("ringback_deliveries{state=\"delivered\"} 2\n",
                "ringback_deliveries{state=\"pending\"} 0\n", "ringback_oldest_owed_seconds 0\n");
        // The call, its end and its deliveries were all written by the store's one writer, which says so.
        long writes = counter(response.body(), "ringback_store_writes_total ");
        long commits = counter(response.body(), "ringback_store_commits_total ");
        assertThat(writes).isGreaterThanOrEqualTo(3);
        assertThat(commits).isBetween(1L, writes);
        // The call's end and its deliveries waited for durability; the delivery leases did not.
        assertThat(counter(response.body(), "ringback_store_durable_commits_total ")).isBetween(1L, commits - 1);
        assertThat(counter(response.body(), "ringback_store_writes_waiting ")).isNotNegative();
        assertThat(response.body()).containsPattern("ringback_store_writer_seconds_total\\{doing=\"committing\"\\} 0\\.\\d{9}\n");
    }

    private static long counter(String text, String prefix) {
        return text.lines().filter(line -> line.startsWith(prefix)).map(line -> Long.parseLong(line.substring(prefix.length())))
                .findFirst().orElseThrow(() -> new AssertionError("no " + prefix.trim() + " in " + text));
    }

    @Test
    void withoutTheSettingThereIsNoMetricsPath() throws Exception {
        harness = new StandaloneHarness(dir);
        harness.start().withUserAda();

        assertThat(metrics().statusCode()).isEqualTo(404);
    }
}
