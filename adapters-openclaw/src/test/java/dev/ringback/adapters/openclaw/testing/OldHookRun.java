package dev.ringback.adapters.openclaw.testing;

/** A run an old gateway started from {@code /hooks/agent}, filed under {@code sessionKey} (as the gateway mangled it). */
public record OldHookRun(String runId, String sessionKey, String message) {}
