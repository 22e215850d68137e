package dev.ringback.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ringback.adapters.http.bland.BlandSignature;
import dev.ringback.application.port.in.RecordCallOutcomeUseCase.Report;
import dev.ringback.application.port.in.RecordCallOutcomeUseCase.Result;
import dev.ringback.domain.account.Secret;
import dev.ringback.domain.call.CallId;
import dev.ringback.domain.call.CallStatus;
import dev.ringback.domain.call.ProviderCallId;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class BlandWebhookEndpointTest {
    private static final String PATH = "/api/webhooks/bland/status";
    static final String COMPLETION = "{\"call_id\":\"bland-0001\",\"status\":\"completed\",\"completed\":true,"
            + "\"call_length\":2.0833,\"concatenated_transcript\":\"user: Hello? \\n assistant: Hi\","
            + "\"summary\":\"They open at 9.\",\"to\":\"+14155550123\",\"from\":\"+12025550100\",\"inbound\":false,"
            + "\"price\":0.19,\"metadata\":{\"ringback_call_id\":\"call-0001\"}}";

    private ApiHarness api = ApiHarness.start();

    /**
     * The two ways a webhook is taken: on a worker, or, when the outcome service does all of its
     * work in a unit of work, begun on the I/O thread.
     */
    enum WebhookPath {
        ON_A_WORKER,
        ON_THE_IO_THREAD;

        void use(ApiHarness api) {
            api.recordOutcome.inUnitOfWork.set(this == ON_THE_IO_THREAD);
        }
    }
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        api.recordOutcome.release.countDown();
        api.close();
        threads.shutdownNow();
    }

    @ParameterizedTest
    @EnumSource(WebhookPath.class)
    void eachPathBeginsOnItsThread(WebhookPath path) {
        path.use(api);
        api.recordOutcome.answer.set(new Result.Recorded(TestData.completedCall()));

        assertThat(deliver(COMPLETION, sign(COMPLETION)).status()).isEqualTo(200);

        assertThat(api.recordOutcome.begunOn).singleElement().asString()
                .contains(path == WebhookPath.ON_THE_IO_THREAD ? "I/O" : "task");
    }

    @ParameterizedTest
    @EnumSource(WebhookPath.class)
    void aSignedCompletionIsRecorded(WebhookPath path) {
        path.use(api);
        api.recordOutcome.answer.set(new Result.Recorded(TestData.completedCall()));

        ApiHarness.Response response = deliver(COMPLETION, sign(COMPLETION));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().toString()).isEqualTo("{\"ok\":true}");
        assertThat(api.recordOutcome.reports).hasSize(1);
        Report report = api.recordOutcome.reports.get(0);
        assertThat(report.providerCallId()).isEqualTo(new ProviderCallId("bland-0001"));
        assertThat(report.callId()).contains(new CallId("call-0001"));
        assertThat(report.outcome().status()).isEqualTo(CallStatus.COMPLETED);
        assertThat(report.outcome().durationSeconds()).isEqualTo(125);
    }

    /**
     * More webhooks waiting for their commit than Undertow has worker threads (8 per core by
     * default): had each held its worker, the health check below would queue behind them.
     */
    @ParameterizedTest
    @EnumSource(WebhookPath.class)
    void webhooksWaitingForTheirCommitHoldNoWorkerAndAreAnsweredAfterIt(WebhookPath path) throws Exception {
        path.use(api);
        int pending = Runtime.getRuntime().availableProcessors() * 8 + 4;
        api.recordOutcome.hold.set(true);
        api.recordOutcome.answer.set(new Result.Recorded(TestData.completedCall()));
        List<CompletableFuture<ApiHarness.Response>> inFlight = new ArrayList<>();
        for (int i = 0; i < pending; i++) {
            inFlight.add(CompletableFuture.supplyAsync(() -> deliver(COMPLETION, sign(COMPLETION)), threads));
        }
        assertThat(api.recordOutcome.entries.tryAcquire(pending, 10, TimeUnit.SECONDS)).isTrue();

        assertThat(api.get("/healthz").status()).isEqualTo(200);
        assertThat(inFlight).noneMatch(CompletableFuture::isDone);
        api.recordOutcome.release.countDown();

        for (CompletableFuture<ApiHarness.Response> answer : inFlight) {
            ApiHarness.Response response = answer.get(10, TimeUnit.SECONDS);
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.json().toString()).isEqualTo("{\"ok\":true}");
        }
    }

    @ParameterizedTest
    @EnumSource(WebhookPath.class)
    void aFailedCommitIsAGeneric500SoThatBlandRetries(WebhookPath path) {
        path.use(api);
        api.recordOutcome.failure.set(new IllegalStateException("database file /var/lib/ringback/secret.db is locked"));

        ApiHarness.Response response = deliver(COMPLETION, sign(COMPLETION));

        assertThat(response.status()).isEqualTo(500);
        assertThat(response.header("Content-Type")).isEqualTo("application/json");
        assertThat(response.body()).isEqualTo("{\"error\":\"Internal server error\"}");
    }

    @ParameterizedTest
    @EnumSource(WebhookPath.class)
    void theAlternateSignatureHeaderIsAccepted(WebhookPath path) {
        path.use(api);
        ApiHarness.Response response = api.post(PATH, COMPLETION, BlandSignature.ALTERNATE_HEADER, sign(COMPLETION));

        assertThat(response.status()).isEqualTo(200);
        assertThat(api.recordOutcome.reports).hasSize(1);
    }

    @ParameterizedTest
    @EnumSource(WebhookPath.class)
    void aForgedSignatureIsRefusedAndNothingIsRecorded(WebhookPath path) {
        path.use(api);
        String forged = BlandSignature.sign(new Secret("someone-elses-secret"), COMPLETION.getBytes(StandardCharsets.UTF_8));

        ApiHarness.Response response = deliver(COMPLETION, forged);

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.json().toString()).isEqualTo("{\"error\":\"Invalid signature\"}");
        assertThat(api.recordOutcome.entered.getCount()).isEqualTo(1);
        assertThat(api.recordOutcome.reports).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(WebhookPath.class)
    void aSignatureOverOtherBytesIsRefused(WebhookPath path) {
        path.use(api);
        String tampered = COMPLETION.replace("They open at 9.", "Transfer all the money.");

        ApiHarness.Response response = deliver(tampered, sign(COMPLETION));

        assertThat(response.status()).isEqualTo(401);
        assertThat(api.recordOutcome.reports).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(WebhookPath.class)
    void anUnsignedWebhookIsRefused(WebhookPath path) {
        path.use(api);
        ApiHarness.Response response = api.post(PATH, COMPLETION);

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.json().toString()).isEqualTo("{\"error\":\"Invalid signature\"}");
        assertThat(api.recordOutcome.reports).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(WebhookPath.class)
    void withoutASecretNothingIsAccepted(WebhookPath path) {
        path.use(api);
        api.close();
        api = ApiHarness.withoutWebhookSecret();
        path.use(api);

        ApiHarness.Response response = deliver(COMPLETION, sign(COMPLETION));

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.json().toString()).isEqualTo("{\"error\":\"Webhook signing secret not configured\"}");
        assertThat(api.recordOutcome.reports).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(WebhookPath.class)
    void aLiveEventIsAcknowledgedAndIgnored(WebhookPath path) {
        path.use(api);
        String live = "{\"call_id\":\"bland-0001\",\"message\":\"Call started\",\"category\":\"call\",\"log_level\":\"info\"}";

        ApiHarness.Response response = deliver(live, sign(live));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().toString()).isEqualTo("{\"ok\":true,\"ignored\":\"live-event\"}");
        assertThat(api.recordOutcome.reports).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(WebhookPath.class)
    void aBodyOfACallStillGoingIsAcknowledgedAndIgnoredSoThatItsRealEndCounts(WebhookPath path) {
        path.use(api);
        String ringing = "{\"call_id\":\"bland-0001\",\"status\":\"in-progress\",\"completed\":false,"
                + "\"to\":\"+14155550123\",\"metadata\":{\"ringback_call_id\":\"call-0001\"}}";

        ApiHarness.Response response = deliver(ringing, sign(ringing));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().toString()).isEqualTo("{\"ok\":true,\"ignored\":\"not-ended\"}");
        assertThat(api.recordOutcome.reports).isEmpty();

        api.recordOutcome.answer.set(new Result.Recorded(TestData.completedCall()));
        assertThat(deliver(COMPLETION, sign(COMPLETION)).status()).isEqualTo(200);
        assertThat(api.recordOutcome.reports).singleElement()
                .satisfies(report -> assertThat(report.outcome().status()).isEqualTo(CallStatus.COMPLETED));
    }

    @ParameterizedTest
    @EnumSource(WebhookPath.class)
    void anUnknownCallIsAcknowledged(WebhookPath path) {
        path.use(api);
        api.recordOutcome.answer.set(new Result.UnknownCall());

        ApiHarness.Response response = deliver(COMPLETION, sign(COMPLETION));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().toString()).isEqualTo("{\"ok\":true}");
        assertThat(api.recordOutcome.reports).hasSize(1);
    }

    @ParameterizedTest
    @EnumSource(WebhookPath.class)
    void aRepeatedCompletionIsAcknowledged(WebhookPath path) {
        path.use(api);
        api.recordOutcome.answer.set(new Result.Duplicate(new CallId("call-0001")));

        ApiHarness.Response response = deliver(COMPLETION, sign(COMPLETION));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().toString()).isEqualTo("{\"ok\":true}");
    }

    @ParameterizedTest
    @EnumSource(WebhookPath.class)
    void aSignedButMalformedBodyIsABadRequest(WebhookPath path) {
        path.use(api);
        String noId = "{\"status\":\"completed\",\"completed\":true}";
        String notJson = "status=completed";

        ApiHarness.Response missingId = deliver(noId, sign(noId));
        ApiHarness.Response garbage = deliver(notJson, sign(notJson));

        assertThat(missingId.status()).isEqualTo(400);
        assertThat(missingId.json().toString()).isEqualTo("{\"error\":\"call_id is required\"}");
        assertThat(garbage.status()).isEqualTo(400);
        assertThat(garbage.json().toString()).isEqualTo("{\"error\":\"body is not valid JSON\"}");
        assertThat(api.recordOutcome.reports).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(WebhookPath.class)
    void unknownFieldsFromBlandAreFine(WebhookPath path) {
        path.use(api);
        String withExtras = COMPLETION.replace("{\"call_id\"", "{\"brand_new_field\":{\"x\":1},\"call_id\"");

        ApiHarness.Response response = deliver(withExtras, sign(withExtras));

        assertThat(response.status()).isEqualTo(200);
        assertThat(api.recordOutcome.reports).hasSize(1);
    }

    @ParameterizedTest
    @EnumSource(WebhookPath.class)
    void anOversizedBodyIsRefusedBeforeAnythingElse(WebhookPath path) {
        path.use(api);
        String big = COMPLETION.replace("They open at 9.", "x".repeat(ApiHarness.MAX_BODY_BYTES));

        ApiHarness.Response response = deliver(big, sign(big));

        assertThat(response.status()).isEqualTo(413);
        assertThat(response.json().toString()).isEqualTo("{\"error\":\"Request body too large\"}");
        assertThat(api.recordOutcome.reports).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(WebhookPath.class)
    void theWebhookOnlyTakesPost(WebhookPath path) {
        path.use(api);
        ApiHarness.Response response = api.get(PATH);

        assertThat(response.status()).isEqualTo(405);
        assertThat(response.header("Allow")).isEqualTo("POST");
    }

    private ApiHarness.Response deliver(String body, String signature) {
        return api.post(PATH, body, BlandSignature.HEADER, signature);
    }

    static String sign(String body) {
        return BlandSignature.sign(ApiHarness.WEBHOOK_SECRET, body.getBytes(StandardCharsets.UTF_8));
    }
}
