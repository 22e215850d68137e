package dev.ringback.adapters.persistence;

import java.util.Optional;

/**
 * How secret columns are written and read: sealed by the {@link SecretCipher} when a key is
 * configured, as given otherwise. Reading accepts both forms, so a database can be moved to
 * encryption row by row; a sealed value without a key is refused rather than used as a token.
 */
final class StoredSecrets {
    static final String MACHINE_GATEWAY_TOKEN = "machines.gateway_token";
    static final String MACHINE_HOOK_TOKEN = "machines.hook_token";

    private final Optional<SecretCipher> cipher;

    StoredSecrets(Optional<SecretCipher> cipher) {
        this.cipher = cipher;
    }

    boolean encrypting() {
        return cipher.isPresent();
    }

    String write(String purpose, String clear) {
        return cipher.map(c -> c.seal(purpose, clear)).orElse(clear);
    }

    String read(String purpose, String stored) {
        if (!SecretCipher.isSealed(stored)) {
            return stored;
        }
        return cipher.orElseThrow(() -> SecretCipher.KeyMismatchException.noKey(purpose)).open(purpose, stored);
    }
}
