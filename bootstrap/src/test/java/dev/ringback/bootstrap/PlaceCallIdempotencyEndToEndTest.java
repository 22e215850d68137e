package dev.ringback.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ringback.bootstrap.StandaloneHarness.Response;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code POST /api/user/call} with {@code Idempotency-Key}: never dials twice, through the real server and SQLite. */
class PlaceCallIdempotencyEndToEndTest {
    private static final String BODY = "{\"to\":\"(202) 555-0199\",\"task\":\"Ask John whether dinner at 7 works\"}";

    @TempDir
    Path dir;

    private StandaloneHarness harness;

    @BeforeEach
    void start() {
        harness = new StandaloneHarness(dir).start().withUserAda();
    }

    @AfterEach
    void stop() {
        harness.close();
    }

    private Response place(String body, String key) {
        HttpRequest.Builder request = HttpRequest.newBuilder(harness.url("/api/user/call"))
                .header("Authorization", "Bearer " + harness.gateway.gatewayToken())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            request.header("Idempotency-Key", key);
        }
        return harness.send(request);
    }

    @Test
    void aRepeatReturnsTheFirstAnswerAndDoesNotDialAgainEvenAfterARestart() {
        Response first = place(BODY, "agent-turn-1");
        assertThat(first.status()).isEqualTo(200);
        Response again = place("{ \"task\":\"Ask John whether dinner at 7 works\", \"to\":\"(202) 555-0199\" }", "agent-turn-1");
        assertThat(again).isEqualTo(first);

        harness.stop();
        harness.start();
        assertThat(place(BODY, "agent-turn-1")).isEqualTo(first);
        assertThat(harness.bland.placementAttempts()).isEqualTo(1);
    }

    @Test
    void theSameKeyWithADifferentRequestIsRefusedClearly() {
        place(BODY, "agent-turn-1");
        Response other = place("{\"to\":\"(202) 555-0123\",\"task\":\"Something else\"}", "agent-turn-1");
        assertThat(other.status()).isEqualTo(422);
        assertThat(other.body().path("error").asText()).contains("Idempotency-Key", "different request");
        assertThat(harness.bland.placementAttempts()).isEqualTo(1);
    }

    @Test
    void concurrentRepeatsPlaceOneCall() throws Exception {
        harness.bland.holdAnswers();
        ExecutorService pool = Executors.newFixedThreadPool(5);
        try {
            List<Future<Response>> answers = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                answers.add(pool.submit(() -> place(BODY, "agent-turn-2")));
            }
            StandaloneHarness.await("the first placement to reach Bland", () -> harness.bland.placementAttempts() >= 1);
            harness.bland.releaseAnswers();
            Response first = answers.get(0).get();
            for (Future<Response> answer : answers) {
                assertThat(answer.get()).isEqualTo(first);
            }
            assertThat(first.status()).isEqualTo(200);
        } finally {
            pool.shutdownNow();
        }
        assertThat(harness.bland.placementAttempts()).isEqualTo(1);
    }

    @Test
    void keysArePerMachineValidatedAndOptional() {
        assertThat(place(BODY, "bad key with spaces").status()).isEqualTo(400);
        assertThat(place(BODY, null).status()).isEqualTo(200);
        place(BODY, null);
        assertThat(harness.bland.placementAttempts()).as("without a key each request is a new placement").isEqualTo(2);
    }
}
