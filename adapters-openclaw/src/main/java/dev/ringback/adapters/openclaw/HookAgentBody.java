package dev.ringback.adapters.openclaw;

import dev.ringback.domain.notify.AgentNotification;
import dev.ringback.domain.notify.NotificationPolicy;

/**
 * The {@code /hooks/agent} payload of the current gateway contract (2026-07-29 and later): the
 * conversation's full key with {@code sessionMode:"persistent"} so that the run is appended to
 * that conversation's history. {@code channel}/{@code to} are never sent: current gateways refuse
 * {@code channel:"last"}, and the reply belongs to the session, not to a channel.
 *
 * <p>The same notification always gives the same bytes (fixed field order, no clock, no random
 * ids): the gateway only recognises a retry as a replay when the dispatch fields are identical.
 */
final class HookAgentBody {
    private HookAgentBody() {}

    static byte[] of(AgentNotification notification) {
        return Json.written(notification.message().length() + 256, json -> {
            json.writeStartObject();
            json.writeStringField("message", notification.message());
            json.writeStringField("name", notification.name());
            json.writeStringField("sessionKey", notification.sessionKey().value());
            json.writeStringField("sessionMode", NotificationPolicy.SESSION_MODE);
            json.writeStringField("wakeMode", "now");
            json.writeBooleanField("deliver", true);
            json.writeStringField("idempotencyKey", notification.idempotencyKey());
            json.writeEndObject();
        });
    }
}
