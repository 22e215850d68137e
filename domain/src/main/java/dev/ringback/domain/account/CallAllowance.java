package dev.ringback.domain.account;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * What one placement may take: the plan's monthly minutes, the concurrent-call limit and the
 * requested maximum duration. A repository applies {@link #decide} to the usage it reads inside
 * the same transaction that inserts the call, so concurrent requests cannot all pass one check.
 */
public record CallAllowance(Instant monthStart, Instant now, long limitMinutes, int maxConcurrentCalls, int requestedMinutes) {
    /**
     * Bland ends a call at its maximum duration, so a call older than that plus this margin is no
     * longer ringing even if its webhook never came: it stops occupying a line (its minutes stay
     * held, an upper bound of what it can have cost). Without this, lost webhooks would lock a
     * user out for good.
     */
    public static final Duration LINE_RELEASE_GRACE = Duration.ofHours(1);

    public CallAllowance {
        Objects.requireNonNull(monthStart, "monthStart");
        Objects.requireNonNull(now, "now");
        if (limitMinutes < 0 || maxConcurrentCalls < 1 || requestedMinutes < 1) {
            throw new IllegalArgumentException("limits must be positive and a call must ask for at least a minute");
        }
    }

    /** Whether a call still waiting for its outcome may be on the line at {@code now}. */
    public static boolean mayStillBeRinging(Instant createdAt, int grantedMinutes, Instant now) {
        return now.isBefore(createdAt.plus(Duration.ofMinutes(grantedMinutes)).plus(LINE_RELEASE_GRACE));
    }

    /** The monthly limit is checked first: when it is reached, no number of free lines helps. */
    public Reservation decide(MonthUsage usage) {
        long used = usage.usedMinutes();
        if (used >= limitMinutes) {
            return new Reservation.LimitReached(used, limitMinutes);
        }
        if (usage.callsInFlight() >= maxConcurrentCalls) {
            return new Reservation.TooManyInFlight(usage.callsInFlight(), maxConcurrentCalls);
        }
        long remaining = limitMinutes - used;
        return new Reservation.Granted((int) Math.min(requestedMinutes, remaining), remaining);
    }
}
