package dev.ringback.domain.account;

import dev.ringback.domain.Identifiers;

public record UserId(String value) {
    public UserId {
        Identifiers.requireOpaqueId(value, "user id");
    }

    @Override
    public String toString() {
        return value;
    }
}
