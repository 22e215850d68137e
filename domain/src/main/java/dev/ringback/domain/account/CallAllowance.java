package dev.ringback.domain.account;

import java.time.Instant;
import java.util.Objects;

/**
 * What one placement may take: the plan's monthly minutes, the concurrent-call limit and the
 * requested maximum duration. A repository applies {@link #decide} to the usage it reads inside
 * the same transaction that inserts the call, so concurrent requests cannot all pass one check.
 */
public record CallAllowance(Instant monthStart, long limitMinutes, int maxConcurrentCalls, int requestedMinutes) {
    public CallAllowance {
        Objects.requireNonNull(monthStart, "monthStart");
        if (limitMinutes < 0 || maxConcurrentCalls < 1 || requestedMinutes < 1) {
            throw new IllegalArgumentException("limits must be positive and a call must ask for at least a minute");
        }
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
