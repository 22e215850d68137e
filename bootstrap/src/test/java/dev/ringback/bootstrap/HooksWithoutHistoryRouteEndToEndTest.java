package dev.ringback.bootstrap;

import static dev.ringback.adapters.openclaw.testing.HistoryEntry.user;
import static dev.ringback.bootstrap.StandaloneHarness.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ringback.adapters.openclaw.testing.FakeOldOpenClawGateway;
import dev.ringback.domain.account.NotifierRoute;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A machine on the hooks route whose gateway keeps persistent hook sessions but has no HTTP
 * history route: the hook run lands, its answer is lost, Ringback and the gateway both restart
 * (the gateway forgetting the idempotency key), and the notification is still in the
 * conversation exactly once: the resend read the history over the WebSocket first.
 */
class HooksWithoutHistoryRouteEndToEndTest {
    private static final String TEST_CALLS = "agent:main:test-calls";

    @TempDir
    Path dir;

    private StandaloneHarness harness;
    private FakeOldOpenClawGateway gateway;

    @BeforeEach
    void start() {
        harness = new StandaloneHarness(dir);
        // The retry comes at least 2 s after the lost answer (half the step, jittered): after both restarts, never before.
        harness.env.put("RINGBACK_RETRY_INITIAL", "4s");
        harness.env.put("RINGBACK_RETRY_MAX_DELAY", "4s");
        harness.start().withUserAda();
        gateway = FakeOldOpenClawGateway.builder().persistentHooks().gatewayToken(harness.gateway.gatewayToken())
                .hookToken(harness.gateway.hookToken()).start();
        harness.withAdasMachineAt(gateway.baseUri(), NotifierRoute.HOOKS, gateway.websocketPath());
    }

    @AfterEach
    void stop() {
        harness.close();
        gateway.close();
    }

    @Test
    void aLostHookAnswerAndTwoRestartsLeaveTheNotificationInTheConversationOnce() {
        gateway.seed("test-calls", user("Call John"));
        harness.reportActive("test-calls");
        String callId = harness.placeCall("").body().path("call_id").asText();
        gateway.dropAfterNextHook();

        harness.completeLastCall();
        String marker = "[ringback call " + callId + "]";
        await("the first hook run, whose answer is lost", () -> !gateway.hookRuns().isEmpty());
        await("its attempt recorded as uncertain", () -> harness.anAttemptMade(callId));
        harness.stop();
        gateway.restart();
        harness.start();
        await("deliveries settled", () -> harness.deliveriesSettled(callId));

        assertThat(gateway.hookRuns()).singleElement().satisfies(run -> assertThat(run.sessionKey()).isEqualTo(TEST_CALLS));
        assertThat(gateway.history(TEST_CALLS).stream().filter(entry -> entry.text().contains(marker))).hasSize(1);
        assertThat(gateway.connections()).as("the resend's look at the conversation").isPositive();
        assertThat(harness.callStatus(callId).body().path("deliveries").findValuesAsText("state")).containsOnly("delivered");
        assertThat(harness.gateway.runs()).isEmpty();
    }
}
