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
 * @param giveUp how long a call the provider still reports as running is asked about before it is
 *     ended the same way: the provider enforces the maximum duration, so a call it reports as
 *     running long after that is stuck on its side, and without an end the agent would never
 *     hear of the call and the user's minutes would stay reserved for it
 * @param batch the most calls one sweep looks into
 */
public record ReconcilePolicy(Duration grace, Duration unknownOutcomeGrace, Duration giveUp, int batch) {
    /** A day past its latest end: a provider's outage has long been over by then. */
    public static final Duration DEFAULT_GIVE_UP = Duration.ofHours(24);

    /** The unknown-outcome grace matches the moment a silent call stops occupying its line. */
    public static final ReconcilePolicy DEFAULT =
            new ReconcilePolicy(Duration.ofMinutes(10), CallAllowance.LINE_RELEASE_GRACE, DEFAULT_GIVE_UP, 200);

    public ReconcilePolicy {
        Objects.requireNonNull(grace, "grace");
        Objects.requireNonNull(unknownOutcomeGrace, "unknownOutcomeGrace");
        Objects.requireNonNull(giveUp, "giveUp");
        if (grace.isNegative() || unknownOutcomeGrace.isNegative()) {
            throw new IllegalArgumentException("grace periods cannot be negative");
        }
        if (unknownOutcomeGrace.compareTo(grace) < 0) {
            throw new IllegalArgumentException("the unknown-outcome grace cannot be shorter than the grace");
        }
        if (giveUp.compareTo(unknownOutcomeGrace) < 0) {
            throw new IllegalArgumentException("the give-up time cannot be shorter than the unknown-outcome grace");
        }
        if (batch < 1) {
            throw new IllegalArgumentException("batch must be at least 1");
        }
    }

    /** With {@link #defaultGiveUp} (for embedders written before the give-up time existed). */
    public ReconcilePolicy(Duration grace, Duration unknownOutcomeGrace, int batch) {
        this(grace, unknownOutcomeGrace, defaultGiveUp(unknownOutcomeGrace), batch);
    }

    /** {@link #DEFAULT_GIVE_UP}, or the unknown-outcome grace where that is longer. */
    public static Duration defaultGiveUp(Duration unknownOutcomeGrace) {
        Objects.requireNonNull(unknownOutcomeGrace, "unknownOutcomeGrace");
        return unknownOutcomeGrace.compareTo(DEFAULT_GIVE_UP) > 0 ? unknownOutcomeGrace : DEFAULT_GIVE_UP;
    }
}
