package dev.ringback.application.port.out;

import dev.ringback.application.port.in.PlaceCallOnceUseCase;
import dev.ringback.application.port.in.PlaceCallOnceUseCase.StoredAnswer;
import dev.ringback.domain.account.MachineId;
import java.time.Instant;
import java.util.Objects;

/**
 * Idempotency keys of call placements, per machine: which request first used a key, and the
 * answer it got. Claiming is atomic, so of two requests racing with one key exactly one places
 * the call.
 *
 * <p>An answered key expires {@link PlaceCallOnceUseCase#KEY_LIFETIME} after it was claimed
 * ({@link #expired}): a claim then finds it free, as if it had never been used. A claim without an
 * answer never expires: its placement is under way, or died without Ringback knowing whether it
 * dialled, and freeing its key could dial twice.
 */
public interface PlacementKeyStore {
    /**
     * Claims {@code key} for a request with {@code fingerprint} at {@code now}, or tells what became
     * of the earlier request; an expired key is claimed afresh.
     */
    Claim claim(MachineId machine, String key, String fingerprint, Instant now);

    /** Stores the answer of the request that claimed the key. */
    void answer(MachineId machine, String key, StoredAnswer answer);

    /** Drops an unanswered claim: the request was refused before anything was dialled, so a repeat may try. */
    void release(MachineId machine, String key);

    /**
     * Deletes up to {@code limit} keys expired at {@code now}, in one short write; returns how many.
     * A caller deletes a backlog by repeating it until fewer than {@code limit} go.
     */
    int deleteExpired(Instant now, int limit);

    /** Whether an answered key claimed at {@code claimedAt} has expired at {@code now}. */
    static boolean expired(Instant claimedAt, Instant now) {
        return !claimedAt.plus(PlaceCallOnceUseCase.KEY_LIFETIME).isAfter(now);
    }

    sealed interface Claim {
        /** This request is the first with the key: it places the call. */
        record Claimed() implements Claim {}

        /** An earlier request claimed the key and has not answered (yet, or ever: it may have died). */
        record Pending(String fingerprint) implements Claim {
            public Pending {
                Objects.requireNonNull(fingerprint, "fingerprint");
            }
        }

        record Answered(String fingerprint, StoredAnswer answer) implements Claim {
            public Answered {
                Objects.requireNonNull(fingerprint, "fingerprint");
                Objects.requireNonNull(answer, "answer");
            }
        }
    }
}
