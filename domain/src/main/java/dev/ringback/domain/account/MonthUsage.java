package dev.ringback.domain.account;

import java.math.BigDecimal;

/**
 * A user's calls of one billing month.
 *
 * @param settledSeconds seconds of the month's calls that have ended (what they lasted)
 * @param reservedSeconds seconds held by the month's calls still in flight (their granted maximum)
 * @param callsInFlight calls still waiting for their outcome that may still be ringing (see
 *     {@link CallAllowance#mayStillBeRinging}), whatever month they began in
 * @param totalCalls calls of the month, in flight or ended, in either direction
 * @param costMicros what the month's ended calls cost, in millionths of a US dollar
 */
public record MonthUsage(long settledSeconds, long reservedSeconds, int callsInFlight, int totalCalls, long costMicros) {
    public static final MonthUsage NONE = new MonthUsage(0, 0, 0, 0, 0);

    public MonthUsage {
        if (settledSeconds < 0 || reservedSeconds < 0 || callsInFlight < 0 || totalCalls < 0 || costMicros < 0) {
            throw new IllegalArgumentException("usage cannot be negative");
        }
    }

    /**
     * Minutes counted against the plan: the platform's rounding (seconds summed, then rounded up)
     * over ended calls and the reservations of calls in flight, so a cap cannot be passed by
     * calls that have not reported yet.
     */
    public long usedMinutes() {
        return PlanMinutes.minutesUsed(settledSeconds + reservedSeconds);
    }

    public long remainingMinutes(long limitMinutes) {
        return Math.max(0, limitMinutes - usedMinutes());
    }

    /** Whole and fractional cents, exactly: one cent is 10,000 micro-dollars. */
    public BigDecimal costCents() {
        BigDecimal cents = BigDecimal.valueOf(costMicros, 4).stripTrailingZeros();
        return cents.scale() < 0 ? cents.setScale(0) : cents; // 900, not 9E+2
    }
}
