package dev.ringback.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ringback.adapters.http.AuthThrottleSettings;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** RINGBACK_SECRET_KEY and RINGBACK_AUTH_FAILURE_LIMIT, from the environment to the database and the throttle. */
class SecretKeyConfigTest {
    private static final String KEY_A = Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII));
    private static final String KEY_B = Base64.getEncoder().encodeToString("fedcba9876543210fedcba9876543210".getBytes(StandardCharsets.US_ASCII));

    @TempDir
    Path dir;

    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void aMalformedKeyIsAConfigErrorThatNamesTheVariableNotTheValue() {
        assertThatThrownBy(() -> RingbackConfig.fromEnvironment(Map.of("RINGBACK_TELEPHONY", "simulated",
                "RINGBACK_SECRET_KEY", "c2hvcnQ=")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("RINGBACK_SECRET_KEY")
                .hasMessageContaining("32 bytes")
                .hasMessageNotContaining("c2hvcnQ=");
    }

    @Test
    void withoutAKeyNothingIsEncryptedAndTheThrottleHasItsDefault() {
        RingbackConfig config = RingbackConfig.fromEnvironment(Map.of("RINGBACK_TELEPHONY", "simulated"));

        assertThat(config.persistence().secretCipher()).isEmpty();
        assertThat(config.authThrottle()).isEqualTo(AuthThrottleSettings.DEFAULT);
    }

    @Test
    void theThrottleCanBeRaisedOrTurnedOff() {
        assertThat(RingbackConfig.fromEnvironment(Map.of("RINGBACK_TELEPHONY", "simulated", "RINGBACK_AUTH_FAILURE_LIMIT", "0"))
                .authThrottle().maxFailures()).isZero();
        assertThatThrownBy(() -> RingbackConfig.fromEnvironment(Map.of("RINGBACK_TELEPHONY", "simulated",
                "RINGBACK_AUTH_FAILURE_LIMIT", "-1"))).hasMessageContaining("RINGBACK_AUTH_FAILURE_LIMIT");
    }

    @Test
    void operatorCommandsWithAKeyStoreTokensEncryptedAndAWrongKeyFailsWithAClearMessage() {
        Map<String, String> env = new HashMap<>();
        env.put("RINGBACK_DB", dir.resolve("ringback.db").toString());
        env.put("RINGBACK_SECRET_KEY", KEY_A);
        env.put("RINGBACK_HOOK_TOKEN", "hook-secret-1");
        assertThat(run(env, "add-user", "--name", "Ada", "--plan", "pro", "--id", "ada")).isEqualTo(Cli.OK);
        assertThat(run(env, "add-machine", "--user", "ada", "--app-url", "https://ada-app.fly.dev",
                "--gateway-token", "gw-secret-1")).isEqualTo(Cli.OK);

        String stored = Jdbi.create("jdbc:sqlite:" + dir.resolve("ringback.db")).withHandle(handle -> handle
                .createQuery("SELECT gateway_token || ' ' || hook_token FROM machines").mapTo(String.class).one());
        assertThat(stored).startsWith("enc:v1:").doesNotContain("gw-secret-1").doesNotContain("hook-secret-1");

        env.put("RINGBACK_SECRET_KEY", KEY_B);
        assertThat(run(env, "issue-token", "--user", "ada")).isEqualTo(Cli.FAILED);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .startsWith("error: ")
                .contains("RINGBACK_SECRET_KEY", "not the key the database was encrypted with")
                .doesNotContain("Exception", "\tat ");

        env.remove("RINGBACK_SECRET_KEY");
        assertThat(run(env, "issue-token", "--user", "ada")).isEqualTo(Cli.FAILED);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("no secret key is configured");
    }

    private int run(Map<String, String> env, String... args) {
        err.reset();
        return new Cli(env, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)).run(args);
    }
}
