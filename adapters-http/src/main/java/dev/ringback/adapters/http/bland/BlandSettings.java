package dev.ringback.adapters.http.bland;

import dev.ringback.domain.account.Secret;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The Bland account and the webhook's trust settings.
 *
 * @param webhookSecret the account's webhook signing secret; without it unsigned webhooks are
 *     refused unless {@code allowUnsignedWebhooks} is set (local use only)
 * @param simulatedCallDelay how long a simulated call "rings" before its completion is posted
 */
public record BlandSettings(
        TelephonyMode mode,
        URI apiBaseUrl,
        Optional<Secret> apiKey,
        Optional<Secret> webhookSecret,
        boolean allowUnsignedWebhooks,
        String defaultVoiceId,
        Duration requestTimeout,
        Duration simulatedCallDelay) {

    public static final URI DEFAULT_API_BASE_URL = URI.create("https://api.bland.ai");
    public static final String DEFAULT_VOICE_ID = "6277266e-01eb-44c6-b965-438566ef7076";
    /** Headers arrive within the request timeout; the body of a tiny answer gets as long again. */
    static final int ANSWER_DEADLINE_FACTOR = 2;

    public BlandSettings {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(apiBaseUrl, "apiBaseUrl");
        Objects.requireNonNull(apiKey, "apiKey");
        Objects.requireNonNull(webhookSecret, "webhookSecret");
        Objects.requireNonNull(defaultVoiceId, "defaultVoiceId");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        Objects.requireNonNull(simulatedCallDelay, "simulatedCallDelay");
        if (mode == TelephonyMode.BLAND && apiKey.isEmpty()) {
            throw new IllegalArgumentException("Bland mode needs an API key (or use the simulated mode)");
        }
    }

    /**
     * The longest Ringback waits for Bland's answer to one call placement: whoever waits on a
     * placement (a repeat with the same Idempotency-Key) must wait at least this long.
     */
    public Duration longestAnswer() {
        return requestTimeout.multipliedBy(ANSWER_DEADLINE_FACTOR);
    }
}
