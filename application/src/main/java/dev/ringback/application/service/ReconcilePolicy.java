package dev.ringback.application.service;

import dev.ringback.domain.account.CallAllowance;
import java.time.Duration;
import java.util.Objects;

/**
 * When a call whose webhook has not come is looked into, counted from its latest possible end
 * (creation plus the maximum duration it was granted).
 *
 * @param grace how late a webhook may be before the provider is asked (Bland posts up to a minute
 *     after the call and retries failed posts)
 * @param unknownOutcomeGrace how long to wait before a call the provider cannot be asked about (its
 *     answer to the placement was lost, so there is no provider id; or the provider does not know
 *     the id) is ended as {@code failed} with an "outcome unknown" summary; a webhook may still
 *     settle it until then
 * @param batch the most calls one sweep looks into
 */
public record ReconcilePolicy(Duration grace, Duration unknownOutcomeGrace, int batch) {
    /** The unknown-outcome grace matches the moment a silent call stops occupying its line. */
    public static final ReconcilePolicy DEFAULT =
            new ReconcilePolicy(Duration.ofMinutes(10), CallAllowance.LINE_RELEASE_GRACE, 200);

    public ReconcilePolicy {
        Objects.requireNonNull(grace, "grace");
        Objects.requireNonNull(unknownOutcomeGrace, "unknownOutcomeGrace");
        if (grace.isNegative() || unknownOutcomeGrace.isNegative()) {
            throw new IllegalArgumentException("grace periods cannot be negative");
        }
        if (unknownOutcomeGrace.compareTo(grace) < 0) {
            throw new IllegalArgumentException("the unknown-outcome grace cannot be shorter than the grace");
        }
        if (batch < 1) {
            throw new IllegalArgumentException("batch must be at least 1");
        }
    }
}
