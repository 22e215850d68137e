package dev.ringback.domain.notify;

import dev.ringback.domain.session.SessionKey;
import java.util.Objects;

/**
 * What the agent is told when a call ends, addressed to the call's own conversation. The
 * idempotency key is derived from the call alone, so every retry is byte-identical and a gateway
 * that has already started the run recognises it. A gateway forgets those keys after minutes or a
 * restart, so when {@code resend} says an earlier attempt may have landed, a sender that can read
 * the conversation looks for the {@code marker} first.
 */
public record AgentNotification(SessionKey sessionKey, String name, String message, String idempotencyKey, String marker,
        boolean resend) {
    /** A first attempt: nothing can have landed yet. */
    public AgentNotification(SessionKey sessionKey, String name, String message, String idempotencyKey, String marker) {
        this(sessionKey, name, message, idempotencyKey, marker, false);
    }

    public AgentNotification {
        Objects.requireNonNull(sessionKey, "sessionKey");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
        Objects.requireNonNull(marker, "marker");
        if (message.isBlank()) {
            throw new IllegalArgumentException("a notification needs a message");
        }
        if (idempotencyKey.isBlank() || idempotencyKey.length() > 256) {
            throw new IllegalArgumentException("an idempotency key is 1 to 256 characters");
        }
        if (!message.contains(marker)) {
            throw new IllegalArgumentException("the message must carry its call marker");
        }
    }
}
