package dev.ringback.bootstrap;

import static dev.ringback.bootstrap.StandaloneHarness.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ringback.adapters.http.bland.BlandSignature;
import dev.ringback.adapters.openclaw.testing.CannedResponse;
import dev.ringback.domain.account.Secret;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every log record of a full run (at every level, from every library, with stack traces), while
 * a call is placed, completed, delivered through a failing gateway, and attacked: none holds a
 * full phone number, the transcript, the summary, the task or any token or secret.
 */
class LogHygieneEndToEndTest {
    private static final String TASK = "Ask Johnny whether the quince tart order is ready";
    private static final String TRANSCRIPT_LINE = "my secret recipe uses saffron";
    private static final String SUMMARY = "Johnny confirmed the quince tart for Friday";
    private static final String CALLEE_DIGITS = "2025550199";
    private static final String USER_DIGITS = "2025550100";

    @TempDir
    Path dir;

    private final Logger root = Logger.getLogger("");
    // Ours at every level; libraries at the levels an operator runs them (the JDK's own debug
    // tracing prints raw HTTP headers when switched on, and is nobody's production setting).
    private final Logger ours = Logger.getLogger("dev.ringback");
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final SimpleFormatter formatter = new SimpleFormatter();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            StringBuilder line = new StringBuilder(String.valueOf(record.getLoggerName())).append(' ')
                    .append(formatter.formatMessage(record));
            if (record.getParameters() != null) {
                for (Object parameter : record.getParameters()) {
                    line.append(" | ").append(parameter);
                }
            }
            if (record.getThrown() != null) {
                StringWriter trace = new StringWriter();
                record.getThrown().printStackTrace(new PrintWriter(trace));
                line.append('\n').append(trace);
            }
            lines.add(line.toString());
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };
    private StandaloneHarness harness;

    @BeforeEach
    void start() {
        ours.setLevel(Level.ALL);
        capture.setLevel(Level.ALL);
        root.addHandler(capture);
        harness = new StandaloneHarness(dir);
        harness.env.put("RINGBACK_SECRET_KEY", TenantIsolationAndReplayTest.SECRET_KEY);
        harness.start().withUserAda();
    }

    @AfterEach
    void stop() {
        harness.close();
        root.removeHandler(capture);
        ours.setLevel(null);
    }

    @Test
    void aFullRunWithFailuresLogsIdsAndOutcomesOnly() {
        harness.reportActive("test-calls");
        // Errors on the way in: bad tokens, a bad body, a forged webhook, a bad number, a bad session key.
        harness.send(HttpRequest.newBuilder(harness.url("/api/user/call")).header("Authorization", "Bearer wrong-" + harness.dashboardToken)
                .POST(HttpRequest.BodyPublishers.ofString("{}")));
        harness.placeCall(",\"session_key\":\"agent:ops:" + TRANSCRIPT_LINE.replace(' ', '-') + "\"");
        harness.send(HttpRequest.newBuilder(harness.url("/api/user/call")).header("Authorization", "Bearer " + harness.gateway.gatewayToken())
                .POST(HttpRequest.BodyPublishers.ofString("{\"to\":\"+1" + CALLEE_DIGITS + "\",\"task\":\"" + TASK + "\",\"max_duration\":\"five\"}")));
        harness.send(HttpRequest.newBuilder(harness.url("/api/user/call")).header("Authorization", "Bearer " + harness.gateway.gatewayToken())
                .POST(HttpRequest.BodyPublishers.ofString("{\"to\":\"+1" + CALLEE_DIGITS.replace('2', '1') + "\",\"task\":\"" + TASK + "\"}")));

        String body = "{\"to\":\"(202) 555-0199\",\"task\":\"" + TASK + "\"}";
        String callId = harness.send(HttpRequest.newBuilder(harness.url("/api/user/call"))
                .header("Authorization", "Bearer " + harness.gateway.gatewayToken())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))).body().path("call_id").asText();
        String blandId = harness.bland.lastPlacedCall().callId();

        byte[] forged = TenantIsolationAndReplayTest.completion(blandId, callId, "completed", 1, SUMMARY);
        harness.postWebhook(forged, Map.of(BlandSignature.HEADER, BlandSignature.sign(new Secret("guess"), forged)));

        // The machine fails twice (503, then a 429 with Retry-After) before it takes the notification.
        harness.gateway.enqueue(CannedResponse.status(503), CannedResponse.status(429).withHeader("Retry-After", "0"));
        harness.bland.complete(blandId, "completed", "user: Hello? \n assistant: " + TRANSCRIPT_LINE, SUMMARY, 1.5, "human");
        harness.bland.postDuplicate(blandId);
        String marker = "[ringback call " + callId + "]";
        await("the notification", () -> harness.gateway.history("agent:main:test-calls").stream()
                .anyMatch(entry -> entry.text().contains(marker)));
        await("deliveries settled", () -> harness.deliveriesSettled(callId));
        harness.callStatus(callId);
        harness.stop();

        String everything = String.join("\n", lines);
        if (System.getProperty("ringback.dumpLogs") != null) {
            System.out.println(everything);
        }
        assertThat(lines).as("the run was logged").isNotEmpty();
        assertThat(everything).contains(callId);
        assertThat(everything)
                .doesNotContain(CALLEE_DIGITS)
                .doesNotContain(USER_DIGITS)
                .doesNotContain("555-0199")
                .doesNotContain(TRANSCRIPT_LINE)
                .doesNotContain(SUMMARY)
                .doesNotContain(TASK)
                .doesNotContain(harness.gateway.gatewayToken())
                .doesNotContain(harness.gateway.hookToken())
                .doesNotContain(harness.dashboardToken)
                .doesNotContain(StandaloneHarness.WEBHOOK_SECRET)
                .doesNotContain(harness.bland.apiKey())
                .doesNotContain(TenantIsolationAndReplayTest.SECRET_KEY);
    }
}
