package dev.ringback.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ringback.adapters.http.bland.BlandSignature;
import dev.ringback.application.testing.FixedClock;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Flow;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The webhook has its own, smaller body limit than the rest of the API. */
class WebhookBodyLimitTest {
    private static final int GENERAL_LIMIT = 4 * 1024 * 1024;
    private static final String WEBHOOK = "/api/webhooks/bland/status";

    private final ApiHarness api = ApiHarness.withSecurity(GENERAL_LIMIT, AuthThrottleSettings.DEFAULT, new FixedClock());

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void aSignedWebhookOverTheWebhookLimitIs413EvenUnderTheGeneralLimit() {
        String big = padded(BlandWebhookHandler.MAX_WEBHOOK_BODY_BYTES + 1);
        assertThat(big.length()).isLessThan(GENERAL_LIMIT);

        ApiHarness.Response response = api.post(WEBHOOK, big, BlandSignature.HEADER, BlandWebhookEndpointTest.sign(big));

        assertThat(response.status()).isEqualTo(413);
        assertThat(response.json().path("error").asText()).isEqualTo(RequestBodies.TOO_LARGE);
        assertThat(api.recordOutcome.reports).isEmpty();
    }

    @Test
    void aChunkedWebhookThatGrowsPastTheLimitIs413Too() {
        String big = padded(BlandWebhookHandler.MAX_WEBHOOK_BODY_BYTES + 10_000);
        // No Content-Length: the limit must hold while reading.
        Flow.Publisher<ByteBuffer> chunks = BodyPublishers.ofString(big);
        ApiHarness.Response response = api.post(WEBHOOK, BodyPublishers.fromPublisher(chunks),
                BlandSignature.HEADER, BlandWebhookEndpointTest.sign(big));

        assertThat(response.status()).isEqualTo(413);
        assertThat(api.recordOutcome.reports).isEmpty();
    }

    @Test
    void aLargeButSaneSignedWebhookIsAccepted() {
        String large = padded(BlandWebhookHandler.MAX_WEBHOOK_BODY_BYTES - 1024);

        ApiHarness.Response response = api.post(WEBHOOK, large, BlandSignature.HEADER, BlandWebhookEndpointTest.sign(large));

        assertThat(response.status()).isEqualTo(200);
        assertThat(api.recordOutcome.reports).hasSize(1);
    }

    @Test
    void otherEndpointsKeepTheGeneralLimit() {
        String body = "{\"to\":\"+14155550123\",\"task\":\"" + "x".repeat(BlandWebhookHandler.MAX_WEBHOOK_BODY_BYTES) + "\"}";

        ApiHarness.Response response = api.post("/api/user/call", body,
                "Authorization", ApiHarness.bearer(TestData.ALICE_GATEWAY_TOKEN));

        assertThat(response.status()).isNotEqualTo(413);
    }

    /** The test completion with a transcript padded so that the whole body is exactly {@code size} bytes. */
    private static String padded(int size) {
        String base = BlandWebhookEndpointTest.COMPLETION;
        int pad = size - base.getBytes(StandardCharsets.UTF_8).length;
        return base.replace("They open at 9.", "They open at 9." + "x".repeat(pad));
    }
}
