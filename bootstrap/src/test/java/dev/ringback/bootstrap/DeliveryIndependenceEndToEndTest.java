package dev.ringback.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ringback.adapters.openclaw.testing.CannedResponse;
import dev.ringback.adapters.openclaw.testing.FakeOpenClawGateway;
import dev.ringback.adapters.openclaw.testing.FaultPlan;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Deliveries through the real server, notifier and worker: a slow machine does not hold back
 * another machine's deliveries, a call's notification and transcript file succeed or fail on
 * their own, and a machine's {@code Retry-After} is honoured.
 */
class DeliveryIndependenceEndToEndTest {
    @TempDir
    Path dir;

    private StandaloneHarness harness;
    private FakeOpenClawGateway bobsMachine;

    @AfterEach
    void stop() {
        if (harness != null) {
            harness.gateway.releaseAnswers();
            harness.close();
        }
        if (bobsMachine != null) {
            bobsMachine.close();
        }
    }

    private StandaloneHarness start(String maxRetryDelay) {
        harness = new StandaloneHarness(dir);
        harness.env.put("RINGBACK_RETRY_MAX_DELAY", maxRetryDelay);
        harness.env.put("OPENCLAW_REQUEST_TIMEOUT", "30s");
        return harness.start().withUserAda();
    }

    private String place(FakeOpenClawGateway machine, String to, String session) {
        return harness.placeAndEnd(machine, to, session);
    }

    private JsonNode deliveries(String callId) {
        return harness.callStatus(callId).body().path("deliveries");
    }

    private static String stateOf(JsonNode deliveries, String kind) {
        for (JsonNode delivery : deliveries) {
            if (delivery.path("kind").asText().equals(kind)) {
                return delivery.path("state").asText();
            }
        }
        return "?";
    }

    @Test
    void aSlowMachineDoesNotHoldBackAnotherMachinesDeliveries() {
        start("200ms");
        bobsMachine = FakeOpenClawGateway.builder().gatewayToken("gw-token-bob").hookToken("hook-token-bob").start();
        harness.withUser("bob", bobsMachine, "+12025550111");
        // Ada's machine takes every request and then sits on the answers.
        harness.gateway.injectFaults(new FaultPlan(1, 0, 0, 0, 0, 0, 0, Duration.ZERO));
        harness.gateway.holdAnswers();
        List<String> adasCalls = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            adasCalls.add(place(harness.gateway, String.format("+1202555%04d", 100 + i), "agent:main:ada-" + i));
        }
        StandaloneHarness.await("Ada's machine to be busy", () -> harness.gateway.heldAnswers() > 0);

        String bobsCall = place(bobsMachine, "+12025550199", "agent:main:bob");

        StandaloneHarness.await("Bob's notification and transcript", () -> settledFor(bobsMachine, bobsCall));
        assertThat(bobsMachine.runs()).singleElement().satisfies(run ->
                assertThat(run.sessionKey()).isEqualTo("agent:main:bob"));
        assertThat(bobsMachine.files()).hasSize(1);
        assertThat(harness.gateway.heldAnswers()).as("Ada's machine is still sitting on its answers").isPositive();
        assertThat(harness.gateway.heldAnswers()).as("and it holds one worker thread, not all of them").isEqualTo(1);

        harness.gateway.releaseAnswers();
        for (String call : adasCalls) {
            StandaloneHarness.await("Ada's call " + call, () -> harness.deliveriesSettled(call));
            assertThat(stateOf(deliveries(call), "notification")).isEqualTo("delivered");
        }
    }

    @Test
    void aCallsNotificationAndTranscriptSucceedOrFailOnTheirOwn() {
        start("200ms");
        harness.gateway.enqueue(CannedResponse.status(403).onlyFor("/files/upload"));
        String first = place(harness.gateway, "+12025550101", "agent:main:first");
        StandaloneHarness.await("first call settled", () -> harness.deliveriesSettled(first));
        assertThat(stateOf(deliveries(first), "notification")).isEqualTo("delivered");
        assertThat(stateOf(deliveries(first), "transcript")).isEqualTo("failed");

        harness.gateway.enqueue(CannedResponse.status(401).onlyFor(harness.gateway.hooksPath()));
        String second = place(harness.gateway, "+12025550102", "agent:main:second");
        StandaloneHarness.await("second call settled", () -> harness.deliveriesSettled(second));
        assertThat(stateOf(deliveries(second), "notification")).isEqualTo("failed");
        assertThat(stateOf(deliveries(second), "transcript")).isEqualTo("delivered");
    }

    @Test
    void retryAfterFromTheMachineIsHonouredByTheWorker() {
        // Without Retry-After the next attempt would come within 100 ms (50 ms doubling, jittered).
        start("10s");
        harness.gateway.enqueue(CannedResponse.status(429).withHeader("Retry-After", "2").onlyFor(harness.gateway.hooksPath()));
        Instant[] firstAttempt = new Instant[1];
        String call = place(harness.gateway, "+12025550103", "agent:main:patient");
        StandaloneHarness.await("the first attempt", () -> {
            if (hookRequests() >= 1 && firstAttempt[0] == null) {
                firstAttempt[0] = Instant.now();
            }
            return firstAttempt[0] != null;
        });
        StandaloneHarness.await("the second attempt", () -> hookRequests() >= 2);
        Duration waited = Duration.between(firstAttempt[0], Instant.now());

        assertThat(waited).isGreaterThanOrEqualTo(Duration.ofMillis(1900));
        StandaloneHarness.await("delivered", () -> harness.deliveriesSettled(call));
        assertThat(stateOf(deliveries(call), "notification")).isEqualTo("delivered");
    }

    private boolean settledFor(FakeOpenClawGateway machine, String callId) {
        JsonNode found = harness.send(HttpRequest.newBuilder(harness.url("/api/user/call/status?call_id=" + callId))
                .header("Authorization", "Bearer " + machine.gatewayToken()).GET()).body().path("deliveries");
        if (found.size() == 0) {
            return false;
        }
        for (JsonNode delivery : found) {
            if (delivery.path("state").asText().equals("pending")) {
                return false;
            }
        }
        return true;
    }

    private long hookRequests() {
        return harness.gateway.requests().stream().filter(r -> r.path().endsWith("/agent")).count();
    }
}
