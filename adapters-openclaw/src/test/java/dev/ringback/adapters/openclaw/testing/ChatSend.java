package dev.ringback.adapters.openclaw.testing;

/** A {@code chat.send} the gateway accepted and ran (a replayed idempotency key is not one). */
public record ChatSend(String runId, String sessionKey, String message, String idempotencyKey) {}
