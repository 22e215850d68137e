package dev.ringback.bootstrap;

import static dev.ringback.bootstrap.StandaloneHarness.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ringback.adapters.http.bland.BlandSignature;
import dev.ringback.application.service.RecordCallOutcomeService;
import dev.ringback.bootstrap.StandaloneHarness.Response;
import dev.ringback.domain.account.Secret;
import dev.ringback.domain.call.CallCostPolicy;
import dev.ringback.domain.call.CallStatus;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.io.TempDir;

/** The same signed completion posted many times at once: one state change, one notification, one cost. */
class ConcurrentWebhookTest {
    private static final int COPIES = 16;
    // Held strongly: java.util.logging keeps loggers only weakly.
    private static final Logger OUTCOMES = Logger.getLogger(RecordCallOutcomeService.class.getName());

    @TempDir
    Path dir;

    private StandaloneHarness harness;
    private final List<String> recorded = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            String message = record.getMessage();
            if (message != null && message.contains("deliveries queued")) {
                recorded.add(message);
            }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };

    @BeforeEach
    void start() {
        OUTCOMES.addHandler(capture);
        OUTCOMES.setLevel(Level.ALL);
        harness = new StandaloneHarness(dir).start().withUserAda();
    }

    @AfterEach
    void stop() {
        harness.close();
        OUTCOMES.removeHandler(capture);
        OUTCOMES.setLevel(null);
    }

    @RepeatedTest(3)
    void sixteenCopiesAtOnceChangeTheCallOnce() throws Exception {
        harness.reportActive("test-calls");
        String callId = harness.placeCall("").body().path("call_id").asText();
        String blandId = harness.bland.lastPlacedCall().callId();
        byte[] body = TenantIsolationAndReplayTest.completion(blandId, callId, "completed", 2, "Dinner at 7 confirmed.");
        String signature = BlandSignature.sign(new Secret(StandaloneHarness.WEBHOOK_SECRET), body);

        CountDownLatch ready = new CountDownLatch(COPIES);
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(COPIES);
        List<Future<Response>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < COPIES; i++) {
                answers.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    return harness.postWebhook(body, Map.of(BlandSignature.HEADER, signature));
                }));
            }
            assertThat(ready.await(10, TimeUnit.SECONDS)).isTrue();
            go.countDown();
            for (Future<Response> answer : answers) {
                assertThat(answer.get(30, TimeUnit.SECONDS).status()).isEqualTo(200);
            }
        } finally {
            pool.shutdownNow();
        }

        await("deliveries settled", () -> harness.deliveriesSettled(callId));
        String marker = "[ringback call " + callId + "]";
        assertThat(recorded).as("state changes").hasSize(1);
        assertThat(harness.gateway.runs().stream().filter(run -> run.body().contains(marker))).as("notification runs").hasSize(1);
        JsonNode status = harness.callStatus(callId).body();
        assertThat(status.path("deliveries")).hasSize(2);
        assertThat(status.path("cost_usd").asDouble())
                .as("one cost")
                .isEqualTo(CallCostPolicy.costMicros(CallStatus.COMPLETED, 120) / 1_000_000.0);
        assertThat(harness.gateway.history("agent:main:test-calls").stream().filter(e -> e.text().contains(marker))).hasSize(1);
    }
}
