package dev.ringback.domain.account;

import java.util.Objects;

/** A credential Ringback must send to another system. Never printed: {@link #toString()} hides it. */
public record Secret(String value) {
    public Secret {
        Objects.requireNonNull(value, "value");
        if (value.isBlank()) {
            throw new IllegalArgumentException("a secret cannot be blank");
        }
    }

    public TokenHash hash() {
        return TokenHash.of(value);
    }

    @Override
    public String toString() {
        return "Secret[***]";
    }
}
