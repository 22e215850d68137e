package dev.ringback.adapters.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ringback.adapters.http.bland.BlandSettings;
import dev.ringback.adapters.http.bland.TelephonyMode;
import dev.ringback.adapters.http.testwiring.DaggerApiSecurityComponent;
import dev.ringback.adapters.http.testwiring.DaggerApiTestComponent;
import dev.ringback.adapters.http.testwiring.DaggerApiWithUpgradeUrlComponent;
import dev.ringback.application.port.out.Clock;
import dev.ringback.domain.account.Secret;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.Optional;

/** The real server, wired by Dagger from fakes, on 127.0.0.1 and a free port; plus a client. */
final class ApiHarness implements AutoCloseable {
    static final int MAX_BODY_BYTES = 4096;
    static final Secret WEBHOOK_SECRET = new Secret("whsec-test-0123456789");
    private static final ObjectMapper JSON = new ObjectMapper();

    final Fakes.Agents agents = new Fakes.Agents();
    final Fakes.Dashboard dashboard = new Fakes.Dashboard();
    final Fakes.PlaceCall placeCall = new Fakes.PlaceCall();
    final Fakes.CallStatus callStatus = new Fakes.CallStatus();
    final Fakes.ActiveSession activeSession = new Fakes.ActiveSession();
    final Fakes.GatewayInfo gatewayInfo = new Fakes.GatewayInfo();
    final Fakes.RecordOutcome recordOutcome = new Fakes.RecordOutcome();
    final Fakes.Readiness readiness = new Fakes.Readiness();
    final RingbackHttpServer server;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private ApiHarness(Optional<Secret> webhookSecret, Optional<String> upgradeUrl) {
        this(webhookSecret, upgradeUrl, MAX_BODY_BYTES, Optional.empty());
    }

    /** The throttle's settings and clock, when a test supplies them. */
    record Security(AuthThrottleSettings throttle, Clock clock) {}

    private ApiHarness(Optional<Secret> webhookSecret, Optional<String> upgradeUrl, int maxBodyBytes, Optional<Security> security) {
        HttpServerSettings http = new HttpServerSettings("127.0.0.1", 0, URI.create("http://127.0.0.1"), maxBodyBytes);
        BlandSettings bland = new BlandSettings(TelephonyMode.SIMULATED, BlandSettings.DEFAULT_API_BASE_URL, Optional.empty(),
                webhookSecret, false, BlandSettings.DEFAULT_VOICE_ID, Duration.ofSeconds(5), Duration.ofSeconds(1));
        server = security.isPresent()
                ? DaggerApiSecurityComponent.factory().create(http, bland, readiness, dashboard, agents, placeCall,
                        callStatus, activeSession, gatewayInfo, recordOutcome, security.get().throttle(), security.get().clock()).server()
                : upgradeUrl.isPresent()
                ? DaggerApiWithUpgradeUrlComponent.factory().create(http, bland, readiness, dashboard, agents, placeCall,
                        callStatus, activeSession, gatewayInfo, recordOutcome, upgradeUrl.get()).server()
                : DaggerApiTestComponent.factory().create(http, bland, readiness, dashboard, agents, placeCall,
                        callStatus, activeSession, gatewayInfo, recordOutcome).server();
        agents.byToken.put(TestData.ALICE_GATEWAY_TOKEN, TestData.aliceMachine());
        dashboard.byToken.put(TestData.ALICE_DASHBOARD_TOKEN, TestData.ALICE);
        dashboard.byToken.put(TestData.BOB_DASHBOARD_TOKEN, TestData.BOB);
        server.start();
    }

    static ApiHarness start() {
        return new ApiHarness(Optional.of(WEBHOOK_SECRET), Optional.empty());
    }

    /** A larger general body limit and a throttle whose settings and clock the test controls. */
    static ApiHarness withSecurity(int maxBodyBytes, AuthThrottleSettings throttle, Clock clock) {
        return new ApiHarness(Optional.of(WEBHOOK_SECRET), Optional.empty(), maxBodyBytes, Optional.of(new Security(throttle, clock)));
    }

    static ApiHarness withoutWebhookSecret() {
        return new ApiHarness(Optional.empty(), Optional.empty());
    }

    static ApiHarness withUpgradeUrl(String url) {
        return new ApiHarness(Optional.of(WEBHOOK_SECRET), Optional.of(url));
    }

    HttpRequest.Builder request(String pathAndQuery) {
        return HttpRequest.newBuilder(server.localUri().resolve(pathAndQuery)).timeout(Duration.ofSeconds(20));
    }

    Response get(String pathAndQuery, String... headers) {
        return send(request(pathAndQuery).GET(), headers);
    }

    Response post(String path, String body, String... headers) {
        return post(path, BodyPublishers.ofString(body), headers);
    }

    Response post(String path, BodyPublisher body, String... headers) {
        return send(request(path).POST(body).header("Content-Type", "application/json"), headers);
    }

    Response send(HttpRequest.Builder builder, String... headers) {
        if (headers.length > 0) {
            builder.headers(headers);
        }
        try {
            var response = client.send(builder.build(), BodyHandlers.ofString());
            return new Response(response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop();
    }

    record Response(int status, HttpHeaders headers, String body) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }

        String header(String name) {
            return headers.firstValue(name).orElse(null);
        }
    }

    static String bearer(String token) {
        return "Bearer " + token;
    }
}
