package dev.ringback.bootstrap;

import static dev.ringback.adapters.openclaw.testing.HistoryEntry.assistant;
import static dev.ringback.adapters.openclaw.testing.HistoryEntry.user;
import static dev.ringback.bootstrap.StandaloneHarness.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ringback.adapters.openclaw.testing.FakeOldOpenClawGateway;
import dev.ringback.adapters.openclaw.testing.HistoryEntry;
import dev.ringback.bootstrap.StandaloneHarness.Response;
import dev.ringback.domain.account.NotifierRoute;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seed's testing plan on the hosted platform's pinned OpenClaw 2026.1.30 (the old-gateway
 * double), with the user's machine on the {@code chat} route: the notification must land in the
 * conversation's own transcript, where {@code /hooks/agent} would have orphaned it.
 */
class SeedTestingPlanOldGatewayEndToEndTest {
    private static final String TEST_CALLS = "agent:main:test-calls";

    @TempDir
    Path dir;

    private StandaloneHarness harness;
    private FakeOldOpenClawGateway old;

    @BeforeEach
    void start() {
        harness = new StandaloneHarness(dir).start().withUserAda();
        old = FakeOldOpenClawGateway.builder().gatewayToken(harness.gateway.gatewayToken())
                .hookToken(harness.gateway.hookToken()).websocketPath("/ws").start();
        harness.withAdasMachineAt(old.baseUri(), NotifierRoute.CHAT, "/ws");
    }

    @AfterEach
    void stop() {
        harness.close();
        old.close();
    }

    @Test
    void theCallResultLandsInTheSameTranscriptAfterTheEarlierExchange() {
        // Steps 1-2: the user chats in "test-calls"; the dashboard reports it.
        old.seed("test-calls", user("Call John and ask about dinner"), assistant("Calling John now."));
        String transcript = old.transcriptId("test-calls").orElseThrow();
        assertThat(harness.reportActive("test-calls").status()).isEqualTo(200);

        // Steps 3-6: the agent places the call, it completes, Bland posts the signed result.
        Response placed = harness.placeCall("");
        assertThat(placed.body().path("session_key").asText()).isEqualTo(TEST_CALLS);
        String callId = placed.body().path("call_id").asText();
        harness.bland.complete(harness.bland.lastPlacedCall().callId(), "completed",
                "user: Hello?\n assistant: Hi John, is dinner at 7 ok?\n user: Yes.", "John confirmed dinner at 7.", 1.5, "human");
        String marker = "[ringback call " + callId + "]";
        await("the notification in test-calls", () -> containsMarker(old.history(TEST_CALLS), marker));

        // Step 7: after a reload the conversation shows the earlier exchange, then the result, in one transcript.
        List<HistoryEntry> history = old.history(TEST_CALLS);
        assertThat(history.get(0).text()).isEqualTo("Call John and ask about dinner");
        assertThat(history.get(1).text()).isEqualTo("Calling John now.");
        assertThat(history.get(2).role()).isEqualTo("user");
        assertThat(history.get(2).text()).startsWith(marker + " [Automated message from Ringback")
                .contains("**Summary:** John confirmed dinner at 7.", "> user: Hello?");
        assertThat(old.transcriptId("test-calls")).contains(transcript);
        assertThat(old.orphanedTranscripts()).isEmpty();
        assertThat(old.hookRuns()).isEmpty();
        assertThat(old.chatSends()).singleElement().satisfies(send -> {
            assertThat(send.sessionKey()).isEqualTo(TEST_CALLS);
            assertThat(send.idempotencyKey()).isEqualTo("ringback-call-" + callId);
        });
        assertThat(harness.gateway.runs()).isEmpty();

        await("both deliveries settled", () -> harness.deliveriesSettled(callId));
        assertThat(harness.callStatus(callId).body().path("deliveries").findValuesAsText("state")).containsOnly("delivered");
        assertThat(old.files().keySet()).anyMatch(path -> path.startsWith("/home/node/.openclaw/workspace/calls/"));
    }

    @Test
    void step8TheResultStillGoesToTestCallsAfterTheUserSwitchesToMain() {
        harness.reportActive("test-calls");
        String callId = harness.placeCall("").body().path("call_id").asText();
        harness.reportActive("main");

        harness.bland.complete(harness.bland.lastPlacedCall().callId(), "completed", "user: hi", "Short call.", 0.2, "human");
        String marker = "[ringback call " + callId + "]";
        await("the notification in test-calls", () -> containsMarker(old.history(TEST_CALLS), marker));
        assertThat(containsMarker(old.history("agent:main:main"), marker)).isFalse();
    }

    @Test
    void aConnectionLostAfterTheSendAndAGatewayRestartDoNotDuplicateTheNotification() {
        old.seed("test-calls", user("Call John"));
        harness.reportActive("test-calls");
        String callId = harness.placeCall("").body().path("call_id").asText();
        old.dropAfterNextSend();

        harness.completeLastCall();
        String marker = "[ringback call " + callId + "]";
        await("the first send, whose answer is lost", () -> !old.chatSends().isEmpty());
        harness.stop(); // Ringback restarts in the middle of the delivery...
        old.restart(); // ...and so does the gateway, forgetting the idempotency key
        harness.start();
        await("deliveries settled", () -> harness.deliveriesSettled(callId));

        assertThat(old.chatSends()).hasSize(1);
        assertThat(old.history(TEST_CALLS).stream().filter(e -> e.text().contains(marker))).hasSize(1);
        assertThat(harness.callStatus(callId).body().path("deliveries").findValuesAsText("state")).containsOnly("delivered");
    }

    private static boolean containsMarker(List<HistoryEntry> history, String marker) {
        return history.stream().anyMatch(entry -> entry.text().contains(marker));
    }
}
