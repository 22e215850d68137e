package dev.ringback.domain.account;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * Where a billing month begins and how many calls a user may have ringing at once. The month is
 * a calendar month in an explicit zone (UTC unless configured), never the server's local time,
 * so moving the server cannot move a user's minutes from one month to another.
 */
public record BillingPolicy(ZoneId zone, int maxConcurrentCalls) {
    public static final int DEFAULT_MAX_CONCURRENT_CALLS = 3;
    public static final BillingPolicy DEFAULT = new BillingPolicy(ZoneOffset.UTC, DEFAULT_MAX_CONCURRENT_CALLS);

    public BillingPolicy {
        Objects.requireNonNull(zone, "zone");
        if (maxConcurrentCalls < 1) {
            throw new IllegalArgumentException("at least one call must be allowed at a time");
        }
    }

    /** The first instant of the billing month that contains {@code now}. */
    public Instant monthStart(Instant now) {
        return ZonedDateTime.ofInstant(now, zone).withDayOfMonth(1).truncatedTo(ChronoUnit.DAYS).toInstant();
    }

    /** The same limits and month, for a plan of {@code limitMinutes} and a request of {@code requestedMinutes}. */
    public CallAllowance allowance(Instant now, long limitMinutes, int requestedMinutes) {
        return new CallAllowance(monthStart(now), now, limitMinutes, maxConcurrentCalls, requestedMinutes);
    }
}
