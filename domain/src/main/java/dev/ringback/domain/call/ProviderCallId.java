package dev.ringback.domain.call;

import dev.ringback.domain.Identifiers;

/** The telephony provider's id for a call (Bland's {@code call_id}). */
public record ProviderCallId(String value) {
    public ProviderCallId {
        Identifiers.requireOpaqueId(value, "provider call id");
    }

    @Override
    public String toString() {
        return value;
    }
}
