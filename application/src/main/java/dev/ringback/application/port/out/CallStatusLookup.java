package dev.ringback.application.port.out;

import dev.ringback.domain.call.CallOutcome;
import dev.ringback.domain.call.ProviderCallId;
import java.util.Objects;

/**
 * Asks the telephony provider what became of a call (Bland's {@code GET /v1/calls/{id}}). Read
 * only: asking never places, changes or ends a call, so it is safe to ask as often as needed.
 */
public interface CallStatusLookup {
    Answer lookUp(ProviderCallId call);

    sealed interface Answer {
        /** The call has ended; this is what the completion webhook would have carried. */
        record Ended(CallOutcome outcome) implements Answer {
            public Ended {
                Objects.requireNonNull(outcome, "outcome");
            }
        }

        /** The provider knows the call and it has not ended yet (queued or still talking). */
        record NotEnded() implements Answer {}

        /** The provider says it has no call with this id. */
        record Unknown() implements Answer {}

        /** No usable answer this time (network, 5xx, unreadable body): ask again later. {@code reason} is log-safe. */
        record Unavailable(String reason) implements Answer {
            public Unavailable {
                Objects.requireNonNull(reason, "reason");
            }
        }
    }
}
