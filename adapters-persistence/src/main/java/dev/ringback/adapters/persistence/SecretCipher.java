package dev.ringback.adapters.persistence;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts the secrets Ringback must keep usable (a machine's gateway and hook tokens) with
 * AES-256-GCM from the JDK: a fresh random 96-bit nonce per value, and the column the value
 * belongs to as associated data, so that a sealed value copied into another column does not
 * open. A stored value reads {@code enc:v1:<base64 of nonce || ciphertext || tag>}; the version
 * lets a later key or algorithm live beside this one.
 *
 * <p>The key never appears in {@link #toString()} or in an exception message.
 */
public final class SecretCipher {
    public static final String PREFIX = "enc:v1:";
    /** Any value starting with this was written by some version of this cipher. */
    static final String ANY_VERSION = "enc:";

    private static final int KEY_BYTES = 32;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom NONCES = new SecureRandom();

    private final SecretKeySpec key;

    private SecretCipher(byte[] key) {
        this.key = new SecretKeySpec(key, "AES");
    }

    /**
     * The cipher for a base64-encoded 32-byte key ({@code openssl rand -base64 32}).
     *
     * @throws IllegalArgumentException naming what is wrong with the key, never its value
     */
    public static SecretCipher fromBase64Key(String base64Key) {
        Objects.requireNonNull(base64Key, "base64Key");
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(base64Key.strip());
        } catch (IllegalArgumentException notBase64) {
            throw new IllegalArgumentException("the secret key must be base64 (e.g. the output of `openssl rand -base64 32`)");
        }
        if (raw.length != KEY_BYTES) {
            throw new IllegalArgumentException("the secret key must decode to exactly 32 bytes (AES-256), not " + raw.length);
        }
        return new SecretCipher(raw);
    }

    /** {@code clear} sealed for {@code purpose} (the column it is stored in). */
    String seal(String purpose, String clear) {
        byte[] nonce = new byte[NONCE_BYTES];
        NONCES.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(purpose.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(clear.getBytes(StandardCharsets.UTF_8));
            byte[] out = ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array();
            return PREFIX + Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available in this JDK", e);
        }
    }

    /**
     * The clear value of a sealed one.
     *
     * @throws KeyMismatchException if the value was sealed with another key (or altered)
     * @throws IllegalStateException if the value is not a sealed value this version can read
     */
    String open(String purpose, String sealed) {
        if (!sealed.startsWith(PREFIX)) {
            throw new IllegalStateException("a stored secret in " + purpose + " has an unknown format; a newer Ringback wrote it?");
        }
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(sealed.substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("a stored secret in " + purpose + " is damaged (not base64)");
        }
        if (raw.length < NONCE_BYTES + TAG_BITS / 8) {
            throw new IllegalStateException("a stored secret in " + purpose + " is damaged (too short)");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, raw, 0, NONCE_BYTES));
            cipher.updateAAD(purpose.getBytes(StandardCharsets.UTF_8));
            return new String(cipher.doFinal(raw, NONCE_BYTES, raw.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (AEADBadTagException e) {
            throw KeyMismatchException.wrongKey(purpose);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available in this JDK", e);
        }
    }

    static boolean isSealed(String stored) {
        return stored.startsWith(ANY_VERSION);
    }

    @Override
    public String toString() {
        return "SecretCipher[AES-256-GCM, key hidden]";
    }

    /**
     * The database's sealed secrets do not open with the configured key, or no key is configured.
     * The server must not start: it could not authenticate to any machine.
     */
    public static final class KeyMismatchException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        private KeyMismatchException(String message) {
            super(message);
        }

        static KeyMismatchException wrongKey(String purpose) {
            return new KeyMismatchException("a secret stored in " + purpose + " does not open with the configured secret key"
                    + " (RINGBACK_SECRET_KEY): it is not the key the database was encrypted with, or the value was altered");
        }

        static KeyMismatchException noKey(String purpose) {
            return new KeyMismatchException("the database holds encrypted secrets (" + purpose + ") but no secret key is"
                    + " configured; set RINGBACK_SECRET_KEY to the key they were encrypted with");
        }
    }
}
