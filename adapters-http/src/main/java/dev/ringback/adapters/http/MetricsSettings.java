package dev.ringback.adapters.http;

import dev.ringback.domain.account.Secret;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code GET /metrics} for a monitoring system: served only when a token is set, and only to a
 * request that presents it ({@code Authorization: Bearer <token>}). The counts it gives are not
 * secret, but they are nobody else's business either (how many calls, how many machines asleep).
 */
public record MetricsSettings(Optional<Secret> token) {
    /** Long enough that guessing it is no way in. */
    public static final int MIN_TOKEN_LENGTH = 16;
    public static final MetricsSettings OFF = new MetricsSettings(Optional.empty());

    public MetricsSettings {
        Objects.requireNonNull(token, "token");
        if (token.isPresent() && token.get().value().length() < MIN_TOKEN_LENGTH) {
            throw new IllegalArgumentException("the metrics token must have at least " + MIN_TOKEN_LENGTH + " characters");
        }
    }
}
