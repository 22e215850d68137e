package dev.ringback.domain.delivery;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Exponential backoff with jitter and a cap, in the manner of common webhook senders: seconds at
 * first, then minutes, giving up after {@code maxAttempts}. A {@code Retry-After} from the machine
 * is honoured when it asks for more patience than the schedule would give (up to the cap).
 */
public record RetryPolicy(Duration initialDelay, Duration maxDelay, int maxAttempts) {
    /**
     * 2 s doubling, capped at an hour, 350 tries: at least a week of attempts (the shortest
     * jitter), at most two. A personal machine sleeps through weekends and holidays, and the
     * result must still reach its conversation when it wakes; with 30 tries (10-20 hours) a
     * laptop closed on a Friday evening had its results dead by Saturday. An attempt at a
     * sleeping machine costs one connection that fails, once per 30-60 minutes per machine (a run
     * stops at its first failure).
     */
    public static final RetryPolicy DEFAULT = new RetryPolicy(Duration.ofSeconds(2), Duration.ofHours(1), 350);

    public RetryPolicy {
        Objects.requireNonNull(initialDelay, "initialDelay");
        Objects.requireNonNull(maxDelay, "maxDelay");
        if (initialDelay.isNegative() || initialDelay.isZero() || maxDelay.compareTo(initialDelay) < 0) {
            throw new IllegalArgumentException("delays must be positive and the cap at least the first delay");
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("at least one attempt");
        }
    }

    public boolean mayRetryAfter(int attemptsMade) {
        return attemptsMade < maxAttempts;
    }

    /**
     * Delay before the next attempt once {@code attemptsMade} attempts have failed.
     *
     * @param jitterUnit a number in [0, 1) from the caller's randomness; the delay is spread over
     *     [50%, 100%] of the exponential step so that machines coming back together are not hit at once
     */
    public Duration delayAfter(int attemptsMade, Optional<Duration> retryAfter, double jitterUnit) {
        if (attemptsMade < 1) {
            throw new IllegalArgumentException("no attempt made yet");
        }
        if (!(jitterUnit >= 0 && jitterUnit < 1)) { // also refuses NaN
            throw new IllegalArgumentException("jitter must be in [0, 1)");
        }
        long capMillis = maxDelay.toMillis();
        int shift = Math.min(attemptsMade - 1, 40);
        long step = Math.min(capMillis, saturatingShift(initialDelay.toMillis(), shift));
        long jittered = step / 2 + (long) (step / 2.0 * jitterUnit);
        // Compared as durations first: an absurd Retry-After from a machine would overflow toMillis().
        long asked = retryAfter.filter(after -> !after.isNegative())
                .map(after -> after.compareTo(maxDelay) > 0 ? capMillis : after.toMillis())
                .orElse(0L);
        return Duration.ofMillis(Math.min(capMillis, Math.max(jittered, asked)));
    }

    private static long saturatingShift(long value, int shift) {
        return value > (Long.MAX_VALUE >> shift) ? Long.MAX_VALUE : value << shift;
    }
}
