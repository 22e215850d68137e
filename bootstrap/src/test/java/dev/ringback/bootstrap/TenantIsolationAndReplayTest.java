package dev.ringback.bootstrap;

import static dev.ringback.bootstrap.StandaloneHarness.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ringback.adapters.http.bland.BlandSignature;
import dev.ringback.adapters.openclaw.testing.FakeOpenClawGateway;
import dev.ringback.application.port.in.RegisterMachineUseCase;
import dev.ringback.application.port.in.RegisterUserUseCase;
import dev.ringback.bootstrap.StandaloneHarness.Response;
import dev.ringback.domain.account.NotifierRoute;
import dev.ringback.domain.account.Secret;
import dev.ringback.domain.account.UserId;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two users, two machines, one real server (tokens encrypted at rest): neither user's tokens
 * reach the other's calls, sessions or deliveries; a replayed webhook changes nothing; the
 * session-key inputs are refused with clear 400s.
 */
class TenantIsolationAndReplayTest {
    static final String SECRET_KEY = Base64.getEncoder().encodeToString(new byte[] {
            9, 8, 7, 6, 5, 4, 3, 2, 1, 0, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0, 1, 2});

    @TempDir
    Path dir;

    private StandaloneHarness harness;
    private FakeOpenClawGateway bobGateway;
    private String bobDashboard;

    @BeforeEach
    void start() {
        harness = new StandaloneHarness(dir);
        harness.env.put("RINGBACK_SECRET_KEY", SECRET_KEY);
        harness.start().withUserAda();
        bobGateway = FakeOpenClawGateway.builder().gatewayToken("gw-token-bob").hookToken("hook-token-bob").start();
        RingbackComponent c = harness.component();
        c.registerUser().register(new RegisterUserUseCase.Command(Optional.of("bob"), "Bob", "pro"));
        c.registerMachine().register(new RegisterMachineUseCase.Command(new UserId("bob"), Optional.of("bob-machine"),
                bobGateway.baseUri().toString(), bobGateway.gatewayToken(), bobGateway.hookToken(), bobGateway.hooksPath(),
                Set.of("main"), NotifierRoute.HOOKS));
        c.assignPhoneNumber().assign(new UserId("bob"), "+12025550111", Optional.empty());
        bobDashboard = c.issueDashboardToken().issue(new UserId("bob"));
    }

    @AfterEach
    void stop() {
        harness.close();
        bobGateway.close();
    }

    @Test
    void onesTokensNeverReadTheOthersCallsAndTheAnswerIsTheSameAsForAnUnknownId() {
        harness.reportActive("test-calls");
        String adaCall = harness.placeCall("").body().path("call_id").asText();

        Response unknown = status("no-such-call", bobGateway.gatewayToken());
        for (String bobToken : new String[] {bobGateway.gatewayToken(), bobDashboard}) {
            Response stranger = status(adaCall, bobToken);
            assertThat(stranger.status()).as("404, not 403: ids do not leak").isEqualTo(404);
            assertThat(stranger.body()).isEqualTo(unknown.body());
        }
        assertThat(status(adaCall, harness.gateway.gatewayToken()).status()).isEqualTo(200);
        assertThat(status(adaCall, harness.dashboardToken).status()).isEqualTo(200);
    }

    @Test
    void bobsSessionReportsAndCallsNeverRedirectAdasCallOrDeliveries() {
        harness.reportActive("test-calls");
        String adaCall = harness.placeCall("").body().path("call_id").asText();
        String adaBland = harness.bland.lastPlacedCall().callId();

        // Bob reports a session and places a call naming a session: both stay on Bob's machine.
        assertThat(post("/api/user/sessions/active", bobDashboard, "{\"sessionKey\":\"bob-private\"}").status()).isEqualTo(200);
        Response bobPlaced = post("/api/user/call", bobGateway.gatewayToken(),
                "{\"to\":\"(202) 555-0177\",\"task\":\"Ask about the order\",\"session_key\":\"test-calls\"}");
        assertThat(bobPlaced.status()).isEqualTo(200);
        String bobCall = bobPlaced.body().path("call_id").asText();
        String bobBland = harness.bland.lastPlacedCall().callId();
        assertThat(bobPlaced.body().path("from").asText()).isEqualTo("+12025550111");

        harness.bland.complete(adaBland, "completed", "user: hi", "Ada's result.", 1, "human");
        harness.bland.complete(bobBland, "completed", "user: hi", "Bob's result.", 1, "human");
        await("Ada's deliveries", () -> harness.deliveriesSettled(adaCall));
        await("Bob's deliveries", () -> deliveriesSettled(bobCall, bobGateway.gatewayToken()));

        assertThat(harness.callStatus(adaCall).body().path("session_key").asText()).isEqualTo("agent:main:test-calls");
        assertThat(harness.gateway.runs()).allMatch(run -> !run.body().contains(bobCall) && !run.body().contains("Bob's result."));
        assertThat(bobGateway.runs()).allMatch(run -> !run.body().contains(adaCall) && !run.body().contains("Ada's result."));
        assertThat(bobGateway.runs()).anyMatch(run -> run.body().contains(bobCall));
        assertThat(harness.gateway.files().values()).noneMatch(text -> text.contains("Bob's result."));
        assertThat(status(bobCall, harness.gateway.gatewayToken()).status()).isEqualTo(404);
        // Each machine was called with its own hook token.
        assertThat(bobGateway.runs()).allMatch(run -> run.header("Authorization").orElse("").equals("Bearer hook-token-bob"));
    }

