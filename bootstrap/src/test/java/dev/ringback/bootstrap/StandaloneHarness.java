package dev.ringback.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ringback.adapters.http.bland.testing.FakeBland;
import dev.ringback.adapters.openclaw.testing.FakeOpenClawGateway;
import dev.ringback.application.port.in.RegisterMachineUseCase;
import dev.ringback.application.port.in.RegisterUserUseCase;
import dev.ringback.domain.account.NotifierRoute;
import dev.ringback.domain.account.UserId;
import dev.ringback.domain.delivery.DeliverySnapshot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

/**
 * The standalone server as an operator runs it, on a temporary SQLite file, with the Bland double
 * and the OpenClaw gateway double on loopback. Servers can be stopped and started again on the
 * same database, as a restart would.
 */
final class StandaloneHarness implements AutoCloseable {
    static final String WEBHOOK_SECRET = "whsec-test-secret";
    static final String USER_NUMBER = "+12025550100";
    static final Duration DEADLINE = Duration.ofSeconds(20);

    final FakeOpenClawGateway gateway;
    final FakeBland bland;
    final Path database;
    final Map<String, String> env = new HashMap<>();
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();
    private RingbackComponent component;
    private RingbackServer server;
    String dashboardToken;

    StandaloneHarness(Path dir) {
        gateway = FakeOpenClawGateway.builder().gatewayToken("gw-token-ada").hookToken("hook-token-ada").start();
        bland = FakeBland.start().signingSecret(WEBHOOK_SECRET);
        database = dir.resolve("ringback.db");
        env.put("RINGBACK_DB", database.toString());
        env.put("RINGBACK_PORT", "0");
        env.put("RINGBACK_HOST", "127.0.0.1");
        env.put("RINGBACK_TELEPHONY", "bland");
        env.put("BLAND_API_KEY", bland.apiKey());
        env.put("BLAND_API_URL", bland.baseUrl().toString());
        env.put("BLAND_WEBHOOK_SECRET", WEBHOOK_SECRET);
        env.put("RINGBACK_RETRY_INITIAL", "50ms");
        env.put("RINGBACK_RETRY_MAX_DELAY", "200ms");
    }

    StandaloneHarness start() {
        component = RingbackComponent.create(Bootstrap.config(env));
        server = component.server();
        server.start();
        return this;
    }

    void stop() {
        if (server != null) {
            server.close();
            server = null;
        }
    }

    /** Registers the user, their machine (the gateway double) and number, and logs the dashboard in. */
    StandaloneHarness withUserAda() {
        component.registerUser().register(new RegisterUserUseCase.Command(Optional.of("ada"), "Ada", "pro"));
        component.registerMachine().register(new RegisterMachineUseCase.Command(new UserId("ada"), Optional.of("ada-machine"),
                gateway.baseUri().toString(), gateway.gatewayToken(), gateway.hookToken(), gateway.hooksPath(),
                Set.of("main"), NotifierRoute.HOOKS));
        component.assignPhoneNumber().assign(new UserId("ada"), USER_NUMBER, Optional.empty());
        dashboardToken = component.issueDashboardToken().issue(new UserId("ada"));
        return this;
    }

    /** The running server's object graph, for tests that register more than Ada. */
    RingbackComponent component() {
        return component;
    }

    /** Points ada's machine at another gateway holding the same tokens, e.g. an old one on the chat route. */
    StandaloneHarness withAdasMachineAt(URI appUrl, NotifierRoute route, String websocketPath) {
        component.registerMachine().register(new RegisterMachineUseCase.Command(new UserId("ada"), Optional.of("ada-machine"),
                appUrl.toString(), gateway.gatewayToken(), gateway.hookToken(), gateway.hooksPath(), Set.of("main"), route,
                websocketPath));
        return this;
    }

