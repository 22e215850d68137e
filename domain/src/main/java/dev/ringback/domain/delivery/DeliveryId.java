package dev.ringback.domain.delivery;

import dev.ringback.domain.Identifiers;

public record DeliveryId(String value) {
    public DeliveryId {
        Identifiers.requireOpaqueId(value, "delivery id");
    }

    @Override
    public String toString() {
        return value;
    }
}
