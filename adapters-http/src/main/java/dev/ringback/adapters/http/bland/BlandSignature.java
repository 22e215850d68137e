package dev.ringback.adapters.http.bland;

import dev.ringback.domain.account.Secret;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Bland's webhook signature: lowercase hex of HMAC-SHA256(secret, body). */
public final class BlandSignature {
    public static final String HEADER = "X-Webhook-Signature";
    /** Named on one of Bland's pages; accepting it too costs nothing. */
    public static final String ALTERNATE_HEADER = "X-Bland-Signature";

    private BlandSignature() {}

    public static byte[] hmac(Secret secret, byte[] body) {
        return keyedMac(secret.value().getBytes(StandardCharsets.UTF_8)).doFinal(body);
    }

    /** HMAC-SHA256 under one secret, for signing or checking many bodies: see {@link Keyed}. */
    static Keyed keyed(Secret secret) {
        return new Keyed(secret);
    }

    /**
     * A keyed Mac kept per thread: {@link #hmac(Secret, byte[])} looks the algorithm up among the
     * JDK's providers and keys a new Mac for every body (~3 % of the HTTP workers' samples under
     * webhook ingest). {@code doFinal} leaves a Mac keyed and ready for the next body.
     */
    static final class Keyed {
        private final ThreadLocal<Mac> macs;

        private Keyed(Secret secret) {
            byte[] key = secret.value().getBytes(StandardCharsets.UTF_8);
            this.macs = ThreadLocal.withInitial(() -> keyedMac(key));
        }

        byte[] hmac(byte[] body) {
            return macs.get().doFinal(body);
        }
    }

    private static Mac keyedMac(byte[] key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has HmacSHA256", e);
        }
    }

    public static String sign(Secret secret, byte[] body) {
        return HexFormat.of().formatHex(hmac(secret, body));
    }
}
