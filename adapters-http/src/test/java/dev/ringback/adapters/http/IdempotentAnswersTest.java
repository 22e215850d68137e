package dev.ringback.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ringback.application.port.in.PlaceCallOnceUseCase.Outcome;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The refusals of a repeated {@code Idempotency-Key}, as the agent reads them. */
class IdempotentAnswersTest {
    private static final HttpServerSettings SETTINGS =
            new HttpServerSettings("127.0.0.1", 0, URI.create("http://127.0.0.1"), 1024 * 1024);

    private final RingbackHttpServer server = new RingbackHttpServer(SETTINGS,
            Set.of(Route.post("/in-progress", exchange -> IdempotentAnswers.send(exchange, new Outcome.StillInProgress()))));

    @AfterEach
    void stop() {
        server.stop();
    }

    /**
     * The agent never got a call id from the request that did not finish, so the status endpoint
     * (which needs one) cannot help it; the usage endpoint lists its recent calls.
     */
    @Test
    void aKeyStillInProgressPointsTheAgentToItsRecentCalls() throws Exception {
        server.start();
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(server.localUri().resolve("/in-progress"))
                        .POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(409);
        JsonNode body = new ObjectMapper().readTree(response.body());
        assertThat(body.size()).as("the API's error shape: {\"error\": ...}").isEqualTo(1);
        assertThat(body.path("error").asText())
                .startsWith("A request with this Idempotency-Key has not finished;")
                .contains("GET " + UsageHandler.PATH, "recent_calls")
                .doesNotContain(CallStatusHandler.PATH);
    }
}
