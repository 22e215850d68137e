package dev.ringback.application.port.in;

import dev.ringback.domain.InvalidInputException;
import dev.ringback.domain.account.MachineId;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Places a call at most once per idempotency key and machine: the first request with a key runs
 * the placement and its answer is kept; a repeat with the same request gets that first answer
 * without asking the provider again; a repeat with a different request is refused. A key's answer is
 * remembered for {@link #KEY_LIFETIME}.
 */
public interface PlaceCallOnceUseCase {
    int MAX_KEY_LENGTH = 255;
    /**
     * How long a key's answer is kept, from the request that claimed it: the usual contract of
     * Idempotency-Key. A request with an older key is a new request.
     */
    Duration KEY_LIFETIME = Duration.ofHours(24);

    /**
     * @param fingerprint a digest of the request, to tell a repeat from a different request
     * @param placement places the call and renders its answer; run only for the first request
     */
    Outcome placeOnce(MachineId machine, String key, String fingerprint, Supplier<StoredAnswer> placement);

    /** An answer as the API gave it, kept so that a repeat gets the same bytes. */
    record StoredAnswer(int status, String body) {
        public StoredAnswer {
            Objects.requireNonNull(body, "body");
        }
    }

    sealed interface Outcome {
        /** The first answer; {@code repeated} when this request did not place the call itself. */
        record Answer(StoredAnswer answer, boolean repeated) implements Outcome {}

        /** The key was used before with a different request. */
        record KeyReused() implements Outcome {}

        /** The first request with the key has not answered: it is under way, or it died mid-placement. */
        record StillInProgress() implements Outcome {}
    }

    /** Printable ASCII, 1 to 255 characters, as common Idempotency-Key conventions have it. */
    static String checkKey(String raw) {
        String key = raw == null ? "" : raw.strip();
        if (key.isEmpty() || key.length() > MAX_KEY_LENGTH || !key.chars().allMatch(c -> c >= 0x21 && c <= 0x7e)) {
            throw new InvalidInputException("Idempotency-Key must be 1 to " + MAX_KEY_LENGTH
                    + " printable ASCII characters without spaces");
        }
        return key;
    }
}
