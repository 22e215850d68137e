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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The webhook takes bodies up to the general limit: a long call's completion is large. */
class WebhookBodyLimitTest {
    private static final int GENERAL_LIMIT = 1024 * 1024;
    private static final String WEBHOOK = "/api/webhooks/bland/status";

    private final ApiHarness api = ApiHarness.withSecurity(GENERAL_LIMIT, AuthThrottleSettings.DEFAULT, new FixedClock());

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void aSignedWebhookOverTheLimitIs413() {
        String big = padded(GENERAL_LIMIT + 1);

        ApiHarness.Response response = api.post(WEBHOOK, big, BlandSignature.HEADER, BlandWebhookEndpointTest.sign(big));

        assertThat(response.status()).isEqualTo(413);
        assertThat(response.json().path("error").asText()).isEqualTo(RequestBodies.TOO_LARGE);
        assertThat(api.recordOutcome.reports).isEmpty();
    }

    /** ~900 KB: a completion of a call of some seven hours, over the 512 KiB the webhook once allowed. */
    @Test
    void aLongCallsCompletionIsAccepted() {
        String longCall = padded(900_000);

        ApiHarness.Response response = api.post(WEBHOOK, longCall, BlandSignature.HEADER, BlandWebhookEndpointTest.sign(longCall));

        assertThat(response.status()).isEqualTo(200);
        assertThat(api.recordOutcome.reports).hasSize(1);
    }

    @Test
    void aChunkedWebhookThatGrowsPastTheLimitIs413Too() {
        String big = padded(GENERAL_LIMIT + 10_000);
        // No Content-Length: the limit must hold while reading.
        Flow.Publisher<ByteBuffer> chunks = BodyPublishers.ofString(big);
        ApiHarness.Response response = api.post(WEBHOOK, BodyPublishers.fromPublisher(chunks),
                BlandSignature.HEADER, BlandWebhookEndpointTest.sign(big));

        assertThat(response.status()).isEqualTo(413);
        assertThat(api.recordOutcome.reports).isEmpty();
    }

    @Test
    void aLargeButSaneSignedWebhookIsAccepted() {
        String large = padded(GENERAL_LIMIT - 1024);

        ApiHarness.Response response = api.post(WEBHOOK, large, BlandSignature.HEADER, BlandWebhookEndpointTest.sign(large));

        assertThat(response.status()).isEqualTo(200);
        assertThat(api.recordOutcome.reports).hasSize(1);
    }

    /**
     * A body a little over the limit is read to its end before the 413: a client still sending
     * must get the answer, not a reset, and the connection stays usable for the next request.
     */
    @Test
    void aBodyJustOverTheLimitIsReadToItsEndAndTheConnectionServesTheNextRequest() throws Exception {
        String big = padded(GENERAL_LIMIT + 1);
        byte[] body = big.getBytes(StandardCharsets.UTF_8);
        java.net.URI uri = api.server.localUri();
        try (java.net.Socket socket = new java.net.Socket(uri.getHost(), uri.getPort())) {
            socket.setSoTimeout(20_000);
            java.io.OutputStream out = socket.getOutputStream();
            java.io.BufferedInputStream in = new java.io.BufferedInputStream(socket.getInputStream());
            out.write(("POST " + WEBHOOK + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + BlandSignature.HEADER + ": " + BlandWebhookEndpointTest.sign(big) + "\r\n"
                    + "Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            assertThat(statusOf(in)).isEqualTo(413);

            out.write("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertThat(statusOf(in)).as("the same connection, next request").isEqualTo(200);
        }
        assertThat(api.recordOutcome.reports).isEmpty();
    }

    /**
     * A chunked body past the largest one drained is cut off by the server's own check, not by
     * Undertow's entity limit, which prints its exception's stack trace to standard error
     * outside the log's format; so is one the answer leaves unread (no such route, no token).
     */
    @ParameterizedTest
    @ValueSource(strings = {WEBHOOK, "/no/such/route", "/api/user/call"})
    void aChunkedBodyFarOverTheLimitIsCutOffWithoutAStackTrace(String path) throws Exception {
        byte[] chunk = "x".repeat(64 * 1024).getBytes(StandardCharsets.US_ASCII);
        java.io.PrintStream standardError = System.err;
        java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(printed, true, StandardCharsets.UTF_8));
        try (java.net.Socket socket = new java.net.Socket(api.server.localUri().getHost(), api.server.localUri().getPort())) {
            socket.setSoTimeout(20_000);
            java.io.OutputStream out = socket.getOutputStream();
            out.write(("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            try {
                for (long sent = 0; sent <= 3 * RequestBodies.DRAIN_LIMIT_BYTES; sent += chunk.length) {
                    out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.write(chunk);
                    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                }
                out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
            } catch (java.io.IOException cutOff) {
                // The server closed the connection: what a body this large gets.
            }
            java.io.InputStream in = socket.getInputStream();
            try {
                while (in.read() != -1) {
                    // Whatever answer there is, up to the close.
                }
            } catch (java.io.IOException reset) {
                // A reset instead of a close: cut off all the same.
            }
        } finally {
            System.setErr(standardError);
        }
        assertThat(printed.toString(StandardCharsets.UTF_8)).doesNotContain("Exception");
        assertThat(api.recordOutcome.reports).isEmpty();
    }

    /** Reads one response (headers and a Content-Length body) and returns its status. */
    private static int statusOf(java.io.BufferedInputStream in) throws java.io.IOException {
        String statusLine = line(in);
        int length = 0;
        for (String header; !(header = line(in)).isEmpty(); ) {
            if (header.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(header.substring("content-length:".length()).strip());
            }
        }
        in.readNBytes(length);
        return Integer.parseInt(statusLine.split(" ")[1]);
    }

    private static String line(java.io.BufferedInputStream in) throws java.io.IOException {
        StringBuilder line = new StringBuilder();
        for (int c; (c = in.read()) != '\n'; ) {
            if (c == -1) {
                throw new java.io.EOFException("connection closed after: " + line);
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    /** The test completion with a transcript padded so that the whole body is exactly {@code size} bytes. */
    private static String padded(int size) {
        String base = BlandWebhookEndpointTest.COMPLETION;
        int pad = size - base.getBytes(StandardCharsets.UTF_8).length;
        return base.replace("They open at 9.", "They open at 9." + "x".repeat(pad));
    }
}
