package dev.ringback.domain.account;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256 of a bearer token. Tokens are high-entropy random strings, so a plain digest is enough
 * to look them up without keeping them in clear; a slow password hash would buy nothing here.
 */
public record TokenHash(String hex) {
    private static final int HEX_DIGITS = 64;
    private static final MessageDigest SHA_256 = newSha256();

    public TokenHash {
        if (!isLowerHex256(hex)) {
            throw new IllegalArgumentException("a token hash is 64 lowercase hex digits");
        }
    }

    /** {@code [0-9a-f]{64}}, by hand: one is built for every authenticated request. */
    private static boolean isLowerHex256(String hex) {
        if (hex == null || hex.length() != HEX_DIGITS) {
            return false;
        }
        for (int i = 0; i < HEX_DIGITS; i++) {
            char c = hex.charAt(i);
            if ((c < '0' || c > '9') && (c < 'a' || c > 'f')) {
                return false;
            }
        }
        return true;
    }

    public static TokenHash of(String token) {
        return new TokenHash(HexFormat.of().formatHex(sha256().digest(token.getBytes(StandardCharsets.UTF_8))));
    }

    /**
     * A fresh digest, cloned from one made at start-up: every authenticated request hashes its
     * token, and looking the algorithm up among the security providers each time showed in the
     * server's profile. A provider whose digest cannot be cloned is asked each time instead.
     */
    private static MessageDigest sha256() {
        try {
            return (MessageDigest) SHA_256.clone();
        } catch (CloneNotSupportedException e) {
            return newSha256();
        }
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
