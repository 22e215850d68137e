package dev.ringback.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ringback.application.port.in.ListDeliveriesUseCase;
import dev.ringback.application.port.out.StoreActivity;
import dev.ringback.domain.account.MachineId;
import dev.ringback.domain.account.Secret;
import dev.ringback.domain.call.CallId;
import dev.ringback.domain.delivery.DeliveryId;
import dev.ringback.domain.delivery.DeliveryKind;
import dev.ringback.domain.delivery.DeliverySnapshot;
import dev.ringback.domain.delivery.DeliveryState;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code GET /metrics}: the outbox's gauges for a monitoring system that holds the token, and nothing for anyone else. */
class MetricsEndpointTest {
    private static final HttpServerSettings SETTINGS = new HttpServerSettings("127.0.0.1", 0, URI.create("http://127.0.0.1"), 2048);
    private static final Secret TOKEN = new Secret("metrics-token-0123456789");
    private static final Instant NOW = Instant.parse("2026-11-27T05:00:00Z");
    private static final AuthThrottle OFF = new AuthThrottle(AuthThrottleSettings.OFF, () -> NOW);

    private final HttpClient client = HttpClient.newHttpClient();
    private RingbackHttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
    }

    /** Two delivered, one dead, four pending (two due, one being sent, one waiting), the oldest owed 90 minutes. */
    private static final class FixedOutbox implements ListDeliveriesUseCase {
        @Override
        public List<DeliverySnapshot> list(Optional<DeliveryState> state, int limit) {
            return List.of();
        }

        @Override
        public Optional<DeliverySnapshot> show(DeliveryId id) {
            return Optional.empty();
        }

        @Override
        public Summary summary() {
            Map<DeliveryState, Long> byState = new EnumMap<>(DeliveryState.class);
            byState.put(DeliveryState.DELIVERED, 2L);
            byState.put(DeliveryState.DEAD, 1L);
            byState.put(DeliveryState.PENDING, 4L);
            Instant owedSince = NOW.minusSeconds(5400);
            DeliverySnapshot oldest = new DeliverySnapshot(new DeliveryId("d-1"), new CallId("c-1"), new MachineId("m-1"),
                    DeliveryKind.NOTIFICATION, "agent:main:x", "the transcript", "ringback-call-c-1", DeliveryState.PENDING,
                    3, NOW.plusSeconds(600), Optional.of("no answer"), owedSince, Optional.empty());
            return new Summary(NOW, byState, 2, 1, 1, Optional.of(oldest), Map.of(new MachineId("m-1"), 1L), 3);
        }
    }

    private RingbackHttpServer start(Optional<MetricsSettings> settings) {
        return start(settings, AuthThrottleSettings.OFF);
    }

    private RingbackHttpServer start(Optional<MetricsSettings> settings, AuthThrottleSettings throttle) {
        return start(settings, throttle, Optional.empty());
    }

    private RingbackHttpServer start(Optional<MetricsSettings> settings, AuthThrottleSettings throttle,
            Optional<StoreActivity> store) {
        server = new RingbackHttpServer(SETTINGS, HttpAdapterModule.metrics(settings, Optional.of(new FixedOutbox()), store,
                new AuthThrottle(throttle, () -> NOW)));
        server.start();
        return server;
    }

    private HttpResponse<String> get(Optional<String> authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.localUri().resolve(MetricsHandler.PATH)).GET();
        authorization.ifPresent(value -> request.header("Authorization", value));
        return client.send(request.build(), BodyHandlers.ofString());
    }

    @Test
    void theHolderOfTheTokenGetsTheOutboxAsGauges() throws Exception {
        start(Optional.of(new MetricsSettings(Optional.of(TOKEN))));

        HttpResponse<String> response = get(Optional.of("Bearer " + TOKEN.value()));

        assertThat(get(Optional.of("bearer " + TOKEN.value())).statusCode()).as("the scheme's case is free").isEqualTo(200);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).contains(MetricsHandler.CONTENT_TYPE);
        assertThat(response.headers().firstValue("X-Content-Type-Options")).as("text is not sniffed either").contains("nosniff");
        assertThat(response.body()).contains(
                "# TYPE ringback_deliveries gauge\n",
                "ringback_deliveries{state=\"pending\"} 4\n",
                "ringback_deliveries{state=\"delivered\"} 2\n",
                "ringback_deliveries{state=\"failed\"} 0\n",
                "ringback_deliveries{state=\"dead\"} 1\n",
                "ringback_deliveries_pending{stand=\"due\"} 2\n",
                "ringback_deliveries_pending{stand=\"sending\"} 1\n",
                "ringback_deliveries_pending{stand=\"waiting\"} 1\n",
                "ringback_oldest_owed_seconds 5400\n",
                "# TYPE ringback_deliveries_revived_total counter\n",
                "ringback_deliveries_revived_total 3\n")
                .doesNotContain("the transcript").doesNotContain("m-1").doesNotContain("ringback_store_");
    }

    @Test
    void aStoreThatKeepsItsWritersActivityShowsItAsCounters() throws Exception {
        StoreActivity store = new StoreActivity() {
            @Override
            public Totals totals() {
                return new Totals(1_234, 98, 2_500_000_001L, 40_000L, 60, 30_000L, 3, 7_000_000L);
            }

            @Override
            public int writesWaiting() {
                return 17;
            }
        };
        start(Optional.of(new MetricsSettings(Optional.of(TOKEN))), AuthThrottleSettings.OFF, Optional.of(store));

        HttpResponse<String> response = get(Optional.of("Bearer " + TOKEN.value()));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains(
                "ringback_oldest_owed_seconds 5400\n",
                "# TYPE ringback_store_writes_total counter\n",
                "ringback_store_writes_total 1234\n",
                "# TYPE ringback_store_commits_total counter\n",
                "ringback_store_commits_total 98\n",
                "# TYPE ringback_store_writer_seconds_total counter\n",
                "ringback_store_writer_seconds_total{doing=\"writing\"} 2.500000001\n",
                "ringback_store_writer_seconds_total{doing=\"committing\"} 0.000040000\n",
                "ringback_store_writer_seconds_total{doing=\"restarting\"} 0.007000000\n",
                "# TYPE ringback_store_wal_restarts_total counter\n",
                "ringback_store_wal_restarts_total 3\n",
                "# TYPE ringback_store_durable_commits_total counter\n",
                "ringback_store_durable_commits_total 60\n",
                "# TYPE ringback_store_durable_commit_seconds_total counter\n",
                "ringback_store_durable_commit_seconds_total 0.000030000\n",
                "# TYPE ringback_store_writes_waiting gauge\n",
                "ringback_store_writes_waiting 17\n");
    }

    @Test
    void anyoneElseIsRefusedWithoutACount() throws Exception {
        start(Optional.of(new MetricsSettings(Optional.of(TOKEN))));

        for (Optional<String> wrong : List.of(Optional.<String>empty(), Optional.of("Bearer metrics-token-0123456780"),
                Optional.of(TOKEN.value()), Optional.of("Bearer " + TOKEN.value() + "x"), Optional.of("Basic " + TOKEN.value()),
                Optional.of("Bearer"))) {
            HttpResponse<String> response = get(wrong);

            assertThat(response.statusCode()).as(wrong.toString()).isEqualTo(401);
            assertThat(response.body()).as(wrong.toString()).startsWith("{\"error\":").doesNotContain("ringback_");
        }
    }

    /** As with the API's other tokens: once a client has failed too often, even the right token waits. */
    @Test
    void aClientThatFailedTooOftenIsHeldOffAsTheApiHoldsItOff() throws Exception {
        start(Optional.of(new MetricsSettings(Optional.of(TOKEN))), new AuthThrottleSettings(2, java.time.Duration.ofSeconds(60)));

        assertThat(get(Optional.of("Bearer " + TOKEN.value())).statusCode()).as("successes are not counted").isEqualTo(200);
        assertThat(get(Optional.of("Bearer wrong-token-0123456789")).statusCode()).isEqualTo(401);
        assertThat(get(Optional.empty()).statusCode()).isEqualTo(401);
        HttpResponse<String> held = get(Optional.of("Bearer " + TOKEN.value()));

        assertThat(held.statusCode()).isEqualTo(429);
        assertThat(held.headers().firstValue("Retry-After")).contains("60");
        assertThat(held.body()).contains(AuthThrottle.TOO_MANY_FAILURES).doesNotContain("ringback_");
    }

    @Test
    void withoutATokenThereIsNoSuchPath() throws Exception {
        assertThat(HttpAdapterModule.metrics(Optional.empty(), Optional.of(new FixedOutbox()), Optional.empty(), OFF)).isEmpty();
        assertThat(HttpAdapterModule.metrics(Optional.of(MetricsSettings.OFF), Optional.of(new FixedOutbox()), Optional.empty(), OFF)).isEmpty();
        assertThat(HttpAdapterModule.metrics(Optional.of(new MetricsSettings(Optional.of(TOKEN))), Optional.empty(), Optional.empty(), OFF)).isEmpty();
        start(Optional.of(MetricsSettings.OFF));

        assertThat(get(Optional.of("Bearer " + TOKEN.value())).statusCode()).isEqualTo(404);
    }

    @Test
    void aShortTokenIsRefused() {
        assertThatThrownBy(() -> new MetricsSettings(Optional.of(new Secret("short"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("16");
    }

    @Test
    void nothingOwedReadsZero() {
        ListDeliveriesUseCase.Summary empty = new ListDeliveriesUseCase.Summary(NOW, Map.of(), 0, 0, 0, Optional.empty(), Map.of());

        assertThat(MetricsHandler.text(empty, Optional.empty())).contains("ringback_oldest_owed_seconds 0\n",
                "ringback_deliveries{state=\"pending\"} 0\n");
    }
}
