package dev.ringback.adapters.http.bland;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ringback.adapters.http.bland.BlandWebhookParser.Parsed;
import dev.ringback.adapters.http.bland.testing.FakeBland;
import dev.ringback.adapters.http.bland.testing.WebhookReceiver;
import dev.ringback.application.port.out.TelephonyProvider.Placement;
import dev.ringback.domain.account.Secret;
import dev.ringback.domain.call.CallId;
import dev.ringback.domain.call.CallStatus;
import dev.ringback.domain.call.ProviderCallId;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BlandTelephonyProviderTest {
    private static final URI WEBHOOK = URI.create("https://ringback.example.com/api/webhooks/bland/status");
    private final ObjectMapper json = new ObjectMapper();
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2025-03-01T10:00:00Z"));
    private FakeBland bland;
    private CapturedLogs logs;

    @BeforeEach
    void start() {
        bland = FakeBland.start("bland-key-0123456789").clock(now::get);
        logs = new CapturedLogs();
    }

    @AfterEach
    void stop() {
        bland.close();
        for (String line : logs.lines()) {
            assertThat(line).doesNotContain(TestCalls.TO, TestCalls.FROM, "2025550", "Luigi", bland.apiKey())
                    .doesNotContain("{0}", "{1}", "{2}");
        }
        logs.close();
    }

    private BlandTelephonyProvider provider(Duration timeout) {
        return new BlandTelephonyProvider(TestCalls.bland(bland.baseUrl(), bland.apiKey(), timeout), () -> WEBHOOK);
    }

    private BlandTelephonyProvider provider() {
        return provider(Duration.ofSeconds(5));
    }

    @Test
    void aQueuedCallCarriesBlandsCallId() {
        Placement placement = provider().place(TestCalls.outbound("call-1"));

        assertThat(placement).isEqualTo(new Placement.Queued(new ProviderCallId(bland.lastPlacedCall().callId())));
        assertThat(bland.placementAttempts()).isEqualTo(1);
    }

    @Test
    void sendsExactlyThePlatformsRequestWithTheRawKey() throws Exception {
        provider().place(TestCalls.outbound("call-1"));

        FakeBland.PlacedCall placed = bland.lastPlacedCall();
        assertThat(placed.authorization()).isEqualTo("bland-key-0123456789");
        JsonNode expected = json.readTree("{"
                + "\"phone_number\":\"+12025550123\",\"from\":\"+12025550100\","
                + "\"task\":\"" + TestCalls.TASK + "\",\"first_sentence\":\"Hi, I'm calling for Ada.\","
                + "\"voice\":\"maya\",\"model\":\"base\",\"language\":\"en-US\",\"max_duration\":5,\"record\":true,"
                + "\"voicemail_action\":\"leave_message\",\"voicemail_message\":\"Please call Ada back.\","
                + "\"wait_for_greeting\":true,\"background_track\":null,"
                + "\"webhook\":\"https://ringback.example.com/api/webhooks/bland/status\","
                + "\"metadata\":{\"user_id\":\"user-1\",\"machine_id\":\"machine-1\",\"ringback_call_id\":\"call-1\"}}");
        assertThat(placed.request()).isEqualTo(expected);
    }

    @Test
    void leavesOutOptionalFieldsAndFallsBackToTheDefaultVoice() {
        provider().place(TestCalls.minimal("call-2"));

        JsonNode request = bland.lastPlacedCall().request();
        assertThat(request.has("first_sentence")).isFalse();
        assertThat(request.has("voicemail_message")).isFalse();
        assertThat(request.path("voice").asText()).isEqualTo(BlandSettings.DEFAULT_VOICE_ID);
        assertThat(request.path("record").asBoolean(true)).isFalse();
        assertThat(request.path("voicemail_action").asText()).isEqualTo("hangup");
        assertThat(request.path("background_track").isNull()).isTrue();
    }

    @Test
    void readsTheWebhookUrlForEveryCall() {
        AtomicReference<URI> webhook = new AtomicReference<>(URI.create("http://127.0.0.1:1111/hook"));
        BlandTelephonyProvider provider = new BlandTelephonyProvider(
                TestCalls.bland(bland.baseUrl(), bland.apiKey(), Duration.ofSeconds(5)), webhook::get);

        provider.place(TestCalls.outbound("call-1", "+12025550123"));
        webhook.set(URI.create("https://public.example.com/api/webhooks/bland/status"));
        provider.place(TestCalls.outbound("call-2", "+12025550124"));

        assertThat(bland.placedCalls()).extracting(call -> call.webhook().orElseThrow().toString())
                .containsExactly("http://127.0.0.1:1111/hook", "https://public.example.com/api/webhooks/bland/status");
    }

    @Test
    void aBaseUrlWithATrailingSlashWorks() {
        BlandTelephonyProvider provider = new BlandTelephonyProvider(
                TestCalls.bland(URI.create(bland.baseUrl() + "/"), bland.apiKey(), Duration.ofSeconds(5)), () -> WEBHOOK);

        assertThat(provider.place(TestCalls.outbound("call-1"))).isInstanceOf(Placement.Queued.class);
    }

    @Test
    void aValidationErrorIsARejectionWithBlandsMessage() {
        Placement placement = provider().place(TestCalls.withMaxDuration("call-1", 721));

        assertThat(placement).isInstanceOfSatisfying(Placement.Rejected.class, rejected -> {
            assertThat(rejected.status()).isEqualTo(400);
            assertThat(rejected.reason()).contains("invalid request").contains("max_duration");
        });
        assertThat(bland.placedCalls()).isEmpty();
    }

    @Test
    void aWrongKeyIsRejectedWith401() {
        BlandTelephonyProvider provider = new BlandTelephonyProvider(
                TestCalls.bland(bland.baseUrl(), "not-the-key", Duration.ofSeconds(5)), () -> WEBHOOK);

        Placement placement = provider.place(TestCalls.outbound("call-1"));

        assertThat(placement).isInstanceOfSatisfying(Placement.Rejected.class, rejected -> {
            assertThat(rejected.status()).isEqualTo(401);
            assertThat(rejected.reason()).contains("unauthorized").contains("AUTH_FAILURE");
        });
    }

    @Test
    void noBalanceIsRejectedWith402() {
        bland.outOfBalance(true);

        Placement placement = provider().place(TestCalls.outbound("call-1"));

        assertThat(placement).isInstanceOfSatisfying(Placement.Rejected.class, rejected -> {
            assertThat(rejected.status()).isEqualTo(402);
            assertThat(rejected.reason()).contains("insufficient balance");
        });
    }

    @Test
    void aSecondCallToTheSameNumberWithinTenSecondsIsRejectedWith429() {
        BlandTelephonyProvider provider = provider();
        assertThat(provider.place(TestCalls.outbound("call-1"))).isInstanceOf(Placement.Queued.class);

        now.set(now.get().plusSeconds(9));
        Placement second = provider.place(TestCalls.outbound("call-2"));
        now.set(now.get().plusSeconds(1));
        Placement third = provider.place(TestCalls.outbound("call-3"));

        assertThat(second).isInstanceOfSatisfying(Placement.Rejected.class, rejected -> {
            assertThat(rejected.status()).isEqualTo(429);
            assertThat(rejected.reason()).contains("every 10 seconds");
        });
        assertThat(third).isInstanceOf(Placement.Queued.class);
    }

    @Test
    void aServerErrorIsUncertainAndNotRetried() {
        bland.failNextCall(FakeBland.Fault.SERVER_ERROR);

        Placement placement = provider().place(TestCalls.outbound("call-1"));

        assertThat(placement).isEqualTo(new Placement.Uncertain("Bland answered HTTP 500"));
        assertThat(bland.placementAttempts()).isEqualTo(1);
    }

    @Test
    void anAnswerSlowerThanTheTimeoutIsUncertainThoughTheCallWasPlaced() {
        bland.holdAnswers();
        try {
            Placement placement = provider(Duration.ofMillis(300)).place(TestCalls.outbound("call-1"));

            assertThat(placement).isInstanceOf(Placement.Uncertain.class);
            assertThat(((Placement.Uncertain) placement).reason()).contains("timed out");
            assertThat(bland.placedCalls()).hasSize(1);
            assertThat(bland.placementAttempts()).isEqualTo(1);
        } finally {
            bland.releaseAnswers();
        }
    }

    @Test
    void aDroppedConnectionIsUncertain() {
        bland.failNextCall(FakeBland.Fault.DROP_CONNECTION);

        Placement placement = provider().place(TestCalls.outbound("call-1"));

        assertThat(placement).isInstanceOfSatisfying(Placement.Uncertain.class,
                uncertain -> assertThat(uncertain.reason()).startsWith("connection to Bland failed"));
        assertThat(bland.placementAttempts()).isEqualTo(1);
    }

    @Test
    void anUnreadableSuccessIsUncertain() {
        bland.failNextCall(FakeBland.Fault.GARBLED_SUCCESS);

        Placement placement = provider().place(TestCalls.outbound("call-1"));

        assertThat(placement).isEqualTo(new Placement.Uncertain("Bland answered HTTP 200 with an unreadable body"));
    }

    @Test
    void aClosedPortMeansNothingWasSent() throws IOException {
        URI closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = URI.create("http://127.0.0.1:" + socket.getLocalPort());
        }
        BlandTelephonyProvider provider = new BlandTelephonyProvider(
                TestCalls.bland(closed, "key", Duration.ofSeconds(2)), () -> WEBHOOK);

        assertThat(provider.place(TestCalls.outbound("call-1"))).isEqualTo(new Placement.Rejected(0, "provider unreachable"));
    }

    @Test
    void aMissingWebhookUrlStopsTheCallBeforeBlandIsAsked() {
        BlandTelephonyProvider provider = new BlandTelephonyProvider(
                TestCalls.bland(bland.baseUrl(), bland.apiKey(), Duration.ofSeconds(5)),
                () -> {
                    throw new IllegalStateException("public URL unknown");
                });

        assertThat(provider.place(TestCalls.outbound("call-1"))).isEqualTo(new Placement.Rejected(0, "webhook URL not configured"));
        assertThat(bland.placementAttempts()).isZero();
    }

    @Test
    void refusesToStartWithoutAKey() {
        BlandSettings noKey = new BlandSettings(TelephonyMode.SIMULATED, bland.baseUrl(), Optional.empty(), Optional.empty(),
                true, BlandSettings.DEFAULT_VOICE_ID, Duration.ofSeconds(1), Duration.ZERO);

        assertThatThrownBy(() -> new BlandTelephonyProvider(noKey, () -> WEBHOOK)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void logsWhatHappenedWithoutNumbersTaskOrKey() {
        BlandTelephonyProvider provider = provider();
        provider.place(TestCalls.outbound("call-1"));
        provider.place(TestCalls.outbound("call-2"));

        assertThat(logs.lines()).anySatisfy(line -> assertThat(line).contains("call-2").contains("429"));
    }

    @Test
    void whatFakeBlandPostsForOurCallIsVerifiedAndParsedBackToOurCallId() {
        bland.signingSecret("whsec_contract");
        try (WebhookReceiver receiver = WebhookReceiver.start()) {
            BlandTelephonyProvider provider = new BlandTelephonyProvider(
                    TestCalls.bland(bland.baseUrl(), bland.apiKey(), Duration.ofSeconds(5)), receiver::url);
            Placement placement = provider.place(TestCalls.outbound("call-7"));
            String providerId = ((Placement.Queued) placement).providerCallId().value();

            bland.complete(providerId, "completed", "user: Hello? \n assistant: Hi.", "Booked.", 0.5, "voicemail");
            WebhookReceiver.Delivery delivery = receiver.await(Duration.ofSeconds(10));

            assertThat(new BlandWebhookVerifier(Optional.of(new Secret("whsec_contract")), false)
                    .verify(delivery.header(), delivery.body())).isEqualTo(BlandWebhookVerifier.Verdict.VALID);
            Parsed parsed = new BlandWebhookParser(json).parse(delivery.body());
            assertThat(parsed).isInstanceOfSatisfying(Parsed.Completion.class, completion -> {
                assertThat(completion.report().callId()).contains(new CallId("call-7"));
                assertThat(completion.report().providerCallId().value()).isEqualTo(providerId);
                assertThat(completion.report().outcome().status()).isEqualTo(CallStatus.VOICEMAIL);
                assertThat(completion.report().outcome().durationSeconds()).isEqualTo(30);
            });
        }
    }
}
