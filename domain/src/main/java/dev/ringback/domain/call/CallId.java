package dev.ringback.domain.call;

import dev.ringback.domain.Identifiers;

/** Ringback's own id for a call, known before the telephony provider is asked. */
public record CallId(String value) {
    public CallId {
        Identifiers.requireOpaqueId(value, "call id");
    }

    @Override
    public String toString() {
        return value;
    }
}
