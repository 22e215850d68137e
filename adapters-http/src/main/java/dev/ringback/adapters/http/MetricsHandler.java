package dev.ringback.adapters.http;

import dev.ringback.application.port.in.ListDeliveriesUseCase;
import dev.ringback.application.port.out.StoreActivity;
import dev.ringback.domain.account.Secret;
import dev.ringback.domain.delivery.DeliveryState;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Optional;

/**
 * The outbox as gauges in Prometheus's text format: deliveries by state, the pending ones by where
 * they stand, and how long the oldest has been owed, which is what to alert on (a machine that
 * stays asleep, a gateway that refuses). Read from {@link ListDeliveriesUseCase#summary()}. When
 * the store offers {@link StoreActivity}, its writer's counters follow: the share of the wall
 * clock it spends writing, committing and restarting its log (near one second a second, the
 * database is the limit), its queue, and the time per durable commit (the disk's sync).
 */
final class MetricsHandler implements HttpHandler {
    static final String PATH = "/metrics";
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final byte[] token;
    private final ListDeliveriesUseCase outbox;
    private final Optional<StoreActivity> store;
    private final AuthThrottle throttle;

    /** {@code throttle} is the API's: failures here count towards a client's budget there, and back. */
    MetricsHandler(Secret token, ListDeliveriesUseCase outbox, Optional<StoreActivity> store, AuthThrottle throttle) {
        this.token = token.value().getBytes(StandardCharsets.UTF_8);
        this.outbox = outbox;
        this.store = store;
        this.throttle = throttle;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        throttle.checkAllowed(exchange);
        ExchangeCredentials credentials = new ExchangeCredentials(exchange);
        if (credentials.header(Headers.AUTHORIZATION_STRING).isEmpty()) {
            refuse(exchange, Authentication.MISSING_AUTHORIZATION);
            return;
        }
        // Compared in constant time: how long a wrong token took says nothing about the right one.
        Optional<String> presented = credentials.bearerToken();
        if (presented.isEmpty() || !MessageDigest.isEqual(token, presented.get().getBytes(StandardCharsets.UTF_8))) {
            refuse(exchange, Authentication.INVALID_TOKEN);
            return;
        }
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, CONTENT_TYPE);
        exchange.getResponseSender().send(text(outbox.summary(), store));
    }

    private void refuse(HttpServerExchange exchange, String message) {
        throttle.recordFailure(exchange);
        JsonResponses.error(exchange, 401, message);
    }

    static String text(ListDeliveriesUseCase.Summary summary, Optional<StoreActivity> store) {
        StringBuilder out = new StringBuilder(2048);
        gauge(out, "ringback_deliveries", "Deliveries in the outbox, by state.");
        for (DeliveryState state : DeliveryState.values()) {
            out.append("ringback_deliveries{state=\"").append(state.wireName()).append("\"} ")
                    .append(summary.count(state)).append('\n');
        }
        gauge(out, "ringback_deliveries_pending", "Pending deliveries: due now, being sent, or waiting for a retry.");
        out.append("ringback_deliveries_pending{stand=\"due\"} ").append(summary.dueNow()).append('\n');
        out.append("ringback_deliveries_pending{stand=\"sending\"} ").append(summary.beingSent()).append('\n');
        out.append("ringback_deliveries_pending{stand=\"waiting\"} ").append(summary.waitingForRetry()).append('\n');
        gauge(out, "ringback_oldest_owed_seconds", "How long the oldest pending delivery has been owed; 0 when none is.");
        out.append("ringback_oldest_owed_seconds ")
                .append(summary.oldestOwedAge().map(Duration::toSeconds).orElse(0L)).append('\n');
        counter(out, "ringback_deliveries_revived_total",
                "Dead letters this process sent again, once each, because their machine answered again.");
        out.append("ringback_deliveries_revived_total ").append(summary.revivedSinceStart()).append('\n');
        store.ifPresent(activity -> storeCounters(out, activity.totals(), activity.writesWaiting()));
        return out.toString();
    }

    private static void storeCounters(StringBuilder out, StoreActivity.Totals totals, int waiting) {
        gauge(out, "ringback_store_writes_waiting", "Writes queued for the store's writer and not yet begun.");
        out.append("ringback_store_writes_waiting ").append(waiting).append('\n');
        counter(out, "ringback_store_writes_total", "Writes the store's writer has committed (a webhook's outcome is one).");
        out.append("ringback_store_writes_total ").append(totals.writes()).append('\n');
        counter(out, "ringback_store_commits_total", "Transactions the store's writer has committed, each holding one write or more.");
        out.append("ringback_store_commits_total ").append(totals.commits()).append('\n');
        counter(out, "ringback_store_durable_commits_total",
                "Of those, the transactions of writes answered only once durable (synced at commit under synchronous=FULL).");
        out.append("ringback_store_durable_commits_total ").append(totals.durableCommits()).append('\n');
        counter(out, "ringback_store_durable_commit_seconds_total",
                "The writer's time committing those, syncs included: over their count, what the disk makes a durable write wait.");
        out.append("ringback_store_durable_commit_seconds_total ").append(seconds(totals.durableCommittingNanos())).append('\n');
        counter(out, "ringback_store_wal_restarts_total", "Times the store's writer started its write-ahead log over.");
        out.append("ringback_store_wal_restarts_total ").append(totals.walRestarts()).append('\n');
        counter(out, "ringback_store_writer_seconds_total",
                "The store's writer's time: running writes, committing them (syncs included), restarting its log; the rest it waited for work.");
        out.append("ringback_store_writer_seconds_total{doing=\"writing\"} ").append(seconds(totals.writingNanos())).append('\n');
        out.append("ringback_store_writer_seconds_total{doing=\"committing\"} ").append(seconds(totals.committingNanos()))
                .append('\n');
        out.append("ringback_store_writer_seconds_total{doing=\"restarting\"} ").append(seconds(totals.restartingNanos()))
                .append('\n');
    }

    /** Exact to the nanosecond, never in exponent form. */
    private static String seconds(long nanos) {
        return BigDecimal.valueOf(nanos, 9).toPlainString();
    }

    private static void counter(StringBuilder out, String name, String help) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(" counter\n");
    }

    private static void gauge(StringBuilder out, String name, String help) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(" gauge\n");
    }
}
