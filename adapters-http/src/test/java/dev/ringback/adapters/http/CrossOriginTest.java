package dev.ringback.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.undertow.server.HttpHandler;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A dashboard served from another origin calls the user API from the browser. */
class CrossOriginTest {
    private static final String DASHBOARD = "https://dash.example.com";
    private static final HttpServerSettings SETTINGS = new HttpServerSettings("127.0.0.1", 0, URI.create("http://127.0.0.1"),
            2048, Set.of(DASHBOARD));

    private final HttpClient client = HttpClient.newHttpClient();
    private RingbackHttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
    }

    private RingbackHttpServer start(HttpServerSettings settings) {
        HttpHandler ok = exchange -> JsonResponses.send(exchange, 200, new ErrorBody("none"));
        HttpHandler refused = exchange -> {
            throw ApiError.of(401, "Missing authorization");
        };
        RingbackHttpServer started = new RingbackHttpServer(settings, Set.of(Route.get("/api/user/call/usage", ok),
                Route.post("/api/user/sessions/active", refused), Route.post("/api/webhooks/bland/status", ok)));
        started.start();
        return started;
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return client.send(request.build(), BodyHandlers.ofString());
    }

    private HttpRequest.Builder preflight(String path, String origin) {
        return HttpRequest.newBuilder(server.localUri().resolve(path))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", origin)
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization, content-type");
    }

    @Test
    void aListedOriginsPreflightIsAnsweredWithWhatTheUserApiTakes() throws Exception {
        server = start(SETTINGS);

        HttpResponse<String> response = send(preflight("/api/user/sessions/active", DASHBOARD));

        assertThat(response.statusCode()).isEqualTo(204);
        assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).contains(DASHBOARD);
        assertThat(response.headers().firstValue("Access-Control-Allow-Credentials")).contains("true");
        assertThat(response.headers().firstValue("Access-Control-Allow-Methods")).contains("GET, POST");
        assertThat(response.headers().firstValue("Access-Control-Allow-Headers").orElseThrow()).contains("Authorization", "Content-Type");
        assertThat(response.headers().allValues("Vary")).contains("Origin");
    }

    @Test
    void aListedOriginsRequestsAndErrorsCarryTheHeaders() throws Exception {
        server = start(SETTINGS);

        HttpResponse<String> read = send(HttpRequest.newBuilder(server.localUri().resolve("/api/user/call/usage"))
                .header("Origin", DASHBOARD));
        HttpResponse<String> refused = send(HttpRequest.newBuilder(server.localUri().resolve("/api/user/sessions/active"))
                .header("Origin", DASHBOARD).POST(HttpRequest.BodyPublishers.ofString("{}")));

        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(read.headers().firstValue("Access-Control-Allow-Origin")).contains(DASHBOARD);
        assertThat(read.headers().firstValue("Access-Control-Expose-Headers").orElseThrow()).contains("Retry-After");
        assertThat(refused.statusCode()).as("a script must be able to read why it was refused").isEqualTo(401);
        assertThat(refused.headers().firstValue("Access-Control-Allow-Origin")).contains(DASHBOARD);
    }

    @Test
    void anyOtherOriginGetsNothingAndItsPreflightIsNotAnswered() throws Exception {
        server = start(SETTINGS);

        HttpResponse<String> preflight = send(preflight("/api/user/sessions/active", "https://evil.example"));
        HttpResponse<String> read = send(HttpRequest.newBuilder(server.localUri().resolve("/api/user/call/usage"))
                .header("Origin", "https://evil.example"));

        assertThat(preflight.statusCode()).isEqualTo(405);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        assertThat(read.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        assertThat(read.headers().allValues("Vary")).as("caches must key on it").contains("Origin");
    }

    @Test
    void onlyTheUserApiIsOpenToOtherOrigins() throws Exception {
        server = start(SETTINGS);

        HttpResponse<String> webhook = send(preflight("/api/webhooks/bland/status", DASHBOARD));

        assertThat(webhook.statusCode()).isEqualTo(405);
        assertThat(webhook.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }

    @Test
    void withoutListedOriginsNothingChanges() throws Exception {
        server = start(new HttpServerSettings("127.0.0.1", 0, URI.create("http://127.0.0.1"), 2048));

        HttpResponse<String> preflight = send(preflight("/api/user/sessions/active", DASHBOARD));

        assertThat(preflight.statusCode()).isEqualTo(405);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }

    @Test
    void anAllowedOriginIsAnOriginAndNeverAWildcard() {
        for (String bad : new String[] {"*", "https://dash.example.com/", "https://dash.example.com/app", "dash.example.com",
                "ftp://dash.example.com", "https://user@dash.example.com"}) {
            assertThatThrownBy(() -> new HttpServerSettings("127.0.0.1", 0, URI.create("http://127.0.0.1"), 2048, Set.of(bad)))
                    .as(bad).isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(new HttpServerSettings("127.0.0.1", 0, URI.create("http://127.0.0.1"), 2048,
                Set.of("http://localhost:3000")).allowedOrigins()).containsExactly("http://localhost:3000");
        assertThat(new HttpServerSettings("127.0.0.1", 0, URI.create("http://127.0.0.1"), 2048,
                Set.of("HTTPS://Dash.Example.com:443", "http://dash.example.com:80")).allowedOrigins())
                .as("as a browser sends it").containsExactlyInAnyOrder("https://dash.example.com", "http://dash.example.com");
    }
}
