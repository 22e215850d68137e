package dev.ringback.application.port.out;

import dev.ringback.application.port.in.PlaceCallOnceUseCase.StoredAnswer;
import dev.ringback.domain.account.MachineId;
import java.time.Instant;
import java.util.Objects;

/**
 * Idempotency keys of call placements, per machine: which request first used a key, and the
 * answer it got. Claiming is atomic, so of two requests racing with one key exactly one places
 * the call.
 */
public interface PlacementKeyStore {
    /** Claims {@code key} for a request with {@code fingerprint}, or tells what became of the earlier request. */
    Claim claim(MachineId machine, String key, String fingerprint, Instant now);

    /** Stores the answer of the request that claimed the key. */
    void answer(MachineId machine, String key, StoredAnswer answer);

    /** Drops an unanswered claim: the request was refused before anything was dialled, so a repeat may try. */
    void release(MachineId machine, String key);

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
