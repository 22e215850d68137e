package dev.ringback.bootstrap;

import static dev.ringback.bootstrap.StandaloneHarness.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stop that begins while a call placement waits for Bland's answer: the agent still gets its
 * answer, within {@code RINGBACK_STOP_GRACE}. Cut off, it would have no answer while Bland may
 * have queued the call, and an agent without an Idempotency-Key would place it again after the
 * restart: the person dialled twice.
 */
class StopDuringPlacementEndToEndTest {
    /** The API's drain before it followed the stop grace: a placement held longer was cut off. */
    private static final long FORMER_DRAIN_MILLIS = 10_000;

    @TempDir
    Path dir;

    private StandaloneHarness harness;

    @BeforeEach
    void start() {
        harness = new StandaloneHarness(dir);
        harness.env.put("RINGBACK_STOP_GRACE", "40s");
        harness.start().withUserAda();
    }

    @AfterEach
    void stop() {
        harness.bland.releaseAnswers();
        harness.close();
    }

    @Test
    void aPlacementWaitingForBlandWhenTheStopBeginsIsAnswered() throws Exception {
        harness.bland.holdAnswers();
        CompletableFuture<StandaloneHarness.Response> placed = CompletableFuture.supplyAsync(() -> harness.placeCall(""));
        await("Bland has the placement", () -> harness.bland.placementAttempts() == 1);
        HttpRequest.Builder health = HttpRequest.newBuilder(harness.url("/healthz"));

        CompletableFuture<Void> stopped = CompletableFuture.runAsync(harness::stop);
        await("the API refuses new requests", () -> harness.send(health).status() == 503);
        // Not a wait for something to happen: the answer must still be wanted after the former drain.
        Thread.sleep(FORMER_DRAIN_MILLIS + 1_000);
        harness.bland.releaseAnswers();

        StandaloneHarness.Response answer = placed.get(30, TimeUnit.SECONDS);
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body().path("call_id").asText()).isNotEmpty();
        stopped.get(30, TimeUnit.SECONDS);
        assertThat(harness.bland.placementAttempts()).isEqualTo(1);
    }
}
