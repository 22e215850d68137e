package dev.ringback.adapters.openclaw.testing;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * What an old gateway keeps: each session key points at its CURRENT transcript; a transcript the
 * gateway rolled over to a new one stays on disk but nobody sees it again (orphaned). Durable
 * state survives {@link #forgetMemory()}; the idempotency cache does not.
 */
final class OldGatewayState {
    record Transcript(String id, String sessionKey, List<HistoryEntry> entries) {}

    private final Map<String, Transcript> current = new LinkedHashMap<>();
    private final List<Transcript> orphaned = new ArrayList<>();
    private final Map<String, String> runIdsByIdempotencyKey = new HashMap<>();
    private final List<ChatSend> sends = new ArrayList<>();
    private final List<OldHookRun> hookRuns = new ArrayList<>();

    synchronized void seed(String key, List<HistoryEntry> entries) {
        transcript(key).entries().addAll(entries);
    }

    synchronized List<HistoryEntry> history(String key) {
        return Optional.ofNullable(current.get(key)).map(t -> List.copyOf(t.entries())).orElse(List.of());
    }

    synchronized Optional<String> transcriptId(String key) {
        return Optional.ofNullable(current.get(key)).map(Transcript::id);
    }

    synchronized List<ThrowawaySession> orphaned() {
        return orphaned.stream().map(t -> new ThrowawaySession(t.id(), t.sessionKey(), t.entries())).toList();
    }

    synchronized List<String> sessionKeys() {
        return List.copyOf(current.keySet());
    }

    synchronized void append(String key, HistoryEntry entry) {
        transcript(key).entries().add(entry);
    }

    /** The 2026.1.30 hook bug: the session gets a brand-new transcript; the old one is orphaned. */
    synchronized void rollOver(String key, List<HistoryEntry> entries) {
        Transcript old = current.remove(key);
        if (old != null) {
            orphaned.add(old);
        }
        transcript(key).entries().addAll(entries);
    }

    synchronized Optional<String> replayOf(String idempotencyKey) {
        return Optional.ofNullable(runIdsByIdempotencyKey.get(idempotencyKey));
    }

    /**
     * An accepted {@code chat.send}: its message appended to the session's transcript and the send
     * recorded in one step, so that whoever sees the message in the history also sees the send.
     */
    synchronized void acceptSend(ChatSend send) {
        transcript(send.sessionKey()).entries().add(HistoryEntry.user(send.message()));
        runIdsByIdempotencyKey.put(send.idempotencyKey(), send.runId());
        sends.add(send);
    }

    synchronized List<ChatSend> sends() {
        return List.copyOf(sends);
    }

    synchronized void recordHookRun(OldHookRun run) {
        hookRuns.add(run);
    }

    /** A persistent hook run: appended to its session, remembered by its idempotency key, recorded; one step. */
    synchronized void acceptHookRun(OldHookRun hookRun, List<HistoryEntry> entries, String idempotencyKey) {
        transcript(hookRun.sessionKey()).entries().addAll(entries);
        if (!idempotencyKey.isEmpty()) {
            runIdsByIdempotencyKey.put(idempotencyKey, hookRun.runId());
        }
        hookRuns.add(hookRun);
    }

    synchronized List<OldHookRun> hookRuns() {
        return List.copyOf(hookRuns);
    }

    synchronized void forgetMemory() {
        runIdsByIdempotencyKey.clear();
    }

    private Transcript transcript(String key) {
        return current.computeIfAbsent(key, k -> new Transcript(UUID.randomUUID().toString(), k, new ArrayList<>()));
    }
}
