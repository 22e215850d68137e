package dev.ringback.adapters.openclaw.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** What the fake gateway keeps: transcripts, accepted runs, the replay cache and the file server's files. */
final class GatewayState {
    static final int REPLAY_CAPACITY = 1_000;
    static final Duration REPLAY_TTL = Duration.ofMinutes(5);

    private final Clock clock;
    private final Map<String, List<HistoryEntry>> histories = new LinkedHashMap<>();
    private final List<ThrowawaySession> throwaways = new ArrayList<>();
    private final List<HookRun> runs = new ArrayList<>();
    private final List<RecordedRequest> requests = new ArrayList<>();
    private final Map<String, String> files = new LinkedHashMap<>();
    private final LinkedHashMap<String, Replay> replays = new LinkedHashMap<>() {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Replay> eldest) {
            return size() > REPLAY_CAPACITY;
        }
    };
    private int runCounter;

    private record Replay(String runId, Instant completedAt) {}

    /** A validated hook request, ready to become a run. */
    record RunRequest(String sessionKey, boolean persistent, Optional<String> idempotencyKey, Map<String, Object> payload,
            byte[] rawBody, Map<String, List<String>> headers, String message, String name) {}

    record Admission(String runId, boolean replayed) {}

    GatewayState(Clock clock) {
        this.clock = clock;
    }

    synchronized void record(RecordedRequest request) {
        requests.add(request);
    }

    /** Starts a run, or returns the run an identical earlier request (same fingerprint) started. */
    synchronized Admission admit(Optional<String> replayFingerprint, RunRequest request) {
        Instant now = clock.instant();
        expireReplays(now);
        Optional<Replay> earlier = replayFingerprint.map(replays::get);
        if (earlier.isPresent()) {
            return new Admission(earlier.get().runId(), true);
        }
        String runId = "run-" + (++runCounter) + "-" + UUID.randomUUID().toString().substring(0, 8);
        List<HistoryEntry> transcript = List.of(
                HistoryEntry.user(request.message()),
                HistoryEntry.assistant("(fake agent) noted the " + request.name() + " notification"));
        if (request.persistent()) {
            histories.computeIfAbsent(request.sessionKey(), k -> new ArrayList<>()).addAll(transcript);
        } else {
            throwaways.add(new ThrowawaySession(runId, request.sessionKey(), transcript));
        }
        runs.add(new HookRun(runId, request.sessionKey(), request.persistent(), request.idempotencyKey(),
                request.payload(), request.rawBody(), request.headers()));
        replayFingerprint.ifPresent(fingerprint -> replays.put(fingerprint, new Replay(runId, now)));
        return new Admission(runId, false);
    }

    private void expireReplays(Instant now) {
        Iterator<Replay> it = replays.values().iterator();
        while (it.hasNext()) {
            if (!it.next().completedAt().plus(REPLAY_TTL).isAfter(now)) {
                it.remove();
            }
        }
    }

    synchronized void seed(String sessionKey, List<HistoryEntry> entries) {
        histories.computeIfAbsent(sessionKey, k -> new ArrayList<>()).addAll(entries);
    }

    synchronized List<HistoryEntry> history(String sessionKey) {
        return List.copyOf(histories.getOrDefault(sessionKey, List.of()));
    }

    synchronized List<HookRun> runs() {
        return List.copyOf(runs);
    }

    synchronized List<ThrowawaySession> throwaways() {
        return List.copyOf(throwaways);
    }

    synchronized List<RecordedRequest> requests() {
        return List.copyOf(requests);
    }

    synchronized void storeFile(String path, String content) {
        files.put(path, content);
    }

    synchronized Optional<String> file(String path) {
        return Optional.ofNullable(files.get(path));
    }

    synchronized Map<String, String> files() {
        return Map.copyOf(files);
    }

    /** A gateway restart: transcripts and files are on disk, the replay cache was in memory. */
    synchronized void forgetReplays() {
        replays.clear();
    }
}
