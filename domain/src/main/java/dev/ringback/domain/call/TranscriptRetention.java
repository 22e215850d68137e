package dev.ringback.domain.call;

import dev.ringback.domain.delivery.DeadLetterRevival;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * How long a call's words are kept once it ended: its transcript, its summary and the link to its
 * recording, what the people on the call said. By default for good, as the platform kept them; an
 * operator who must not keep them (a privacy policy, a customer's contract) keeps them for a time.
 * What the call was (who, when, how long, what it cost) stays: usage and billing count it.
 */
public record TranscriptRetention(Optional<Duration> keep) {
    /**
     * No shorter: a delivery still owed carries the words to the agent through one to two weeks of
     * retries, and a dead letter comes back within {@link DeadLetterRevival#DEFAULT_MAX_AGE} when
     * its machine answers again; a call that still owes a delivery keeps its words all the same.
     */
    public static final Duration SHORTEST = DeadLetterRevival.DEFAULT_MAX_AGE;
    public static final TranscriptRetention FOREVER = new TranscriptRetention(Optional.empty());

    public TranscriptRetention {
        Objects.requireNonNull(keep, "keep");
        if (keep.isPresent() && keep.get().compareTo(SHORTEST) < 0) {
            throw new IllegalArgumentException("a call's words are kept at least " + SHORTEST.toDays()
                    + " days: deliveries still owed and dead letters that may come back carry them");
        }
    }

    public static TranscriptRetention keepFor(Duration keep) {
        return new TranscriptRetention(Optional.of(keep));
    }

    /** The words of calls that ended before this are forgotten at {@code now}; empty when kept for good. */
    public Optional<Instant> forgetEndedBefore(Instant now) {
        return keep.map(now::minus);
    }
}
