package dev.ringback.application.port.in;

/**
 * Settles calls whose completion webhook never came: asks the provider about each call still
 * {@code initiated} past its maximum duration and a grace period, and records what it says
 * exactly as the webhook would have. Never dials.
 */
public interface ReconcileOverdueCallsUseCase {
    Summary reconcile();

    /**
     * What one sweep did.
     *
     * @param overdue calls found still {@code initiated} past their maximum duration and the grace period;
     *     a call whose reconciliation failed (logged, tried again next sweep) is counted here only
     * @param settled ended by the provider's answer (recorded and notified like a webhook)
     * @param alreadySettled the webhook (or another sweep) recorded the outcome first; nothing changed
     * @param stillRunning the provider says the call has not ended; asked again next sweep, until the
     *     give-up time
     * @param endedUnknown ended as {@code failed} with an "outcome unknown" summary: no provider id, or
     *     the provider does not know it, once the longer grace had passed; or the provider still says
     *     it is running once the give-up time had passed
     * @param waiting no provider id (or unknown to the provider) and the longer grace not over yet
     * @param unavailable the provider gave no usable answer; asked again next sweep
     */
    record Summary(int overdue, int settled, int alreadySettled, int stillRunning, int endedUnknown, int waiting,
            int unavailable) {
        public static final Summary NONE = new Summary(0, 0, 0, 0, 0, 0, 0);
    }
}
