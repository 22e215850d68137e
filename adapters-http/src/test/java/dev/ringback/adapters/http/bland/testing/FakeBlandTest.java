package dev.ringback.adapters.http.bland.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ringback.adapters.http.bland.testing.WebhookReceiver.Delivery;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FakeBlandTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String KEY = "org_fake_key";

    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2025-03-01T10:00:00Z"));
    private final FakeBland bland = FakeBland.start(KEY).clock(now::get);
    private final WebhookReceiver receiver = WebhookReceiver.start();

    @AfterEach
    void stop() {
        bland.close();
        receiver.close();
    }

    private ObjectNode validRequest(String phoneNumber) {
        ObjectNode body = json.createObjectNode()
                .put("phone_number", phoneNumber)
                .put("from", "+12025550100")
                .put("task", "Ask about opening hours")
                .put("max_duration", 5)
                .put("record", true)
                .put("webhook", receiver.url().toString());
        body.putObject("metadata").put("ringback_call_id", "call-1").put("user_id", "user-1");
        return body;
    }

    private HttpRequest.Builder post(String authorization, JsonNode body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(bland.baseUrl() + "/v1/calls"))
                .timeout(WAIT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return request;
    }

    private Answer send(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), json.readTree(response.body()));
    }

    private record Answer(int status, JsonNode body) {}

    private String place(String phoneNumber) throws Exception {
        Answer answer = send(post(KEY, validRequest(phoneNumber)));
        assertThat(answer.status()).isEqualTo(200);
        return answer.body().path("call_id").asText();
    }

    @Test
    void queuesACallWithBlandsSuccessBodyAndRecordsTheRequest() throws Exception {
        Answer answer = send(post(KEY, validRequest("+12025550123")));

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body().path("status").asText()).isEqualTo("success");
        assertThat(answer.body().path("message").asText()).isEqualTo("Call successfully queued.");
        assertThat(answer.body().path("batch_id").isNull()).isTrue();
        String callId = answer.body().path("call_id").asText();
        assertThat(java.util.UUID.fromString(callId).toString()).isEqualTo(callId);
        FakeBland.PlacedCall placed = bland.placedCall(callId);
        assertThat(placed.request()).isEqualTo(validRequest("+12025550123"));
        assertThat(placed.phoneNumber()).isEqualTo("+12025550123");
        assertThat(placed.webhook()).contains(receiver.url());
        assertThat(placed.placedAt()).isEqualTo(now.get());
        assertThat(bland.placedCalls()).containsExactly(placed);
        assertThat(bland.lastPlacedCall()).isEqualTo(placed);
    }

    @Test
    void acceptsTheRawKeyOrABearerToken() throws Exception {
        assertThat(send(post(KEY, validRequest("+12025550123"))).status()).isEqualTo(200);
        assertThat(send(post("Bearer " + KEY, validRequest("+12025550124"))).status()).isEqualTo(200);
    }

    @Test
    void refusesAWrongOrMissingKeyWithBlandsAuthEnvelope() throws Exception {
        JsonNode expected = json.readTree("{\"data\":null,\"errors\":[{\"error\":\"AUTH_FAILURE\",\"message\":\"Unauthorized\"}]}");

        assertThat(send(post("wrong", validRequest("+12025550123")))).isEqualTo(new Answer(401, expected));
        assertThat(send(post("Bearer wrong", validRequest("+12025550123")))).isEqualTo(new Answer(401, expected));
        assertThat(send(post(null, validRequest("+12025550123")))).isEqualTo(new Answer(401, expected));
        assertThat(bland.placedCalls()).isEmpty();
        assertThat(bland.placementAttempts()).isEqualTo(3);
    }

    @Test
    void validatesThePhoneNumberTaskAndMaxDuration() throws Exception {
        ObjectNode noNumber = validRequest("+12025550123");
        noNumber.remove("phone_number");
        ObjectNode noTask = validRequest("+12025550123");
        noTask.remove("task");

        assertValidationError(noNumber, "phone_number");
        assertValidationError(noTask, "task");
        assertValidationError(validRequest("+12025550123").put("max_duration", 0), "max_duration");
        assertValidationError(validRequest("+12025550123").put("max_duration", -1), "max_duration");
        assertValidationError(validRequest("+12025550123").put("max_duration", 721), "max_duration");
        assertValidationError(validRequest("+12025550123").put("max_duration", "five"), "max_duration");
        assertThat(bland.placedCalls()).isEmpty();
    }

    private void assertValidationError(JsonNode body, String field) throws Exception {
        Answer answer = send(post(KEY, body));
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.body().path("status").asText()).isEqualTo("error");
        assertThat(answer.body().path("message").asText()).isNotBlank();
        assertThat(answer.body().path("errors").toString()).contains(field);
    }

    @Test
    void acceptsAPathwayInsteadOfATaskAndTheLongestDuration() throws Exception {
        ObjectNode pathway = validRequest("+12025550123");
        pathway.remove("task");
        pathway.put("pathway_id", "pw-1");

        assertThat(send(post(KEY, pathway)).status()).isEqualTo(200);
        assertThat(send(post(KEY, validRequest("+12025550124").put("max_duration", 720))).status()).isEqualTo(200);
    }

    @Test
    void refusesABodyThatIsNotJson() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(bland.baseUrl() + "/v1/calls"))
                .header("Authorization", KEY)
                .POST(HttpRequest.BodyPublishers.ofString("{oops"))
                .build();

        assertThat(http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(400);
    }

    @Test
    void refusesEveryCallWith402WhileOutOfBalance() throws Exception {
        bland.outOfBalance(true);
        Answer answer = send(post(KEY, validRequest("+12025550123")));
        bland.outOfBalance(false);

        assertThat(answer.status()).isEqualTo(402);
        assertThat(answer.body().path("status").asText()).isEqualTo("error");
        assertThat(send(post(KEY, validRequest("+12025550123"))).status()).isEqualTo(200);
    }

    @Test
    void allowsOneCallEveryTenSecondsToTheSameNumber() throws Exception {
        place("+12025550123");

        now.set(now.get().plusMillis(9_999));
        Answer tooSoon = send(post(KEY, validRequest("+12025550123")));
        Answer otherNumber = send(post(KEY, validRequest("+12025550124")));
        now.set(now.get().plusMillis(1));
        Answer later = send(post(KEY, validRequest("+12025550123")));

        assertThat(tooSoon.status()).isEqualTo(429);
        assertThat(tooSoon.body().path("message").asText()).isEqualTo("Calls can only be sent every 10 seconds to the same number");
        assertThat(otherNumber.status()).isEqualTo(200);
        assertThat(later.status()).isEqualTo(200);
        assertThat(bland.placedCalls()).hasSize(3);
    }

    @Test
    void answersGetCallBeforeAndAfterTheEnd() throws Exception {
        String callId = place("+12025550123");
        HttpRequest get = HttpRequest.newBuilder(URI.create(bland.baseUrl() + "/v1/calls/" + callId))
                .header("Authorization", KEY).build();

        JsonNode queued = json.readTree(http.send(get, HttpResponse.BodyHandlers.ofString()).body());
        bland.complete(callId, "completed", "user: Hi", "Fine.", 1.0, "human");
        JsonNode ended = json.readTree(http.send(get, HttpResponse.BodyHandlers.ofString()).body());

        assertThat(queued.path("status").asText()).isEqualTo("queued");
        assertThat(queued.path("completed").asBoolean()).isFalse();
        assertThat(queued.path("metadata").path("ringback_call_id").asText()).isEqualTo("call-1");
        assertThat(ended.path("status").asText()).isEqualTo("completed");
        assertThat(ended.path("call_length").asDouble()).isEqualTo(1.0);
    }

    @Test
    void getCallNeedsTheKeyAndAKnownId() throws Exception {
        String callId = place("+12025550123");
        HttpRequest noKey = HttpRequest.newBuilder(URI.create(bland.baseUrl() + "/v1/calls/" + callId)).build();
        HttpRequest unknown = HttpRequest.newBuilder(URI.create(bland.baseUrl() + "/v1/calls/nope")).header("Authorization", KEY).build();

        assertThat(http.send(noKey, HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(401);
        assertThat(http.send(unknown, HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(404);
    }

    @Test
    void completePostsTheFullSignedCallObjectAndReturnsTheReceiversStatus() throws Exception {
        bland.signingSecret("whsec_fake");
        receiver.answer(202);
        String callId = place("+12025550123");
        now.set(now.get().plusSeconds(90));

        int status = bland.complete(callId, "completed", "user: Hello? \n assistant: Hi there.", "Talked.", 0.1833, "human");

        assertThat(status).isEqualTo(202);
        Delivery delivery = receiver.await(WAIT);
        assertThat(delivery.header().apply("X-Webhook-Signature")).contains(WebhookPoster.sign("whsec_fake", delivery.body()));
        JsonNode body = json.readTree(delivery.body());
        assertThat(body.fieldNames()).toIterable().contains("call_id", "c_id", "status", "completed", "call_length",
                "corrected_duration", "concatenated_transcript", "transcripts", "summary", "price", "answered_by", "to",
                "from", "inbound", "started_at", "end_at", "created_at", "recording_url", "error_message", "metadata");
        assertThat(body.path("call_id").asText()).isEqualTo(callId);
        assertThat(body.path("status").asText()).isEqualTo("completed");
        assertThat(body.path("corrected_duration").asText()).isEqualTo("11");
        assertThat(body.path("concatenated_transcript").asText()).isEqualTo("user: Hello? \n assistant: Hi there.");
        assertThat(body.path("transcripts")).hasSize(2);
        assertThat(body.path("transcripts").get(1).path("user").asText()).isEqualTo("assistant");
        assertThat(body.path("transcripts").get(1).path("text").asText()).isEqualTo("Hi there.");
        assertThat(body.path("to").asText()).isEqualTo("+12025550123");
        assertThat(body.path("from").asText()).isEqualTo("+12025550100");
        assertThat(body.path("inbound").asBoolean()).isFalse();
        assertThat(body.path("created_at").asText()).isEqualTo("2025-03-01T10:00:00Z");
        assertThat(body.path("end_at").asText()).isEqualTo("2025-03-01T10:01:30Z");
        assertThat(body.path("recording_url").asText()).endsWith(callId + ".mp3");
        assertThat(body.path("metadata")).isEqualTo(validRequest("+12025550123").path("metadata"));
    }

    @Test
    void anUnansweredCallHasNoRecordingAndTheAttemptPrice() throws Exception {
        String callId = place("+12025550123");

        bland.complete(callId, "no-answer", "", "", 0, "no-answer");

        JsonNode body = json.readTree(receiver.await(WAIT).body());
        assertThat(body.path("status").asText()).isEqualTo("no-answer");
        assertThat(body.path("answered_by").asText()).isEqualTo("no-answer");
        assertThat(body.path("recording_url").isNull()).isTrue();
        assertThat(body.path("price").asDouble()).isEqualTo(0.015);
    }

    @Test
    void postsUnsignedWithoutASecret() throws Exception {
        String callId = place("+12025550123");

        bland.complete(callId, "completed", "user: Hi", "ok", 0.5, null);

        Delivery delivery = receiver.await(WAIT);
        assertThat(delivery.header().apply("X-Webhook-Signature")).isEmpty();
        assertThat(json.readTree(delivery.body()).path("answered_by").isNull()).isTrue();
    }

    @Test
    void aDuplicateRepeatsTheCompletionByteForByte() throws Exception {
        bland.signingSecret("whsec_fake");
        String callId = place("+12025550123");
        bland.complete(callId, "completed", "user: Hi", "ok", 0.5, "human");
        Delivery first = receiver.await(WAIT);

        assertThat(bland.postDuplicate(callId)).isEqualTo(200);
        Delivery second = receiver.await(WAIT);

        assertThat(second.body()).isEqualTo(first.body());
        assertThat(second.header().apply("X-Webhook-Signature")).isEqualTo(first.header().apply("X-Webhook-Signature"));
        assertThatThrownBy(() -> bland.postDuplicate(place("+12025550124"))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void postsTheOtherBodiesBlandSendsToTheSameUrl() throws Exception {
        bland.signingSecret("whsec_fake");
        String callId = place("+12025550123");

        bland.postLiveEvent(callId, "Call connected");
        bland.postCitationsEvent(callId);
        bland.postDelayedSecondBody(callId);

        Delivery live = receiver.await(WAIT);
        Delivery citations = receiver.await(WAIT);
        Delivery second = receiver.await(WAIT);
        assertThat(fields(live)).containsExactlyInAnyOrder("message", "call_id", "category", "log_level", "timestamp");
        assertThat(json.readTree(citations.body()).path("event_type").asText()).isEqualTo("citations");
        assertThat(fields(second)).contains("call_id", "citations", "corrected_transcript").doesNotContain("status", "completed");
        for (Delivery delivery : new Delivery[] {live, citations, second}) {
            assertThat(json.readTree(delivery.body()).path("call_id").asText()).isEqualTo(callId);
            assertThat(delivery.header().apply("X-Webhook-Signature")).contains(WebhookPoster.sign("whsec_fake", delivery.body()));
        }
    }

    @Test
    void postsAnInboundCallWithoutOurMetadata() throws Exception {
        bland.postInboundCall(receiver.url(), "+12025550177", "+12025550100", "user: Hi, it's Bob.", "Bob called.", 0.5);

        JsonNode body = json.readTree(receiver.await(WAIT).body());
        assertThat(body.path("inbound").asBoolean()).isTrue();
        assertThat(body.path("from").asText()).isEqualTo("+12025550177");
        assertThat(body.path("to").asText()).isEqualTo("+12025550100");
        assertThat(body.path("metadata").isEmpty()).isTrue();
    }

    private java.util.List<String> fields(Delivery delivery) throws IOException {
        java.util.List<String> names = new java.util.ArrayList<>();
        json.readTree(delivery.body()).fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void aServerErrorPlacesNothing() throws Exception {
        bland.failNextCall(FakeBland.Fault.SERVER_ERROR);

        assertThat(send(post(KEY, validRequest("+12025550123"))).status()).isEqualTo(500);
        assertThat(bland.placedCalls()).isEmpty();
        assertThat(send(post(KEY, validRequest("+12025550123"))).status()).isEqualTo(200);
    }

    @Test
    void aDroppedConnectionStillPlacesTheCall() {
        bland.failNextCall(FakeBland.Fault.DROP_CONNECTION);

        assertThatThrownBy(() -> send(post(KEY, validRequest("+12025550123")))).isInstanceOf(IOException.class);
        assertThat(bland.placedCalls()).hasSize(1);
    }

    @Test
    void aGarbledSuccessStillPlacesTheCall() throws Exception {
        bland.failNextCall(FakeBland.Fault.GARBLED_SUCCESS);

        HttpResponse<String> response = http.send(post(KEY, validRequest("+12025550123")).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).doesNotContain("call_id");
        assertThat(bland.placedCalls()).hasSize(1);
    }

    @Test
    void heldAnswersWaitForTheReleaseWhileTheCallIsAlreadyPlaced() throws Exception {
        bland.holdAnswers();
        CompletableFuture<HttpResponse<String>> answer = http.sendAsync(post(KEY, validRequest("+12025550123")).build(),
                HttpResponse.BodyHandlers.ofString());

        long deadline = System.nanoTime() + WAIT.toNanos();
        while (bland.placedCalls().isEmpty() && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(bland.placedCalls()).hasSize(1);
        assertThat(answer).isNotDone();

        bland.releaseAnswers();
        assertThat(answer.get(WAIT.toMillis(), TimeUnit.MILLISECONDS).statusCode()).isEqualTo(200);
    }

    @Test
    void unknownPathsAre404() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(bland.baseUrl() + "/v1/batches")).header("Authorization", KEY).build();

        assertThat(http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(404);
    }
}
