package dev.ringback.domain.call;

/**
 * The platform's price list, in millionths of a US dollar so that every figure is an exact
 * integer: a connected call costs $0.09 a minute (per second, pro rata), an unanswered or failed
 * attempt a flat $0.015.
 */
public final class CallCostPolicy {
    public static final long MICROS_PER_CONNECTED_MINUTE = 90_000;
    public static final long MICROS_PER_ATTEMPT = 15_000;

    private CallCostPolicy() {}

    public static long costMicros(CallStatus status, int durationSeconds) {
        if (!status.isTerminal()) {
            return 0;
        }
        if (status.isConnected() && durationSeconds > 0) {
            return Math.multiplyExact(durationSeconds, MICROS_PER_CONNECTED_MINUTE) / 60;
        }
        return MICROS_PER_ATTEMPT;
    }
}
