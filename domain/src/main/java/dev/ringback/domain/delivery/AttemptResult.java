package dev.ringback.domain.delivery;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/** How one attempt to hand something to a machine went. */
public sealed interface AttemptResult {
    /** Short, log-safe description: a status code or an error class, never a body or a token. */
    String detail();

    record Delivered(String detail) implements AttemptResult {
        public Delivered {
            Objects.requireNonNull(detail, "detail");
        }
    }

    /** Worth trying again later; the machine may have said when. */
    record Retryable(String detail, Optional<Duration> retryAfter) implements AttemptResult {
        public Retryable {
            Objects.requireNonNull(detail, "detail");
            Objects.requireNonNull(retryAfter, "retryAfter");
        }
    }

    /** Sending the same request again cannot succeed. */
    record Refused(String detail) implements AttemptResult {
        public Refused {
            Objects.requireNonNull(detail, "detail");
        }
    }
}
