package dev.ringback.domain.account;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * SHA-256 of a bearer token. Tokens are high-entropy random strings, so a plain digest is enough
 * to look them up without keeping them in clear; a slow password hash would buy nothing here.
 */
public record TokenHash(String hex) {
    private static final Pattern HEX_256 = Pattern.compile("[0-9a-f]{64}");

    public TokenHash {
        if (hex == null || !HEX_256.matcher(hex).matches()) {
            throw new IllegalArgumentException("a token hash is 64 lowercase hex digits");
        }
    }

    public static TokenHash of(String token) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return new TokenHash(HexFormat.of().formatHex(sha.digest(token.getBytes(StandardCharsets.UTF_8))));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
