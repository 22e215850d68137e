package dev.ringback.domain.account;

/** The answer of {@link CallAllowance#decide}: the call may go ahead for so many minutes, or not. */
public sealed interface Reservation {
    /**
     * @param maxDurationMinutes the call's ceiling, clamped to what remains; held until its outcome arrives
     * @param remainingMinutes what remained of the month before this call
     */
    record Granted(int maxDurationMinutes, long remainingMinutes) implements Reservation {}

    record LimitReached(long usedMinutes, long limitMinutes) implements Reservation {}

    record TooManyInFlight(int callsInFlight, int limit) implements Reservation {}
}
