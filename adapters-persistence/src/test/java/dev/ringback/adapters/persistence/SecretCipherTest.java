package dev.ringback.adapters.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import org.junit.jupiter.api.Test;

class SecretCipherTest {
    static final String KEY = Base64.getEncoder().encodeToString(new byte[] {
            1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32});
    static final String OTHER_KEY = Base64.getEncoder().encodeToString(new byte[32]);

    private final SecretCipher cipher = SecretCipher.fromBase64Key(KEY);

    @Test
    void sealsWithAVersionPrefixAndOpensAgain() {
        String sealed = cipher.seal("machines.hook_token", "hook-token-123");

        assertThat(sealed).startsWith("enc:v1:").doesNotContain("hook-token-123");
        assertThat(cipher.open("machines.hook_token", sealed)).isEqualTo("hook-token-123");
    }

    @Test
    void everyValueGetsItsOwnNonce() {
        assertThat(cipher.seal("p", "same")).isNotEqualTo(cipher.seal("p", "same"));
    }

    @Test
    void aValueSealedForOneColumnDoesNotOpenInAnother() {
        String sealed = cipher.seal("machines.gateway_token", "token");

        assertThatThrownBy(() -> cipher.open("machines.hook_token", sealed)).isInstanceOf(SecretCipher.KeyMismatchException.class);
    }

    @Test
    void anotherKeyOrAnAlteredValueIsRefusedWithAClearMessage() {
        String sealed = cipher.seal("p", "token");
        char last = sealed.charAt(sealed.length() - 3);
        String altered = sealed.substring(0, sealed.length() - 3) + (last == 'A' ? 'B' : 'A') + sealed.substring(sealed.length() - 2);

        assertThatThrownBy(() -> SecretCipher.fromBase64Key(OTHER_KEY).open("p", sealed))
                .isInstanceOf(SecretCipher.KeyMismatchException.class)
                .hasMessageContaining("RINGBACK_SECRET_KEY");
        assertThatThrownBy(() -> cipher.open("p", altered)).isInstanceOf(SecretCipher.KeyMismatchException.class);
    }

    @Test
    void damagedOrForeignValuesAreRefusedNotGuessedAt() {
        assertThatThrownBy(() -> cipher.open("p", "enc:v9:abc")).hasMessageContaining("unknown format");
        assertThatThrownBy(() -> cipher.open("p", "enc:v1:***")).hasMessageContaining("damaged");
        assertThatThrownBy(() -> cipher.open("p", "enc:v1:AAAA")).hasMessageContaining("damaged");
    }

    @Test
    void badKeysAreRefusedWithoutEchoingThem() {
        assertThatThrownBy(() -> SecretCipher.fromBase64Key("not base64 !!"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("base64").hasMessageNotContaining("!!");
        assertThatThrownBy(() -> SecretCipher.fromBase64Key(Base64.getEncoder().encodeToString(new byte[16])))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("32 bytes");
    }

    @Test
    void theKeyNeverShowsInToString() {
        assertThat(cipher.toString()).doesNotContain(KEY).contains("hidden");
    }
}