    /** Registers another user with their own machine (another gateway double) and number; returns their dashboard token. */
    String withUser(String id, FakeOpenClawGateway machine, String number) {
        component.registerUser().register(new RegisterUserUseCase.Command(Optional.of(id), id, "pro"));
        component.registerMachine().register(new RegisterMachineUseCase.Command(new UserId(id), Optional.of(id + "-machine"),
                machine.baseUri().toString(), machine.gatewayToken(), machine.hookToken(), machine.hooksPath(),
                Set.of("main"), NotifierRoute.HOOKS));
        component.assignPhoneNumber().assign(new UserId(id), number, Optional.empty());
        return component.issueDashboardToken().issue(new UserId(id));
    }

    URI url(String path) {
        return URI.create("http://" + env.get("RINGBACK_HOST") + ":" + server.port() + path);
    }

    Response reportActive(String sessionKey) {
        return send(HttpRequest.newBuilder(url("/api/user/sessions/active"))
                .header("Authorization", "Bearer " + dashboardToken)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"sessionKey\":\"" + sessionKey + "\"}")));
    }

    Response placeCall(String extraJson) {
        String body = "{\"to\":\"(202) 555-0199\",\"task\":\"Ask John whether dinner at 7 works\"" + extraJson + "}";
        return send(HttpRequest.newBuilder(url("/api/user/call"))
                .header("Authorization", "Bearer " + gateway.gatewayToken())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /**
     * {@code machine}'s agent places a call to {@code to} for conversation {@code session}, and Bland
     * ends it (a signed webhook, answered 200). Returns Ringback's call id.
     */
    String placeAndEnd(FakeOpenClawGateway machine, String to, String session) {
        Response placed = send(HttpRequest.newBuilder(url("/api/user/call"))
                .header("Authorization", "Bearer " + machine.gatewayToken())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"to\":\"" + to + "\",\"task\":\"Ask about dinner\","
                        + "\"session_key\":\"" + session + "\"}")));
        if (placed.status() != 200) {
            throw new AssertionError("placing the call: " + placed.status() + " " + placed.body());
        }
        String callId = placed.body().path("call_id").asText();
        String blandId = bland.placedCalls().stream()
                .filter(c -> c.metadata().path("ringback_call_id").asText().equals(callId)).findFirst().orElseThrow().callId();
        int ended = bland.complete(blandId, "completed", "user: Hello?", "Fine.", 1.0, "human");
        if (ended != 200) {
            throw new AssertionError("the webhook was answered " + ended);
        }
        return callId;
    }

    /** Bland ends the call placed last: completed, a one-line transcript. Returns the webhook's status. */
    int completeLastCall() {
        return bland.complete(bland.lastPlacedCall().callId(), "completed", "user: hi", "Done.", 1, "human");
    }

    /** A delivery of the call has had an attempt (one the machine did not accept, or whose answer was lost). */
    boolean anAttemptMade(String callId) {
        return callStatus(callId).body().path("deliveries").findValues("attempts").stream()
                .anyMatch(attempts -> attempts.asInt() > 0);
    }

    Response callStatus(String callId) {
        return send(HttpRequest.newBuilder(url("/api/user/call/status?call_id=" + callId))
                .header("Authorization", "Bearer " + gateway.gatewayToken()).GET());
    }

    Response postWebhook(byte[] body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(url("/api/webhooks/bland/status"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        return send(request);
    }

    Response send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = client.send(request.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), json.readTree(response.body()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Polls a condition until it holds or the deadline passes; fails loudly rather than sleeping and hoping. */
    static void await(String what, BooleanSupplier condition) {
        Instant deadline = Instant.now().plus(DEADLINE);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.onSpinWait();
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what);
            }
        }
    }

    /** The call's deliveries as the operator's listing shows them. */
    List<DeliverySnapshot> deliveriesOf(String callId) {
        return component().listDeliveries().list(Optional.empty(), 100).stream()
                .filter(d -> d.callId().value().equals(callId))
                .collect(Collectors.toList());
    }

    /** Every delivery of the call has reached a final state. */
    boolean deliveriesSettled(String callId) {
        JsonNode deliveries = callStatus(callId).body().path("deliveries");
        if (deliveries.size() == 0) {
            return false;
        }
        for (JsonNode delivery : deliveries) {
            if (delivery.path("state").asText().equals("pending")) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() {
        stop();
        bland.close();
        gateway.close();
    }

    record Response(int status, JsonNode body) {}
}
