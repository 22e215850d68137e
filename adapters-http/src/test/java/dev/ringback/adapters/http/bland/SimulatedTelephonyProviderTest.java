package dev.ringback.adapters.http.bland;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ringback.adapters.http.bland.BlandWebhookParser.Parsed;
import dev.ringback.adapters.http.bland.testing.WebhookReceiver;
import dev.ringback.adapters.http.bland.testing.WebhookReceiver.Delivery;
import dev.ringback.application.port.in.RecordCallOutcomeUseCase.Report;
import dev.ringback.application.port.out.CallStatusLookup.Answer;
import dev.ringback.application.port.out.TelephonyProvider.Placement;
import dev.ringback.domain.account.Secret;
import dev.ringback.domain.call.CallId;
import dev.ringback.domain.call.CallStatus;
import dev.ringback.domain.call.ProviderCallId;
import dev.ringback.domain.phone.PhoneNumber;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SimulatedTelephonyProviderTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Secret SECRET = new Secret("whsec-simulator-test");

    private final ObjectMapper json = new ObjectMapper();
    private final BlandWebhookParser parser = new BlandWebhookParser(json);
    private final WebhookReceiver receiver = WebhookReceiver.start();
    private SimulatedTelephonyProvider simulator;

    @AfterEach
    void stop() {
        if (simulator != null) {
            simulator.close();
        }
        receiver.close();
    }

    private SimulatedTelephonyProvider simulator(Optional<Secret> secret, Duration delay) {
        simulator = new SimulatedTelephonyProvider(TestCalls.simulated(secret, delay), receiver::url, Clock.systemUTC(),
                Duration.ofMillis(20));
        return simulator;
    }

    @Test
    void queuesAtOnceAndPostsASignedCompletionCarryingOurCallId() {
        Placement placement = simulator(Optional.of(SECRET), Duration.ofMillis(50)).place(TestCalls.outbound("call-42"));

        assertThat(placement).isInstanceOf(Placement.Queued.class);
        String providerId = ((Placement.Queued) placement).providerCallId().value();
        assertThat(UUID.fromString(providerId).toString()).isEqualTo(providerId);

        Delivery delivery = receiver.await(WAIT);
        assertThat(new BlandWebhookVerifier(Optional.of(SECRET), false).verify(delivery.header(), delivery.body()))
                .isEqualTo(BlandWebhookVerifier.Verdict.VALID);
        assertThat(parser.parse(delivery.body())).isInstanceOfSatisfying(Parsed.Completion.class, completion -> {
            Report report = completion.report();
            assertThat(report.callId()).contains(new CallId("call-42"));
            assertThat(report.providerCallId().value()).isEqualTo(providerId);
            assertThat(report.inbound()).isFalse();
            assertThat(report.to()).contains(new PhoneNumber(TestCalls.TO));
            assertThat(report.from()).contains(new PhoneNumber(TestCalls.FROM));
            assertThat(report.outcome().status()).isEqualTo(CallStatus.COMPLETED);
            assertThat(report.outcome().durationSeconds()).isPositive();
            assertThat(report.outcome().transcript()).contains("Luigi").startsWith("user: Hello?");
            assertThat(report.outcome().summary()).contains("Simulated").contains("Luigi");
            assertThat(report.outcome().recordingUrl()).isEmpty();
            assertThat(report.outcome().endedAt()).isPresent();
        });
    }

    @Test
    void theJdkClientIsBuiltByTheFirstCompletionNotAtStart() {
        SimulatedTelephonyProvider started = simulator(Optional.of(SECRET), Duration.ofMillis(20));
        assertThat(started.httpClientBuilt()).as("built at start").isFalse();

        started.place(TestCalls.outbound("call-7"));
        receiver.await(WAIT);

        assertThat(started.httpClientBuilt()).isTrue();
    }

    @Test
    void theBodyHasEveryFieldOfBlandsCallObject() throws Exception {
        simulator(Optional.of(SECRET), Duration.ZERO).place(TestCalls.outbound("call-1"));

        JsonNode body = json.readTree(receiver.await(WAIT).body());

        assertThat(body.fieldNames()).toIterable().contains("call_id", "status", "completed", "call_length",
                "corrected_duration", "concatenated_transcript", "transcripts", "summary", "price", "answered_by", "to",
                "from", "inbound", "started_at", "end_at", "created_at", "recording_url", "error_message", "metadata");
        assertThat(body.path("status").asText()).isEqualTo("completed");
        assertThat(body.path("completed").asBoolean()).isTrue();
        assertThat(body.path("answered_by").asText()).isEqualTo("human");
        assertThat(body.path("inbound").isBoolean()).isTrue();
        assertThat(body.path("recording_url").isNull()).isTrue();
        assertThat(body.path("error_message").isNull()).isTrue();
        assertThat(body.path("call_length").isNumber()).isTrue();
        assertThat(Math.round(body.path("call_length").asDouble() * 60))
                .isEqualTo(Long.parseLong(body.path("corrected_duration").asText()));
        assertThat(body.path("price").asDouble()).isPositive();
        assertThat(body.path("transcripts")).isNotEmpty().allSatisfy(entry -> {
            assertThat(entry.path("user").asText()).isIn("user", "assistant");
            assertThat(entry.has("id")).isTrue();
            assertThat(entry.has("text")).isTrue();
            assertThat(entry.has("created_at")).isTrue();
        });
        assertThat(body.path("transcripts").get(1).path("text").asText()).isEqualTo("Hi, I'm calling for Ada.");
        assertThat(json.writeValueAsString(body.path("metadata")))
                .isEqualTo("{\"user_id\":\"user-1\",\"machine_id\":\"machine-1\",\"ringback_call_id\":\"call-1\"}");
        Instant created = Instant.parse(body.path("created_at").asText());
        Instant started = Instant.parse(body.path("started_at").asText());
        Instant ended = Instant.parse(body.path("end_at").asText());
        assertThat(started).isBeforeOrEqualTo(ended);
        assertThat(created).isBeforeOrEqualTo(ended);
    }

    @Test
    void theCallNeverOutlastsItsMaximum() throws Exception {
        Instant placed = Instant.parse("2025-03-01T10:00:00Z");
        Clock late = Clock.fixed(placed.plusSeconds(3600), ZoneOffset.UTC);
        JsonNode body = json.valueToTree(SimulatedCallObject.completion(json,
                new ProviderCallId("p-1"), TestCalls.withMaxDuration("call-1", 1),
                placed, late.instant()));

        assertThat(Long.parseLong(body.path("corrected_duration").asText())).isBetween(1L, 60L);
    }

    @Test
    void withoutASecretTheBodyIsUnsigned() {
        simulator(Optional.empty(), Duration.ZERO).place(TestCalls.outbound("call-1"));

        Delivery delivery = receiver.await(WAIT);

        assertThat(delivery.header().apply(BlandSignature.HEADER)).isEmpty();
        assertThat(new BlandWebhookVerifier(Optional.empty(), true).verify(delivery.header(), delivery.body()))
                .isEqualTo(BlandWebhookVerifier.Verdict.ACCEPTED_UNSIGNED);
        assertThat(parser.parse(delivery.body())).isInstanceOf(Parsed.Completion.class);
    }

    @Test
    void retriesTheSameBytesWhileTheWebhookFails() {
        receiver.answer(503, 500);
        simulator(Optional.of(SECRET), Duration.ZERO).place(TestCalls.outbound("call-1"));

        Delivery first = receiver.await(WAIT);
        Delivery second = receiver.await(WAIT);
        Delivery third = receiver.await(WAIT);

        assertThat(second.body()).isEqualTo(first.body());
        assertThat(third.body()).isEqualTo(first.body());
        assertThat(third.header().apply(BlandSignature.HEADER)).isEqualTo(first.header().apply(BlandSignature.HEADER));
    }

    @Test
    void givesUpAfterTheLastAttempt() {
        receiver.answer(503, 503, 503, 503, 503, 503);
        // Retries follow at once; every new call waits 300 ms, so a fifth attempt would beat the marker.
        simulator = new SimulatedTelephonyProvider(TestCalls.simulated(Optional.of(SECRET), Duration.ofMillis(300)),
                receiver::url, Clock.systemUTC(), Duration.ZERO);
        simulator.place(TestCalls.outbound("call-1", "+12025550123"));
        for (int attempt = 1; attempt <= 4; attempt++) {
            assertThat(parser.parse(receiver.await(WAIT).body())).isInstanceOfSatisfying(Parsed.Completion.class,
                    completion -> assertThat(completion.report().callId()).contains(new CallId("call-1")));
        }
        receiver.answer(200);
        simulator.place(TestCalls.outbound("call-marker", "+12025550124"));

        assertThat(parser.parse(receiver.await(WAIT).body())).isInstanceOfSatisfying(Parsed.Completion.class,
                completion -> assertThat(completion.report().callId()).contains(new CallId("call-marker")));
    }

    @Test
    void holdsOnlyTheCallsWhoseCompletionItWillStillPost() {
        SimulatedTelephonyProvider beforeRestart = simulator(Optional.of(SECRET), Duration.ofHours(1));
        ProviderCallId ringing = ((Placement.Queued) beforeRestart.place(TestCalls.outbound("call-1"))).providerCallId();
        assertThat(new SimulatedCallStatusLookup(beforeRestart).lookUp(ringing)).isEqualTo(new Answer.NotEnded());
        beforeRestart.close();

        SimulatedTelephonyProvider afterRestart = simulator(Optional.of(SECRET), Duration.ofHours(1));
        assertThat(new SimulatedCallStatusLookup(afterRestart).lookUp(ringing)).isEqualTo(new Answer.Unknown());
    }

    @Test
    void retriesOnlyWhatMaySucceedLater() {
        assertThat(SimulatedTelephonyProvider.worthRetrying(0)).isTrue();
        assertThat(SimulatedTelephonyProvider.worthRetrying(408)).isTrue();
        assertThat(SimulatedTelephonyProvider.worthRetrying(429)).isTrue();
        assertThat(SimulatedTelephonyProvider.worthRetrying(502)).isTrue();
        assertThat(SimulatedTelephonyProvider.worthRetrying(401)).isFalse();
        assertThat(SimulatedTelephonyProvider.worthRetrying(400)).isFalse();
        assertThat(SimulatedTelephonyProvider.worthRetrying(-1)).isFalse();
    }

    @Test
    void aClosedSimulatorPlacesNothing() {
        SimulatedTelephonyProvider simulator = simulator(Optional.empty(), Duration.ZERO);
        simulator.close();

        assertThat(simulator.place(TestCalls.outbound("call-1"))).isEqualTo(new Placement.Rejected(0, "call simulator stopped"));
    }

    @Test
    void aMissingWebhookUrlIsARejection() {
        simulator = new SimulatedTelephonyProvider(TestCalls.simulated(Optional.empty(), Duration.ZERO),
                () -> {
                    throw new IllegalStateException("not listening yet");
                });

        assertThat(simulator.place(TestCalls.outbound("call-1"))).isEqualTo(new Placement.Rejected(0, "webhook URL not configured"));
    }

    @Test
    void postsToTheUrlKnownWhenTheCallWasPlaced() {
        URI[] current = {receiver.url()};
        simulator = new SimulatedTelephonyProvider(TestCalls.simulated(Optional.empty(), Duration.ofMillis(100)),
                () -> current[0], Clock.systemUTC(), Duration.ofMillis(20));

        simulator.place(TestCalls.outbound("call-1"));
        current[0] = URI.create("http://127.0.0.1:1/elsewhere");

        assertThat(parser.parse(receiver.await(WAIT).body())).isInstanceOf(Parsed.Completion.class);
    }
}
