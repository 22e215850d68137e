package dev.ringback.adapters.http.bland;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ringback.adapters.http.bland.testing.FakeBland;
import dev.ringback.application.port.out.CallStatusLookup.Answer;
import dev.ringback.application.port.out.TelephonyProvider.Placement;
import dev.ringback.domain.call.CallOutcome;
import dev.ringback.domain.call.CallStatus;
import dev.ringback.domain.call.ProviderCallId;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BlandCallStatusLookupTest {
    private static final URI WEBHOOK = URI.create("https://ringback.example.com/api/webhooks/bland/status");
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
            assertThat(line).doesNotContain(TestCalls.TO, TestCalls.FROM, "Luigi", "pasta", bland.apiKey());
        }
        logs.close();
    }

    private BlandCallStatusLookup lookup(String apiKey) {
        return new BlandCallStatusLookup(TestCalls.bland(bland.baseUrl(), apiKey, Duration.ofSeconds(5)));
    }

    private ProviderCallId placed() {
        Placement placement = new BlandTelephonyProvider(TestCalls.bland(bland.baseUrl(), bland.apiKey(),
                Duration.ofSeconds(5)), () -> WEBHOOK).place(TestCalls.outbound("call-1"));
        return ((Placement.Queued) placement).providerCallId();
    }

    @Test
    void aCallBlandHasNotEndedIsNotEnded() {
        ProviderCallId id = placed();

        assertThat(lookup(bland.apiKey()).lookUp(id)).isEqualTo(new Answer.NotEnded());
    }

    @Test
    void anEndedCallIsReadWithTheWebhooksMapping() {
        ProviderCallId id = placed();
        now.set(now.get().plusSeconds(200));
        bland.endWithoutWebhook(id.value(), "completed", "user: Hello?\nassistant: Table for two, pasta", "Booked.",
                1.5, "human");

        Answer answer = lookup(bland.apiKey()).lookUp(id);

        assertThat(answer).isEqualTo(new Answer.Ended(new CallOutcome(CallStatus.COMPLETED, 90,
                "user: Hello?\nassistant: Table for two, pasta", "Booked.",
                Optional.of("https://recordings.fake-bland.invalid/" + id.value() + ".mp3"), Optional.of(now.get()))));
    }

    @Test
    void unansweredAndVoicemailCallsMapAsTheWebhookDoes() {
        ProviderCallId id = placed();
        bland.endWithoutWebhook(id.value(), "no-answer", "", "", 0, "no-answer");
        assertThat(((Answer.Ended) lookup(bland.apiKey()).lookUp(id)).outcome().status()).isEqualTo(CallStatus.NO_ANSWER);

        bland.endWithoutWebhook(id.value(), "completed", "assistant: Please call back", "", 0.5, "voicemail");
        assertThat(((Answer.Ended) lookup(bland.apiKey()).lookUp(id)).outcome().status()).isEqualTo(CallStatus.VOICEMAIL);
    }

    @Test
    void aCallBlandDoesNotKnowIsUnknown() {
        assertThat(lookup(bland.apiKey()).lookUp(new ProviderCallId("no-such-call"))).isEqualTo(new Answer.Unknown());
    }

    @Test
    void aRefusedKeyIsAskAgainLaterNeverUnknown() {
        ProviderCallId id = placed();

        assertThat(lookup("wrong-key").lookUp(id)).isEqualTo(new Answer.Unavailable("HTTP 401"));
    }

    @Test
    void anUnreachableBlandIsAskAgainLater() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        BlandCallStatusLookup unreachable = new BlandCallStatusLookup(TestCalls.bland(
                URI.create("http://127.0.0.1:" + closedPort), "key", Duration.ofSeconds(2)));

        assertThat(unreachable.lookUp(new ProviderCallId("abc"))).isInstanceOf(Answer.Unavailable.class);
    }

    @Test
    void onlyAReadableCallObjectCountsAsAnAnswer() {
        assertThat(read(500, "{\"status\":\"error\",\"message\":\"Internal server error\"}"))
                .isEqualTo(new Answer.Unavailable("HTTP 500"));
        assertThat(read(429, "{}")).isEqualTo(new Answer.Unavailable("HTTP 429"));
        assertThat(read(200, "<html>upstream hiccup</html>")).isInstanceOf(Answer.Unavailable.class);
        assertThat(read(200, "[1,2]")).isInstanceOf(Answer.Unavailable.class);
        assertThat(read(200, "{\"status\":\"error\",\"message\":\"Invalid call_id\"}")).isInstanceOf(Answer.Unavailable.class);
        assertThat(read(200, "")).isInstanceOf(Answer.Unavailable.class);
    }

    @Test
    void aCallIsEndedOnlyWhenBlandSaysSo() {
        assertThat(read(200, "{\"call_id\":\"c1\",\"status\":\"in-progress\",\"completed\":false}")).isEqualTo(new Answer.NotEnded());
        assertThat(read(200, "{\"call_id\":\"c1\",\"queue_status\":\"started\"}")).isEqualTo(new Answer.NotEnded());
        assertThat(read(200, "{\"call_id\":\"c1\",\"status\":\"unknown\",\"completed\":false}")).isEqualTo(new Answer.NotEnded());
        assertThat(read(200, "{\"call_id\":\"c1\",\"status\":\"busy\",\"completed\":false}"))
                .isEqualTo(new Answer.Ended(new CallOutcome(CallStatus.NO_ANSWER, 0, "", "", Optional.empty(), Optional.empty())));
        assertThat(read(200, "{\"c_id\":\"c1\",\"queue_status\":\"complete\",\"completed\":true,\"call_length\":2}"))
                .isEqualTo(new Answer.Ended(new CallOutcome(CallStatus.COMPLETED, 120, "", "", Optional.empty(), Optional.empty())));
        assertThat(read(200, "{\"call_id\":\"c1\",\"status\":\"canceled\",\"completed\":true}"))
                .isEqualTo(new Answer.Ended(new CallOutcome(CallStatus.FAILED, 0, "", "", Optional.empty(), Optional.empty())));
    }

    private static Answer read(int status, String body) {
        return BlandCallStatusLookup.read(status, body.getBytes(StandardCharsets.UTF_8));
    }
}
