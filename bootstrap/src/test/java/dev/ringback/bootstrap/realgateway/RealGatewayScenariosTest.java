package dev.ringback.bootstrap.realgateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seed's testing plan and its edge cases against a REAL OpenClaw gateway (the version
 * e2e/real-gateway/run.sh installed), every outcome read back the way a dashboard does after a
 * reload: a fresh WebSocket and {@code chat.history}.
 */
@Tag("real-gateway")
class RealGatewayScenariosTest {
    static final String TEST_CALLS = "agent:main:test-calls";
    static final String MAIN = "agent:main:main";
    static final String CALL_JOHN = "Call John at (202) 555-0199 and ask whether dinner at 7 works";
    static final Duration DELIVERY = Duration.ofSeconds(120);

    @TempDir
    Path dir;

    Stack stack;

    @BeforeEach
    void start() {
        stack = Stack.start(dir);
    }

    @AfterEach
    void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    /** Steps 1 to 7: chat in test-calls, the dashboard reports it, the call runs, the result lands in that conversation. */
    @Test
    void theNotificationLandsInTheConversationAfterTheEarlierExchange() {
        Transcript before = userAsksForACall(TEST_CALLS);
        assertThat(stack.ringback.reportActive(TEST_CALLS).path("ok").asBoolean()).isTrue();

        String callId = stack.ringback.placeCall(Optional.empty());
        assertThat(stack.ringback.callStatus(callId).path("session_key").asText()).isEqualTo(TEST_CALLS);
        String marker = awaitNotification(callId, TEST_CALLS);

        Transcript after = reload(TEST_CALLS);
        assertThat(Landing.problems(before, after, CALL_JOHN, marker)).as("%s", after).isEmpty();
        assertThat(after.indexOf("assistant", "fake-model reply").isPresent()).isTrue();
        assertTheModelSawTheEarlierExchange(marker);
        assertThat(reload(MAIN).mentions(marker)).as("main").isFalse();
        if (!stack.env.legacy()) {
            // What the hooks route reads before re-sending an attempt that may have landed.
            HttpResponse<String> history = stack.gateway.historyOverHttp(TEST_CALLS);
            assertThat(history.statusCode()).as("history over HTTP: %s", history.body()).isEqualTo(200);
            assertThat(history.body()).contains(marker);
            assertThat(history.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).contains("json"));
            HttpResponse<String> missing = stack.gateway.historyOverHttp("agent:main:never-used");
            assertThat(missing.statusCode()).isEqualTo(404);
            assertThat(missing.headers().firstValue("Content-Type")).as("a session it does not have, not a missing route")
                    .hasValueSatisfying(type -> assertThat(type).contains("json"));
        } else {
            // No HTTP history route: what sends the hooks route's check over the WebSocket instead.
            HttpResponse<String> page = stack.gateway.historyOverHttp(TEST_CALLS);
            assertThat(page.headers().firstValue("Content-Type").orElse("")).as("%s %s", page.statusCode(), page.body())
                    .doesNotContain("json");
            assertThat(page.body()).doesNotContain(marker);
        }
    }

    /** Step 8: the call starts in test-calls, the user moves to main and reloads; the result is still filed in test-calls. */
    @Test
    void aCallFromTestCallsStaysThereAfterTheUserSwitchesToMain() {
        Transcript before = userAsksForACall(TEST_CALLS);
        stack.ringback.reportActive(TEST_CALLS);
        String callId = stack.ringback.placeCall(Optional.empty());

        try (GatewayWs dashboard = stack.gateway.dashboard()) {
            dashboard.chat(MAIN, "Meanwhile, what's on my calendar today?", "e2e-main-1");
        }
        stack.ringback.reportActive(MAIN);
        String marker = awaitNotification(callId, TEST_CALLS);

        assertThat(Landing.problems(before, reload(TEST_CALLS), CALL_JOHN, marker)).isEmpty();
        Transcript main = reload(MAIN);
        assertThat(main.mentions(marker)).as("%s", main).isFalse();
        assertThat(main.mentions("calendar")).isTrue();
    }

    /** The dashboard's report is stale (main); the agent declares the conversation it is in, and that wins. */
    @Test
    void theAgentsDeclaredSessionKeyWinsOverTheDashboardsReport() {
        Transcript before = userAsksForACall(TEST_CALLS);
        stack.ringback.reportActive(MAIN);

        String callId = stack.ringback.placeCall(Optional.of(TEST_CALLS));
        assertThat(stack.ringback.callStatus(callId).path("session_source").asText()).isEqualTo("agent");
        String marker = awaitNotification(callId, TEST_CALLS);

        assertThat(Landing.problems(before, reload(TEST_CALLS), CALL_JOHN, marker)).isEmpty();
        assertThat(reload(MAIN).mentions(marker)).isFalse();
    }

    /**
     * The gateway is down when the call completes, so the delivery is pending and retrying; Ringback
     * crashes; the gateway comes back; Ringback restarts and delivers exactly once. Then the gateway
     * restarts and the conversation, notification included, is still there. (One scenario for both
     * restarts: each real gateway start costs 20 to 50 s.)
     */
    @Test
    void aRingbackCrashMidDeliveryNeitherLosesNorDuplicatesAndTheHistorySurvivesAGatewayRestart() {
        Transcript before = userAsksForACall(TEST_CALLS);
        stack.ringback.reportActive(TEST_CALLS);
        stack.gateway.stop();

        String callId = stack.ringback.placeCall(Optional.empty());
        Poll.until("a failed notification attempt", DELIVERY, () -> stack.ringback.notificationDelivery(callId)
                .filter(d -> d.path("state").asText().equals("pending") && d.path("attempts").asInt() >= 1).isPresent());
        stack.ringback.crash();
        stack.gateway.start();
        stack.ringback.start();
        stack.steps.done("Ringback crashed; gateway and Ringback started again");

        String marker = awaitNotification(callId, TEST_CALLS);
        Transcript after = reload(TEST_CALLS);
        assertThat(Landing.problems(before, after, CALL_JOHN, marker)).as("%s", after).isEmpty();
        assertThat(stack.model.requests().stream().filter(r -> r.indexOf("user", marker).isPresent()).count())
                .as("agent turns for the notification").isEqualTo(1);

        stack.gateway.stop();
        stack.gateway.start();
        stack.steps.done("gateway restarted");
        Transcript afterRestart = reload(TEST_CALLS);
        assertThat(Landing.problems(before, afterRestart, CALL_JOHN, marker)).as("%s", afterRestart).isEmpty();
    }

    /** CONTROL: the seed's payloads, sent directly, fail the same check the scenarios pass. */
    @Test
    void controlTheSeedsPayloadsReproduceTheBug() {
        if (stack.env.legacy()) {
            controlOnALegacyGateway();
        } else {
            controlOnACurrentGateway();
        }
    }

    private void controlOnACurrentGateway() {
        Transcript before = userAsksForACall(TEST_CALLS);
        // The seed's original payload and the seed's fix both carry channel:"last": refused outright.
        assertThat(stack.gateway.postHook(seedPayload("[control original]", Optional.empty())).statusCode()).isEqualTo(400);
        assertThat(stack.gateway.postHook(seedPayload("[control seed fix]", Optional.of(TEST_CALLS))).statusCode()).isEqualTo(400);
        // Without channel, and without sessionMode:"persistent", the run lands in a throwaway session.
        for (String body : List.of(
                "{\"message\":\"[control no key] A phone call just completed\",\"name\":\"PhoneCall\",\"deliver\":true,\"wakeMode\":\"now\"}",
                "{\"message\":\"[control isolated] A phone call just completed\",\"name\":\"PhoneCall\",\"deliver\":true,"
                        + "\"wakeMode\":\"now\",\"sessionKey\":\"" + TEST_CALLS + "\"}")) {
            assertThat(stack.gateway.postHook(body).statusCode()).as(body).isEqualTo(200);
        }
        awaitModelTurn("[control no key]");
        awaitModelTurn("[control isolated]");
        Transcript after = reload(TEST_CALLS);
        assertThat(Landing.problems(before, after, CALL_JOHN, "[control no key]")).contains("the notification is not in the conversation");
        assertThat(Landing.problems(before, after, CALL_JOHN, "[control isolated]")).contains("the notification is not in the conversation");
    }

    private void controlOnALegacyGateway() {
        Transcript before = userAsksForACall(TEST_CALLS);
        // The seed's original payload: accepted, filed in a throwaway hook:<uuid> session.
        assertThat(stack.gateway.postHook(seedPayload("[control original]", Optional.empty())).statusCode()).isEqualTo(202);
        // The seed's fix (prefixed key): accepted, double-prefixed into another session.
        assertThat(stack.gateway.postHook(seedPayload("[control seed fix]", Optional.of(TEST_CALLS))).statusCode()).isEqualTo(202);
        awaitModelTurn("[control original]");
        awaitModelTurn("[control seed fix]");
        Transcript afterOriginal = reload(TEST_CALLS);
        assertThat(Landing.problems(before, afterOriginal, CALL_JOHN, "[control original]"))
                .containsExactly("the notification is not in the conversation");
        assertThat(Landing.problems(before, afterOriginal, CALL_JOHN, "[control seed fix]"))
                .containsExactly("the notification is not in the conversation");
        // The seed's fix with the bare name: the conversation rolls over, orphaning the earlier exchange.
        assertThat(stack.gateway.postHook(seedPayload("[control bare key]", Optional.of("test-calls"))).statusCode()).isEqualTo(202);
        awaitModelTurn("[control bare key]");
        Transcript rolledOver = reload(TEST_CALLS);
        assertThat(Landing.problems(before, rolledOver, CALL_JOHN, "[control bare key]")).as("%s", rolledOver)
                .contains("the earlier exchange is gone")
                .anyMatch(p -> p.startsWith("the conversation moved to another transcript"));
    }

    private static String seedPayload(String marker, Optional<String> sessionKey) {
        return "{\"message\":\"" + marker + " A phone call just completed...\",\"name\":\"PhoneCall\",\"deliver\":true,"
                + "\"channel\":\"last\",\"wakeMode\":\"now\"" + sessionKey.map(k -> ",\"sessionKey\":\"" + k + "\"").orElse("") + "}";
    }

    // Steps 1-2: the user opens test-calls and asks for a call; the agent answers.
    private Transcript userAsksForACall(String sessionKey) {
        try (GatewayWs dashboard = stack.gateway.dashboard()) {
            dashboard.chat(sessionKey, CALL_JOHN, "e2e-call-john");
            stack.steps.done("user turn in " + sessionKey);
            Transcript before = dashboard.history(sessionKey);
            assertThat(before.indexOf("user", CALL_JOHN).isPresent()).as("%s", before).isTrue();
            return before;
        }
    }

    /** Waits until the call's notification has been delivered and the agent's turn on it is in the conversation. */
    private String awaitNotification(String callId, String sessionKey) {
        String marker = "[ringback call " + callId + "]";
        Poll.until("notification delivered", DELIVERY, () -> stack.ringback.notificationDelivery(callId)
                .filter(d -> !d.path("state").asText().equals("pending")).isPresent());
        assertThat(stack.ringback.notificationDelivery(callId).orElseThrow().path("state").asText()).isEqualTo("delivered");
        stack.steps.done("notification delivered");
        Poll.until("the agent's turn on the notification in " + sessionKey, DELIVERY, () -> {
            Transcript t = reload(sessionKey);
            return t.indexOf("user", marker).isPresent()
                    && t.messages().get(t.messages().size() - 1).role().equals("assistant")
                    && t.indexOf("user", marker).getAsInt() < t.messages().size() - 1;
        });
        stack.steps.done("agent's turn on the notification in history");
        return marker;
    }

    private void awaitModelTurn(String marker) {
        Poll.until("the model's turn on " + marker, DELIVERY,
                () -> stack.model.requests().stream().anyMatch(r -> r.mentions(marker)));
    }

    private void assertTheModelSawTheEarlierExchange(String marker) {
        Transcript request = stack.model.requests().stream().filter(r -> r.indexOf("user", marker).isPresent())
                .findFirst().orElseThrow(() -> new AssertionError("the model was never asked about " + marker));
        assertThat(request.indexOf("user", CALL_JOHN)).as("%s", request).isPresent();
        assertThat(request.indexOf("user", CALL_JOHN).getAsInt()).isLessThan(request.indexOf("user", marker).getAsInt());
        assertThat(request.indexOf("assistant", "fake-model reply")).isPresent();
    }

    private Transcript reload(String sessionKey) {
        try (GatewayWs dashboard = stack.gateway.dashboard()) {
            return dashboard.history(sessionKey);
        }
    }
}
