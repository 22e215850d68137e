package dev.ringback.domain.call;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** What the telephony provider reported when a call ended. */
public record CallOutcome(
        CallStatus status,
        int durationSeconds,
        String transcript,
        String summary,
        Optional<String> recordingUrl,
        Optional<Instant> endedAt) {

    public CallOutcome {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(transcript, "transcript");
        Objects.requireNonNull(summary, "summary");
        Objects.requireNonNull(recordingUrl, "recordingUrl");
        Objects.requireNonNull(endedAt, "endedAt");
        if (!status.isTerminal()) {
            throw new IllegalArgumentException("an outcome has a terminal status");
        }
        if (durationSeconds < 0) {
            throw new IllegalArgumentException("duration cannot be negative");
        }
    }

    /** The platform's rule: Bland reports fractional minutes; we keep whole seconds. */
    public static int secondsFromMinutes(double minutes) {
        if (Double.isNaN(minutes) || minutes <= 0) {
            return 0;
        }
        return (int) Math.min(Integer.MAX_VALUE, Math.round(minutes * 60));
    }
}
