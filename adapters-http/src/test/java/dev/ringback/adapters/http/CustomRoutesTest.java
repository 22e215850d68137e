package dev.ringback.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.undertow.server.HttpHandler;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The server on its own, with routes an embedding application contributes. */
class CustomRoutesTest {
    private static final HttpServerSettings SETTINGS = new HttpServerSettings("127.0.0.1", 0, URI.create("http://127.0.0.1"), 2048);

    private final HttpClient client = HttpClient.newHttpClient();
    private RingbackHttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void handlersRunOnWorkerThreadsInBlockingMode() throws Exception {
        HttpHandler where = exchange -> JsonResponses.send(exchange, 200,
                new Where(exchange.isInIoThread(), exchange.isBlocking(), Thread.currentThread().getName()));
        server = start(Set.of(Route.get("/where", where)));

        HttpResponse<String> response = get("/where");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"ioThread\":false", "\"blocking\":true").doesNotContain("I/O");
    }

    @Test
    void routesOfOnePathShareTheAllowHeader() throws Exception {
        HttpHandler ok = exchange -> JsonResponses.send(exchange, 200, new ErrorBody("none"));
        server = start(Set.of(Route.get("/thing", ok), Route.post("/thing", ok), new Route("delete", "/thing", ok)));

        HttpResponse<String> response = client.send(HttpRequest.newBuilder(server.localUri().resolve("/thing"))
                .PUT(HttpRequest.BodyPublishers.noBody()).build(), BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(response.headers().firstValue("Allow")).contains("DELETE, GET, HEAD, POST");
    }

    @Test
    void aHandlerMayThrowWhatever() throws Exception {
        server = start(Set.of(Route.get("/checked", exchange -> {
            throw new IOException("socket to somewhere broke");
        })));

        HttpResponse<String> response = get("/checked");

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.body()).isEqualTo("{\"error\":\"Internal server error\"}");
    }

    @Test
    void twoRoutesForTheSameMethodAndPathAreAWiringMistake() {
        HttpHandler ok = exchange -> {};

        assertThatThrownBy(() -> new RingbackHttpServer(SETTINGS, Set.of(Route.get("/a", ok), new Route("get", "/a", exchange -> {}))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("GET /a");
    }

    @Test
    void aRouteIsAMethodWordAndAnAbsolutePath() {
        HttpHandler ok = exchange -> {};

        assertThat(new Route("post", "/x", ok).method()).isEqualTo("POST");
        assertThatThrownBy(() -> new Route("GET", "x", ok)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Route("GET", "/x?y=1", ok)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Route("GE T", "/x", ok)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theServerCanBeStartedOnlyOnce() {
        server = start(Set.of());

        assertThatThrownBy(server::start).isInstanceOf(IllegalStateException.class);
    }

    private RingbackHttpServer start(Set<Route> routes) {
        RingbackHttpServer started = new RingbackHttpServer(SETTINGS, routes);
        started.start();
        return started;
    }

    private HttpResponse<String> get(String path) throws Exception {
        return client.send(HttpRequest.newBuilder(server.localUri().resolve(path)).build(), BodyHandlers.ofString());
    }

    record Where(boolean ioThread, boolean blocking, String thread) {}
}
