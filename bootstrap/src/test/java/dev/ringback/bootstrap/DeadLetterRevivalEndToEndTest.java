package dev.ringback.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ringback.adapters.openclaw.testing.HookRun;
import dev.ringback.domain.delivery.DeliverySnapshot;
import dev.ringback.domain.delivery.DeliveryState;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A machine away longer than the retries ran (here: one attempt allowed, so the first failure is
 * the last) gets the results of its absence once it answers again, through the real server and
 * worker: its dead letters come back with the first delivery it takes, and run once each.
 */
class DeadLetterRevivalEndToEndTest {
    @TempDir
    Path dir;

    private StandaloneHarness harness;

    @AfterEach
    void stop() {
        if (harness != null) {
            harness.close();
        }
    }

    private boolean all(String callId, DeliveryState state) {
        List<DeliverySnapshot> owed = harness.deliveriesOf(callId);
        return owed.size() == 2 && owed.stream().allMatch(d -> d.state() == state);
    }

    @Test
    void aMachineThatAnswersAgainGetsItsDeadLettersOnce() {
        harness = new StandaloneHarness(dir);
        harness.env.put("RINGBACK_RETRY_MAX_ATTEMPTS", "1");
        harness.start().withUserAda();
        harness.gateway.pause();
        String whileAway = harness.placeAndEnd(harness.gateway, "+12025550104", "agent:main:holiday");
        StandaloneHarness.await("both deliveries of the call to go dead", () -> all(whileAway, DeliveryState.DEAD));
        assertThat(harness.gateway.runs()).isEmpty();

        harness.gateway.resume();
        String afterwards = harness.placeAndEnd(harness.gateway, "+12025550105", "agent:main:back");

        StandaloneHarness.await("the new call's deliveries", () -> all(afterwards, DeliveryState.DELIVERED));
        StandaloneHarness.await("the dead letters to arrive", () -> all(whileAway, DeliveryState.DELIVERED));
        List<HookRun> holidayRuns = harness.gateway.runs().stream()
                .filter(run -> run.sessionKey().equals("agent:main:holiday"))
                .collect(Collectors.toList());
        assertThat(holidayRuns).singleElement().satisfies(run ->
                assertThat(run.idempotencyKey()).contains("ringback-call-" + whileAway));
        assertThat(harness.gateway.runs()).hasSize(2);
        assertThat(harness.gateway.files()).hasSize(2);
        assertThat(harness.deliveriesOf(whileAway)).allSatisfy(d -> assertThat(d.revivals()).isEqualTo(1));
        assertThat(harness.component().listDeliveries().summary().revivedSinceStart()).isEqualTo(2);
    }
}
