package dev.ringback.domain.account;

import dev.ringback.domain.Identifiers;

public record MachineId(String value) {
    public MachineId {
        Identifiers.requireOpaqueId(value, "machine id");
    }

    @Override
    public String toString() {
        return value;
    }
}
