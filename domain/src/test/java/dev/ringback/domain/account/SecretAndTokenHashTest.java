package dev.ringback.domain.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SecretAndTokenHashTest {

    @Test
    void secretToStringHidesTheValue() {
        Secret secret = new Secret("s3cr3t-value");
        assertThat(secret.toString()).isEqualTo("Secret[***]").doesNotContain("s3cr3t");
        assertThat(String.valueOf(secret)).doesNotContain("s3cr3t");
        assertThat(secret.value()).isEqualTo("s3cr3t-value");
    }

    @Test
    void aSecretIsNotBlank() {
        assertThatThrownBy(() -> new Secret(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new Secret("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Secret(" \t")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void tokenHashIsSha256InLowerHex() {
        // Known answers: SHA-256("abc") and SHA-256("").
        assertThat(TokenHash.of("abc").hex()).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(TokenHash.of("").hex()).isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assertThat(TokenHash.of("é").hex()).as("UTF-8").isEqualTo(TokenHash.of(new String("é".getBytes(java.nio.charset.StandardCharsets.UTF_8), java.nio.charset.StandardCharsets.UTF_8)).hex());
        assertThat(new Secret("abc").hash()).isEqualTo(TokenHash.of("abc"));
        assertThat(TokenHash.of("abc")).isNotEqualTo(TokenHash.of("abd"));
        assertThat(TokenHash.of("abc").hex()).doesNotContain("abc");
    }

    @Test
    void aTokenHashHas64LowerHexDigits() {
        String valid = "a".repeat(64);
        assertThat(new TokenHash(valid).hex()).isEqualTo(valid);
        assertThatThrownBy(() -> new TokenHash(null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TokenHash("A".repeat(64))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TokenHash("a".repeat(63))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TokenHash("a".repeat(65))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TokenHash("g".repeat(64))).isInstanceOf(IllegalArgumentException.class);
    }
}
