package dev.ringback.adapters.http.bland;

import dev.ringback.domain.account.Secret;
import jakarta.inject.Inject;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.Function;

/**
 * Decides whether a webhook really comes from our Bland account. The signature is checked over
 * the raw bytes first and, because Bland's own sample signs a compact re-serialisation of the
 * JSON (JavaScript's {@code JSON.stringify}, {@link JsCompactJson}), over that form second; both
 * comparisons are constant-time.
 */
public final class BlandWebhookVerifier {
    private final Optional<BlandSignature.Keyed> secret;
    private final boolean allowUnsigned;

    public BlandWebhookVerifier(Optional<Secret> secret, boolean allowUnsigned) {
        this.secret = secret.map(BlandSignature::keyed);
        this.allowUnsigned = allowUnsigned;
    }

    @Inject
    public BlandWebhookVerifier(BlandSettings settings) {
        this(settings.webhookSecret(), settings.allowUnsignedWebhooks());
    }

    public enum Verdict {
        /** Signed with our secret. */
        VALID,
        /** No secret is configured and the operator explicitly allowed unsigned webhooks. */
        ACCEPTED_UNSIGNED,
        /** A secret is configured and the request carries no signature. */
        MISSING_SIGNATURE,
        /** The signature does not match. */
        INVALID_SIGNATURE,
        /** No secret is configured and unsigned webhooks are not allowed. */
        NOT_CONFIGURED;

        public boolean accepted() {
            return this == VALID || this == ACCEPTED_UNSIGNED;
        }
    }

    public Verdict verify(Function<String, Optional<String>> header, byte[] body) {
        if (secret.isEmpty()) {
            return allowUnsigned ? Verdict.ACCEPTED_UNSIGNED : Verdict.NOT_CONFIGURED;
        }
        // A blank header is as good as none: the other one may still carry the signature.
        Optional<String> presented = header.apply(BlandSignature.HEADER).map(String::strip).filter(value -> !value.isEmpty())
                .or(() -> header.apply(BlandSignature.ALTERNATE_HEADER).map(String::strip).filter(value -> !value.isEmpty()));
        if (presented.isEmpty()) {
            return Verdict.MISSING_SIGNATURE;
        }
        Optional<byte[]> signature = decodeHex(presented.get());
        if (signature.isEmpty()) {
            return Verdict.INVALID_SIGNATURE;
        }
        if (MessageDigest.isEqual(signature.get(), secret.get().hmac(body))) {
            return Verdict.VALID;
        }
        return compactForm(body)
                .filter(compact -> MessageDigest.isEqual(signature.get(), secret.get().hmac(compact)))
                .map(compact -> Verdict.VALID)
                .orElse(Verdict.INVALID_SIGNATURE);
    }

    private static Optional<byte[]> decodeHex(String hex) {
        String candidate = hex.regionMatches(true, 0, "sha256=", 0, 7) ? hex.substring(7) : hex;
        if (candidate.length() != 64) {
            return Optional.empty();
        }
        try {
            return Optional.of(HexFormat.of().parseHex(candidate.toLowerCase(java.util.Locale.ROOT)));
        } catch (IllegalArgumentException notHex) {
            return Optional.empty();
        }
    }

    private static Optional<byte[]> compactForm(byte[] body) {
        return JsCompactJson.of(body);
    }
}
