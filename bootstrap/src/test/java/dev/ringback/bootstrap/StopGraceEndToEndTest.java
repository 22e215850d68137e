package dev.ringback.bootstrap;

import static dev.ringback.bootstrap.StandaloneHarness.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ringback.application.testing.LoggedLines;
import java.nio.file.Path;
import java.util.List;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stop whose delivery attempt outlives {@code RINGBACK_STOP_GRACE}: the notification reached
 * the machine but its answer never reached Ringback. The next start sends it again at once, as
 * a resend that finds it in the conversation, instead of after its two-minute lease.
 */
class StopGraceEndToEndTest {
    @TempDir
    Path dir;

    private StandaloneHarness harness;

    @BeforeEach
    void start() {
        harness = new StandaloneHarness(dir);
        harness.env.put("RINGBACK_STOP_GRACE", "200ms");
        harness.start().withUserAda();
    }

    @AfterEach
    void stop() {
        harness.close();
    }

    @Test
    void anAttemptCutShortByTheStopIsSettledByTheNextStartAtOnceAndOnlyOnce() {
        harness.reportActive("test-calls");
        String callId = harness.placeCall("").body().path("call_id").asText();
        harness.gateway.holdAnswers();
        harness.completeLastCall();
        await("the hook run, its answer held", () -> harness.gateway.heldAnswers() > 0);

        List<String> warnings = LoggedLines.of(RingbackServer.class, Level.WARNING, harness::stop);
        harness.gateway.releaseAnswers();
        await("the cut-short attempt's thread answered", () -> harness.gateway.heldAnswers() == 0);
        harness.start();
        await("deliveries settled, well inside the two-minute lease", () -> harness.deliveriesSettled(callId));

        assertThat(warnings).singleElement().asString().contains("RINGBACK_STOP_GRACE");
        assertThat(harness.gateway.runs()).as("the notification ran once").hasSize(1);
        assertThat(harness.callStatus(callId).body().path("deliveries").findValuesAsText("state")).containsOnly("delivered");
    }
}
