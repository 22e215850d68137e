package dev.ringback.bootstrap;

import static dev.ringback.bootstrap.StandaloneHarness.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ringback.bootstrap.StandaloneHarness.Response;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Without a Bland account: the simulator "rings" and posts a signed completion to the server itself. */
class TrialModeEndToEndTest {
    @TempDir
    Path dir;

    @Test
    void theWholeLoopRunsLocallyWithTheSimulator() {
        try (StandaloneHarness harness = new StandaloneHarness(dir)) {
            String callId = placeInTrialMode(harness);

            String marker = "[ringback call " + callId + "]";
            await("the simulated result in the trial conversation",
                    () -> harness.gateway.history("agent:main:trial").stream().anyMatch(e -> e.text().contains(marker)));
            await("deliveries settled", () -> harness.deliveriesSettled(callId));
            assertThat(harness.callStatus(callId).body().path("status").asText()).isEqualTo("completed");
            assertThat(harness.bland.placementAttempts()).isZero();
        }
    }

    /**
     * Listening on one address of the host's (RINGBACK_HOST), trial mode's simulator posted its
     * completions to 127.0.0.1, where nothing listened: every simulated call stayed initiated.
     * 127.0.0.2 is a loopback address that 127.0.0.1 does not reach.
     */
    @Test
    void theSimulatorPostsToTheAddressTheServerListensOn() {
        try (StandaloneHarness harness = new StandaloneHarness(dir)) {
            harness.env.put("RINGBACK_HOST", "127.0.0.2");
            String callId = placeInTrialMode(harness);

            await("the simulated call completed", () -> "completed".equals(
                    harness.callStatus(callId).body().path("status").asText()));
        }
    }

    /** Starts the server in trial mode with Ada, her dashboard on "trial", and places a call; its id. */
    private static String placeInTrialMode(StandaloneHarness harness) {
        harness.env.put("RINGBACK_TELEPHONY", "simulated");
        harness.env.remove("BLAND_API_KEY");
        harness.env.remove("BLAND_WEBHOOK_SECRET");
        harness.env.put("RINGBACK_SIMULATED_CALL_DELAY", "200ms");
        harness.start().withUserAda();
        harness.reportActive("trial");
        Response placed = harness.placeCall("");
        assertThat(placed.status()).isEqualTo(200);
        return placed.body().path("call_id").asText();
    }
}