    @Test
    void aSignedReplayWithOtherContentAfterProcessingChangesNothing() {
        harness.reportActive("test-calls");
        String callId = harness.placeCall("").body().path("call_id").asText();
        String blandId = harness.bland.lastPlacedCall().callId();
        harness.bland.complete(blandId, "completed", "user: hi", "The real summary.", 2, "human");
        await("deliveries settled", () -> harness.deliveriesSettled(callId));
        JsonNode before = harness.callStatus(callId).body();
        int runsBefore = harness.gateway.runs().size();

        byte[] replay = completion(blandId, callId, "failed", 9, "A replayed summary.");
        Response answer = harness.postWebhook(replay, Map.of(BlandSignature.HEADER,
                BlandSignature.sign(new Secret(StandaloneHarness.WEBHOOK_SECRET), replay)));

        assertThat(answer.status()).isEqualTo(200);
        JsonNode after = harness.callStatus(callId).body();
        assertThat(after).isEqualTo(before);
        assertThat(after.path("summary").asText()).isEqualTo("The real summary.");
        assertThat(harness.gateway.runs()).hasSize(runsBefore);
    }

    @Test
    void sessionKeysThatAddressAnotherAgentOrAreMalformedOrTooLongAre400WithAClearMessage() {
        String tooLong = "x".repeat(600);
        Map<String, String> cases = Map.of(
                "agent:ops:main", "session key addresses agent 'ops', which this machine does not run",
                "my chat", "session key must not contain whitespace, control or invisible characters",
                "agent:main", "session key must have the form agent:<agentId>:<name>",
                "chat\\u200bx", "session key must not contain whitespace, control or invisible characters",
                tooLong, "session key is longer than 512 characters");
        cases.forEach((key, message) -> {
            Response placed = post("/api/user/call", harness.gateway.gatewayToken(),
                    "{\"to\":\"(202) 555-0123\",\"task\":\"t\",\"session_key\":\"" + key + "\"}");
            assertThat(placed.status()).as(key).isEqualTo(400);
            assertThat(placed.body().path("error").asText()).as(key).isEqualTo(message);

            Response reported = post("/api/user/sessions/active", harness.dashboardToken, "{\"sessionKey\":\"" + key + "\"}");
            assertThat(reported.status()).as(key).isEqualTo(400);
            assertThat(reported.body().path("error").asText()).as(key).isEqualTo(message);
        });
        assertThat(harness.bland.placedCalls()).isEmpty();
    }

    @Test
    void withoutAWebhookSecretTheServerRefusesEveryWebhook() {
        harness.stop();
        harness.env.remove("BLAND_WEBHOOK_SECRET");
        harness.start();
        harness.reportActive("test-calls");
        String callId = harness.placeCall("").body().path("call_id").asText();
        byte[] body = completion(harness.bland.lastPlacedCall().callId(), callId, "completed", 1, "x");

        Response unsigned = harness.postWebhook(body, Map.of());
        Response signed = harness.postWebhook(body, Map.of(BlandSignature.HEADER,
                BlandSignature.sign(new Secret(StandaloneHarness.WEBHOOK_SECRET), body)));

        assertThat(unsigned.status()).isEqualTo(401);
        assertThat(signed.status()).isEqualTo(401);
        assertThat(signed.body().path("error").asText()).isEqualTo("Webhook signing secret not configured");
        assertThat(harness.callStatus(callId).body().path("status").asText()).isEqualTo("initiated");
    }

    static byte[] completion(String blandId, String callId, String status, double minutes, String summary) {
        return ("{\"call_id\":\"" + blandId + "\",\"status\":\"" + status + "\",\"completed\":true,\"call_length\":" + minutes
                + ",\"concatenated_transcript\":\"user: hello\",\"summary\":\"" + summary + "\",\"answered_by\":\"human\","
                + "\"metadata\":{\"ringback_call_id\":\"" + callId + "\"}}").getBytes(StandardCharsets.UTF_8);
    }

    private Response status(String callId, String token) {
        return harness.send(HttpRequest.newBuilder(harness.url("/api/user/call/status?call_id=" + callId))
                .header("Authorization", "Bearer " + token).GET());
    }

    private Response post(String path, String token, String json) {
        return harness.send(HttpRequest.newBuilder(harness.url(path))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    private boolean deliveriesSettled(String callId, String token) {
        JsonNode deliveries = status(callId, token).body().path("deliveries");
        return deliveries.size() > 0 && deliveries.findValuesAsText("state").stream().noneMatch("pending"::equals);
    }
}
