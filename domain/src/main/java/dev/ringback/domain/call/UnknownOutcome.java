package dev.ringback.domain.call;

import java.util.List;

/**
 * The summaries a call is stored with when Ringback ended it without its provider's outcome
 * ({@link CallRecord#endWithoutOutcome}, {@link CallRecord#endUnknownToProvider}). Stored and shown
 * to the agent, they say what is known and what to do; they are also what tells such a call apart
 * from one the provider ended as {@code failed} itself, so that a real outcome arriving late may
 * still replace it ({@link CallRecord#correctUnknownOutcome}). A store tells it apart by them too:
 * no column of its own records it.
 */
public final class UnknownOutcome {
    /** The provider's answer to the call request was lost, or the provider does not know the call. */
    public static final String LOST_SUMMARY = "Outcome unknown: the phone provider's answer to this call"
            + " request was lost and its result never arrived, so Ringback cannot tell whether the call took place"
            + " or what was said. Check with the user before calling again.";

    /** As {@link #LOST_SUMMARY}, for a call the provider still reported as running at the give-up time. */
    public static final String STUCK_SUMMARY = "Outcome unknown: the phone provider still reported this call"
            + " as in progress long after its maximum duration, so Ringback stopped waiting for its result and cannot"
            + " tell whether the call took place or what was said. Check with the user before calling again.";

    /** Every summary of a call ended without its outcome. */
    public static final List<String> SUMMARIES = List.of(LOST_SUMMARY, STUCK_SUMMARY);

    private UnknownOutcome() {}

    static boolean isStoredIn(CallSnapshot call) {
        return call.status() == CallStatus.FAILED && SUMMARIES.contains(call.summary());
    }
}
