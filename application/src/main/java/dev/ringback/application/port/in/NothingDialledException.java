package dev.ringback.application.port.in;

import java.util.Objects;

/**
 * A placement failed before the telephony provider was asked (the database could not reserve
 * the minutes, for instance): nothing was dialled, so repeating the request is safe. An
 * unexpected failure without this wrapper may have come after the provider dialled.
 */
public final class NothingDialledException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public NothingDialledException(RuntimeException cause) {
        // The cause is chained, not quoted: its text is the adapter's to word (and to keep free of numbers).
        super("placement failed before the call was dialled", Objects.requireNonNull(cause, "cause"));
    }
}
