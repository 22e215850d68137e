package dev.ringback.adapters.openclaw;

import dev.ringback.domain.account.Machine;
import dev.ringback.domain.account.Secret;
import dev.ringback.domain.delivery.AttemptResult;
import dev.ringback.domain.notify.AgentNotification;
import java.lang.System.Logger.Level;
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
    private static final System.Logger LOG = System.getLogger(SessionHistoryCheck.class.getName());
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

    /**
     * Delivered when the marker is there; a retryable result when the machine cannot answer now
     * (sending blind could run the turn twice); empty when the notification should be sent: the
     * marker is absent, the session does not exist yet, or neither history can be read with the
     * gateway token (then the idempotency key is all there is).
     */
    Optional<AttemptResult> landed(Machine machine, AgentNotification notification) {
        HttpRequest request;
        try {
            request = http.request(historyUri(machine.appUrl(), notification.sessionKey().value()))
                    .header("Authorization", "Bearer " + machine.gatewayToken().value())
                    .header("Accept", "application/json")
                    .GET()
                    .build();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        byte[] marker = notification.marker().getBytes(StandardCharsets.UTF_8);
        GatewayAnswer answer = http.exchange(request, info -> info.statusCode() / 100 == 2 && isJson(info.headers())
                ? new MarkerScanningSubscriber(marker)
                : new LimitedBodySubscriber());
        if (answer instanceof GatewayAnswer.Unreachable) {
            return Optional.of(new AttemptResult.Retryable("history check: " + ((GatewayAnswer.Unreachable) answer).detail(),
                    Optional.empty()));
        }
        GatewayAnswer.Response response = (GatewayAnswer.Response) answer;
        if (noHistoryRoute(response)) {
            return webSocket.findInHistory(machine, notification);
        }
        if (response.isSuccess()) {
            return response.body().length > 0
                    ? Optional.of(new AttemptResult.Delivered("already in session history"))
                    : Optional.empty();
        }
        AttemptResult refused = AnswerClassifier.unsuccessful(response, http.now(),
                List.<Secret>of(machine.hookToken(), machine.gatewayToken()));
        if (refused instanceof AttemptResult.Retryable) {
            AttemptResult.Retryable retryable = (AttemptResult.Retryable) refused;
            return Optional.of(new AttemptResult.Retryable("history check: " + retryable.detail(), retryable.retryAfter()));
        }
        // 404 is a session that does not exist yet; 401/403 a gateway token that cannot read it.
        LOG.log(Level.DEBUG, "history check answered {0}; sending with the idempotency key alone", response.status());
        return Optional.empty();
    }

    /**
     * The gateway has no such route: its control UI's page where a history was asked for, or a
     * 404 or 405 that is not the gateway's JSON error (a 2026.9.6 gateway answers a session it
     * does not have with a JSON 404).
     */
    private static boolean noHistoryRoute(GatewayAnswer.Response response) {
        boolean json = isJson(response.headers());
        return response.isSuccess() ? !json : (response.status() == 404 || response.status() == 405) && !json;
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
