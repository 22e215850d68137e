package dev.ringback.domain.session;

import java.util.Objects;

/** The conversation a call belongs to, and why Ringback believes so. */
public record OriginSession(SessionKey key, SessionSource source) {
    public OriginSession {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(source, "source");
    }
}
