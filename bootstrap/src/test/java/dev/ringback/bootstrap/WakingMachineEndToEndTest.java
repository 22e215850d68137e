package dev.ringback.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ringback.domain.delivery.DeliverySnapshot;
import dev.ringback.domain.delivery.DeliveryState;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A machine that could not take a call's result backs off to retries tens of minutes apart. When
 * its user's dashboard shows up again, the results arrive at once, through the real server and
 * worker, not at the next retry.
 */
class WakingMachineEndToEndTest {
    @TempDir
    Path dir;

    private StandaloneHarness harness;

    @AfterEach
    void stop() {
        if (harness != null) {
            harness.close();
        }
    }

    /** Ends a call while Ada's machine is unavailable; returns once both its deliveries wait for a retry. */
    private String endedWhileAsleep() {
        harness = new StandaloneHarness(dir);
        // The first retry comes 20 to 40 minutes after a failed attempt, far beyond the waits below.
        harness.env.put("RINGBACK_RETRY_INITIAL", "40m");
        harness.env.put("RINGBACK_RETRY_MAX_DELAY", "1h");
        harness.start().withUserAda();
        harness.gateway.pause();

        String call = harness.placeAndEnd(harness.gateway, "+12025550104", "agent:main:asleep");
        StandaloneHarness.await("both deliveries to fail once", () -> {
            List<DeliverySnapshot> owed = harness.deliveriesOf(call);
            return owed.size() == 2 && owed.stream().allMatch(d -> d.attempts() == 1);
        });
        assertThat(harness.deliveriesOf(call)).allSatisfy(d -> assertThat(d.state()).isEqualTo(DeliveryState.PENDING));
        return call;
    }

    @Test
    void aDashboardReportBringsAWaitingMachinesResultsAtOnce() {
        String call = endedWhileAsleep();

        harness.gateway.resume();
        assertThat(harness.reportActive("agent:main:elsewhere").status()).isEqualTo(200);

        StandaloneHarness.await("both deliveries delivered", () ->
                harness.deliveriesOf(call).stream().allMatch(d -> d.state() == DeliveryState.DELIVERED));
        assertThat(harness.gateway.runs()).singleElement().satisfies(run ->
                assertThat(run.sessionKey()).isEqualTo("agent:main:asleep"));
        assertThat(harness.gateway.files()).hasSize(1);
        assertThat(harness.deliveriesOf(call)).allSatisfy(d -> assertThat(d.attempts()).isEqualTo(2));
    }

    @Test
    void soDoesTheAgentsFirstRequestAfterRingbackRestarted() {
        String call = endedWhileAsleep();
        harness.stop();
        harness.start();

        harness.gateway.resume();
        assertThat(harness.callStatus(call).status()).isEqualTo(200);

        StandaloneHarness.await("both deliveries delivered", () ->
                harness.deliveriesOf(call).stream().allMatch(d -> d.state() == DeliveryState.DELIVERED));
        assertThat(harness.gateway.runs()).singleElement().satisfies(run ->
                assertThat(run.sessionKey()).isEqualTo("agent:main:asleep"));
    }
}
