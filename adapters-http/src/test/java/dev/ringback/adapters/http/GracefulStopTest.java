package dev.ringback.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ringback.application.port.in.RecordCallOutcomeUseCase.Result;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GracefulStopTest {
    private static final String WEBHOOK = "/api/webhooks/bland/status";

    private final ApiHarness api = ApiHarness.start();
    // Own threads: the common pool may have a single one on a small machine.
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        api.recordOutcome.release.countDown();
        api.close();
        threads.shutdownNow();
    }

    @Test
    void aWebhookAcceptedBeforeTheStopIsFinishedAndAnswered() throws Exception {
        URI base = api.server.localUri();
        api.recordOutcome.hold.set(true);
        api.recordOutcome.answer.set(new Result.Recorded(TestData.completedCall()));
        String body = BlandWebhookEndpointTest.COMPLETION;
        CompletableFuture<ApiHarness.Response> inFlight = CompletableFuture.supplyAsync(
                () -> api.post(WEBHOOK, body, "X-Webhook-Signature", BlandWebhookEndpointTest.sign(body)), threads);
        assertThat(api.recordOutcome.entered.await(10, TimeUnit.SECONDS)).isTrue();

        CompletableFuture<Void> stopping = CompletableFuture.runAsync(api.server::stop, threads);

        ApiHarness.Response refused = pollUntil(() -> api.get("/healthz"), response -> response.status() == 503);
        assertThat(refused.header("Content-Type")).isEqualTo("application/json");
        assertThat(refused.json().toString()).isEqualTo("{\"error\":\"Service unavailable\"}");
        assertThat(refused.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(stopping).isNotDone();
        assertThat(inFlight).isNotDone();

        api.recordOutcome.release.countDown();

        ApiHarness.Response answered = inFlight.get(10, TimeUnit.SECONDS);
        assertThat(answered.status()).isEqualTo(200);
        assertThat(answered.json().toString()).isEqualTo("{\"ok\":true}");
        assertThat(api.recordOutcome.reports).hasSize(1);
        stopping.get(10, TimeUnit.SECONDS);
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        assertThatThrownBy(() -> client.send(HttpRequest.newBuilder(base.resolve("/healthz")).build(), BodyHandlers.ofString()))
                .isInstanceOf(IOException.class);
    }

    @Test
    void theDrainIsBounded() throws Exception {
        api.recordOutcome.hold.set(true);
        String body = BlandWebhookEndpointTest.COMPLETION;
        CompletableFuture.runAsync(() -> {
            try {
                api.post(WEBHOOK, body, "X-Webhook-Signature", BlandWebhookEndpointTest.sign(body));
            } catch (RuntimeException expected) {
                // The connection is cut when the server gives up waiting.
            }
        }, threads);
        assertThat(api.recordOutcome.entered.await(10, TimeUnit.SECONDS)).isTrue();

        CompletableFuture<Void> stopping = CompletableFuture.runAsync(() -> api.server.stop(Duration.ofMillis(200)), threads);

        stopping.get(10, TimeUnit.SECONDS);
        assertThat(api.recordOutcome.reports).isEmpty();
    }

    @Test
    void stoppingTwiceIsHarmless() {
        api.server.stop();
        api.server.stop();

        assertThatThrownBy(api.server::port).isInstanceOf(IllegalStateException.class);
    }

    private static <T> T pollUntil(Supplier<T> probe, Predicate<T> done) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        T last = probe.get();
        while (!done.test(last)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not reached within 10 s; last: " + last);
            }
            Thread.sleep(10);
            last = probe.get();
        }
        return last;
    }
}
