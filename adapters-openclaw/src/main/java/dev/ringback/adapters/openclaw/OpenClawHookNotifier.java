package dev.ringback.adapters.openclaw;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ringback.application.port.out.AgentNotifier;
import dev.ringback.domain.account.Machine;
import dev.ringback.domain.account.Secret;
import dev.ringback.domain.delivery.AttemptResult;
import dev.ringback.domain.notify.AgentNotification;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.Optional;

/**
 * Hands a call notification to the agent through the machine's {@code POST {hooksPath}/agent},
 * into the conversation named by the notification. One attempt per call; the outbox retries. The
 * idempotency key (header and payload) lets the gateway absorb a retry of a run it started while
 * it remembers the key; a retry after an attempt that may have landed first reads the
 * conversation's history, which outlasts that memory (over HTTP, or over the WebSocket on a
 * gateway without the HTTP history route).
 */
final class OpenClawHookNotifier implements AgentNotifier {
    private static final int TOO_OLD_FOR_THIS_ROUTE = 202;

    private final GatewayHttp http;
    private final SessionHistoryCheck history;

    @Inject
    OpenClawHookNotifier(GatewayHttp http, OpenClawChatNotifier chat) {
        this.http = http;
        this.history = new SessionHistoryCheck(http, chat);
    }

    @Override
    public AttemptResult deliver(Machine machine, AgentNotification notification) {
        Optional<String> historyUnread = Optional.empty();
        if (notification.resend()) {
            SessionHistoryCheck.Finding finding = history.landed(machine, notification);
            if (finding instanceof SessionHistoryCheck.Settled) {
                return ((SessionHistoryCheck.Settled) finding).result();
            }
            historyUnread = ((SessionHistoryCheck.Send) finding).unread();
        }
        HttpRequest request;
        try {
            URI uri = Machine.under(machine.appUrl(), Endpoints.hookAgentPath(machine.hooksPath()));
            request = http.request(uri)
                    .header("Authorization", "Bearer " + machine.hookToken().value())
                    .header("Content-Type", "application/json")
                    .header("Idempotency-Key", notification.idempotencyKey())
                    .POST(new ByteArrayBody(HookAgentBody.of(notification)))
                    .build();
        } catch (IllegalArgumentException e) {
            // The URL or a header value cannot be sent at all; no retry changes that.
            return new AttemptResult.Refused("hook request cannot be built for this machine");
        }
        GatewayAnswer answer = http.exchange(request);
        if (answer instanceof GatewayAnswer.Unreachable) {
            return AnswerClassifier.unreachable((GatewayAnswer.Unreachable) answer);
        }
        GatewayAnswer.Response response = (GatewayAnswer.Response) answer;
        List<Secret> hidden = List.of(machine.hookToken(), machine.gatewayToken());
        if (!response.isSuccess()) {
            return AnswerClassifier.unsuccessful(response, http.now(), hidden);
        }
        if (response.status() == TOO_OLD_FOR_THIS_ROUTE) {
            // Only gateways up to 2026.3.1 answer 202, and none of those can put a hook run into an
            // existing conversation: the run exists, but not where the agent asked. Kept for replay.
            return new AttemptResult.Refused("202: gateway too old for the hooks route; run detect-gateway --apply");
        }
        Optional<JsonNode> json = Json.parse(response.body());
        if (json.isEmpty() || !json.get().path("ok").isBoolean()) {
            // A page from a proxy or a control UI at the hooks path is not a run; "delivered" would drop the body.
            return new AttemptResult.Refused(response.status() + " without a gateway answer; check the app URL and hooks path");
        }
        if (!json.get().path("ok").asBoolean()) {
            String reason = json.flatMap(node -> Optional.ofNullable(node.get("error")))
                    .filter(JsonNode::isTextual)
                    .flatMap(node -> AnswerClassifier.logSafe(node.asText(), hidden))
                    .orElse("ok:false");
            return new AttemptResult.Refused(response.status() + " " + reason);
        }
        // 200 (current gateways, after run admission): the run exists in the conversation.
        String runId = json.map(node -> node.path("runId"))
                .filter(JsonNode::isTextual)
                .flatMap(node -> AnswerClassifier.logSafe(node.asText(), hidden))
                .map(id -> " runId=" + id)
                .orElse("");
        // The operator's sign that this machine's resends rest on the gateway's memory of the key alone.
        String unchecked = historyUnread.map(why -> "; resent unchecked: " + why).orElse("");
        return new AttemptResult.Delivered(response.status() + runId + unchecked);
    }
}
