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
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.value().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has HmacSHA256", e);
        }
    }

    public static String sign(Secret secret, byte[] body) {
        return HexFormat.of().formatHex(hmac(secret, body));
    }
}
