package dev.ringback.adapters.openclaw;

import dev.ringback.domain.account.Machine;
import dev.ringback.domain.account.Secret;
import dev.ringback.domain.delivery.AttemptResult;
import dev.ringback.domain.notify.AgentNotification;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Asks a machine whether an earlier attempt already put a notification into its conversation,
 * before the hooks route sends it again. The gateway absorbs a repeated idempotency key only
 * while it remembers it (about five minutes, a thousand keys, never across a restart); the
 * conversation's history is what lasts. Reads {@code GET /sessions/<key>/history} (2026.9.6,
 * gateway token) and looks for the call's marker. A gateway without that route (which answers
 * the path with its control UI's page, or a bare 404) is read over the WebSocket instead, with
 * {@code chat.history}, as the chat route reads every conversation.
 */
final class SessionHistoryCheck {
    /**
     * As many of the newest messages as the gateway gives (both versions cap a read at 1,000). A
     * crash can leave a machine's run of up to 128 deliveries in doubt, each notification followed
     * by the agent's turn; 200 messages could miss the run's first ones and send them again. An
     * operator's replay of a dead letter days later, into a conversation that has moved on
     * further, is sent with its idempotency key alone.
     */
    static final int MESSAGES = 1_000;

    private final GatewayHttp http;
    private final OpenClawChatNotifier webSocket;

    SessionHistoryCheck(GatewayHttp http, OpenClawChatNotifier webSocket) {
        this.http = http;
        this.webSocket = webSocket;
    }

    /** What the check found: a result to record without sending, or a go-ahead to send. */
    sealed interface Finding permits Settled, Send {}

    /** Delivered (the marker is there), or retryable (the machine cannot answer now; sending blind could run the turn twice). */
    record Settled(AttemptResult result) implements Finding {}

    /**
     * Send it: the marker is absent or the session does not exist yet; or, with {@code unread}
     * saying why, neither history could be read with the gateway token, and the idempotency key
     * is all there is.
     */
    record Send(Optional<String> unread) implements Finding {
        static final Send CHECKED = new Send(Optional.empty());

        static Send unread(String why) {
            return new Send(Optional.of(why));
        }
    }

    Finding landed(Machine machine, AgentNotification notification) {
        HttpRequest request;
        try {
            request = http.request(historyUri(machine.appUrl(), notification.sessionKey().value()))
                    .header("Authorization", "Bearer " + machine.gatewayToken().value())
                    .header("Accept", "application/json")
                    .GET()
                    .build();
        } catch (IllegalArgumentException e) {
            return Send.unread("history URL cannot be built");
        }
        byte[] marker = notification.marker().getBytes(StandardCharsets.UTF_8);
        GatewayAnswer answer = http.exchange(request, info -> info.statusCode() / 100 == 2 && isJson(info.headers())
                ? new MarkerScanningSubscriber(marker)
                : new LimitedBodySubscriber());
        if (answer instanceof GatewayAnswer.Unreachable) {
            return notNow(new AttemptResult.Retryable(((GatewayAnswer.Unreachable) answer).detail(), Optional.empty()));
        }
        GatewayAnswer.Response response = (GatewayAnswer.Response) answer;
        if (noHistoryRoute(response)) {
            return overWebSocket(machine, notification);
        }
        if (response.isSuccess()) {
            return response.body().length > 0
                    ? new Settled(new AttemptResult.Delivered("already in session history"))
                    : Send.CHECKED;
        }
        AttemptResult refused = AnswerClassifier.unsuccessful(response, http.now(),
                List.<Secret>of(machine.hookToken(), machine.gatewayToken()));
        if (refused instanceof AttemptResult.Retryable) {
            return notNow((AttemptResult.Retryable) refused);
        }
        // A JSON 404 is a session that does not exist yet; 401/403 a gateway token that cannot read it.
        return response.status() == 404 ? Send.CHECKED : Send.unread("history answered " + response.status());
    }

    private Finding overWebSocket(Machine machine, AgentNotification notification) {
        Optional<AttemptResult> found = webSocket.findInHistory(machine, notification);
        if (found.isEmpty()) {
            return Send.CHECKED;
        }
        AttemptResult result = found.get();
        if (result instanceof AttemptResult.Refused) {
            return Send.unread("no HTTP history route, and " + result.detail());
        }
        return result instanceof AttemptResult.Retryable ? notNow((AttemptResult.Retryable) result) : new Settled(result);
    }

    /** The history cannot be read now: retried later, its detail saying it was the check that failed. */
    private static Settled notNow(AttemptResult.Retryable why) {
        return new Settled(new AttemptResult.Retryable("history check: " + why.detail(), why.retryAfter()));
    }

    /**
     * The gateway has no such route: its control UI's page where a history was asked for, or a
     * 404 or 405 that is not the gateway's JSON error (a 2026.9.6 gateway answers a session it
     * does not have with a JSON 404).
     */
    private static boolean noHistoryRoute(GatewayAnswer.Response response) {
        return !isJson(response.headers()) && (response.isSuccess() || response.status() == 404 || response.status() == 405);
    }

    private static boolean isJson(HttpHeaders headers) {
        return headers.firstValue("Content-Type")
                .map(type -> type.toLowerCase(Locale.ROOT).contains("json"))
                .orElse(false);
    }

    static URI historyUri(URI appUrl, String sessionKey) {
        String segment = URLEncoder.encode(sessionKey, StandardCharsets.UTF_8).replace("+", "%20");
        return Machine.under(appUrl, "/sessions/" + segment + "/history?limit=" + MESSAGES);
    }
}
