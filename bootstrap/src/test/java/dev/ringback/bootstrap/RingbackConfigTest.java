package dev.ringback.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ringback.domain.call.TranscriptRetention;

import dev.ringback.adapters.http.TrustedProxies;
import dev.ringback.adapters.http.bland.TelephonyMode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RingbackConfigTest {
    private static final Map<String, String> TRIAL = Map.of("RINGBACK_TELEPHONY", "simulated");

    @Test
    void defaultsAreTheDocumentedOnes() {
        RingbackConfig config = RingbackConfig.fromEnvironment(TRIAL);
        assertThat(config.persistence().databaseFile()).isEqualTo(Path.of("./ringback.db"));
        assertThat(config.persistence().synchronous()).isEqualTo("FULL");
        assertThat(config.http().port()).isEqualTo(8080);
        assertThat(config.bland().mode()).isEqualTo(TelephonyMode.SIMULATED);
        assertThat(config.bland().allowUnsignedWebhooks()).isFalse();
        assertThat(config.plans().monthlyMinutes("pro")).isEqualTo(60);
        assertThat(config.configuredPublicUrl()).isEmpty();
    }

    @Test
    void reconciliationSettingsDefaultAndParse() {
        RingbackConfig defaults = RingbackConfig.fromEnvironment(TRIAL);
        assertThat(defaults.reconcileInterval()).isEqualTo(Duration.ofMinutes(5));
        assertThat(defaults.reconcile().grace()).isEqualTo(Duration.ofMinutes(10));
        assertThat(defaults.reconcile().unknownOutcomeGrace()).isEqualTo(Duration.ofHours(1));
        assertThat(defaults.reconcile().giveUp()).isEqualTo(Duration.ofHours(24));

        RingbackConfig set = RingbackConfig.fromEnvironment(Map.of("RINGBACK_TELEPHONY", "simulated",
                "RINGBACK_RECONCILE_INTERVAL", "30s", "RINGBACK_RECONCILE_GRACE", "2m", "RINGBACK_RECONCILE_UNKNOWN_GRACE", "3h",
                "RINGBACK_RECONCILE_GIVE_UP", "48h"));
        assertThat(set.reconcileInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(set.reconcile().grace()).isEqualTo(Duration.ofMinutes(2));
        assertThat(set.reconcile().unknownOutcomeGrace()).isEqualTo(Duration.ofHours(3));
        assertThat(set.reconcile().giveUp()).isEqualTo(Duration.ofHours(48));

        assertThatThrownBy(() -> RingbackConfig.fromEnvironment(Map.of("RINGBACK_TELEPHONY", "simulated",
                "RINGBACK_RECONCILE_GRACE", "2h")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("RINGBACK_RECONCILE_UNKNOWN_GRACE");
        assertThatThrownBy(() -> RingbackConfig.fromEnvironment(Map.of("RINGBACK_TELEPHONY", "simulated",
                "RINGBACK_RECONCILE_UNKNOWN_GRACE", "3h", "RINGBACK_RECONCILE_GIVE_UP", "2h")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("RINGBACK_RECONCILE_GIVE_UP");
        // Unset, the give-up time is never shorter than an unknown-outcome grace set before it existed.
        assertThat(RingbackConfig.fromEnvironment(Map.of("RINGBACK_TELEPHONY", "simulated",
                "RINGBACK_RECONCILE_UNKNOWN_GRACE", "30h")).reconcile().giveUp()).isEqualTo(Duration.ofHours(30));
        assertThatThrownBy(() -> RingbackConfig.fromEnvironment(Map.of("RINGBACK_TELEPHONY", "simulated",
                "RINGBACK_RECONCILE_INTERVAL", "0s")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("RINGBACK_RECONCILE_INTERVAL");
    }

    @Test
    void blandModeWithoutAKeyExplainsTheTrialMode() {
        assertThatThrownBy(() -> RingbackConfig.fromEnvironment(Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("BLAND_API_KEY")
                .hasMessageContaining("simulated");
    }

    @Test
    void readsEverySetting() {
        RingbackConfig config = RingbackConfig.fromEnvironment(Map.ofEntries(
                Map.entry("RINGBACK_TELEPHONY", "bland"),
                Map.entry("BLAND_API_KEY", "key"),
                Map.entry("BLAND_WEBHOOK_SECRET", "whsec"),
                Map.entry("BLAND_API_URL", "http://127.0.0.1:9999/"),
                Map.entry("RINGBACK_PORT", "0"),
                Map.entry("RINGBACK_DB", "/tmp/x.db"),
                Map.entry("RINGBACK_DB_SYNCHRONOUS", "normal"),
                Map.entry("RINGBACK_PUBLIC_URL", "https://ringback.example.org"),
                Map.entry("RINGBACK_RETRY_INITIAL", "500ms"),
                Map.entry("RINGBACK_RETRY_MAX_DELAY", "PT2H"),
                Map.entry("RINGBACK_RETRY_MAX_ATTEMPTS", "7"),
                Map.entry("RINGBACK_PLAN_MINUTES", "Starter:5,pro:90"),
                Map.entry("RINGBACK_SIMULATED_CALL_DELAY", "2s")));
        assertThat(config.bland().apiBaseUrl().toString()).isEqualTo("http://127.0.0.1:9999");
        assertThat(config.bland().webhookSecret()).isPresent();
        assertThat(config.http().port()).isZero();
        assertThat(config.persistence().synchronous()).isEqualTo("NORMAL");
        assertThat(config.configuredPublicUrl()).hasValueSatisfying(u -> assertThat(u.getHost()).isEqualTo("ringback.example.org"));
        assertThat(config.retryPolicy().initialDelay()).isEqualTo(Duration.ofMillis(500));
        assertThat(config.retryPolicy().maxDelay()).isEqualTo(Duration.ofHours(2));
        assertThat(config.retryPolicy().maxAttempts()).isEqualTo(7);
        assertThat(config.plans().monthlyMinutes("starter")).isEqualTo(5);
        assertThat(config.plans().monthlyMinutes("power")).isZero();
        assertThat(config.bland().simulatedCallDelay()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void malformedSettingsNameTheVariable() {
        assertThatThrownBy(() -> RingbackConfig.fromEnvironment(with("RINGBACK_PORT", "eighty")))
                .hasMessageContaining("RINGBACK_PORT");
        assertThatThrownBy(() -> RingbackConfig.fromEnvironment(with("RINGBACK_PORT", "70000")))
                .hasMessageContaining("RINGBACK_PORT");
        assertThatThrownBy(() -> RingbackConfig.fromEnvironment(Map.of("RINGBACK_TELEPHONY", "carrier-pigeon")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("RINGBACK_TELEPHONY");
        assertThatThrownBy(() -> RingbackConfig.fromEnvironment(with("RINGBACK_RETRY_INITIAL", "5 parsecs")))
                .hasMessageContaining("RINGBACK_RETRY_INITIAL");
        assertThatThrownBy(() -> RingbackConfig.fromEnvironment(with("RINGBACK_PUBLIC_URL", "ftp://x")))
                .hasMessageContaining("RINGBACK_PUBLIC_URL");
        assertThatThrownBy(() -> RingbackConfig.fromEnvironment(with("RINGBACK_PLAN_MINUTES", "pro=60")))
                .hasMessageContaining("RINGBACK_PLAN_MINUTES");
        assertThatThrownBy(() -> RingbackConfig.fromEnvironment(with("RINGBACK_ALLOW_UNSIGNED_WEBHOOKS", "perhaps")))
                .hasMessageContaining("RINGBACK_ALLOW_UNSIGNED_WEBHOOKS");
        assertThatThrownBy(() -> RingbackConfig.fromEnvironment(with("RINGBACK_DB_SYNCHRONOUS", "OFF")))
                .hasMessageContaining("RINGBACK_DB_SYNCHRONOUS");
        assertThatThrownBy(() -> RingbackConfig.fromEnvironment(with("RINGBACK_CORS_ORIGINS", "*")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("RINGBACK_CORS_ORIGINS");
    }

    @Test
    void aDashboardElsewhereIsListedByItsOrigins() {
        assertThat(RingbackConfig.fromEnvironment(with("RINGBACK_CORS_ORIGINS", " https://dash.example.com, http://localhost:3000 ,"))
                .http().allowedOrigins()).containsExactlyInAnyOrder("https://dash.example.com", "http://localhost:3000");
        assertThat(RingbackConfig.fromEnvironment(with("RINGBACK_PORT", "8080")).http().allowedOrigins()).isEmpty();
    }

    @Test
    void theReverseProxiesInFrontAreListedByAddressOrNetwork() {
        assertThat(RingbackConfig.fromEnvironment(with("RINGBACK_PORT", "8080")).authThrottle().proxies())
                .isEqualTo(TrustedProxies.NONE);
        assertThat(RingbackConfig.fromEnvironment(with("RINGBACK_TRUSTED_PROXIES", " 127.0.0.1, 10.0.0.0/8 ,::1"))
                .authThrottle().proxies()).hasToString("127.0.0.1/32, 10.0.0.0/8, 0:0:0:0:0:0:0:1/128");
        assertThatThrownBy(() -> RingbackConfig.fromEnvironment(with("RINGBACK_TRUSTED_PROXIES", "proxy.internal")))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("RINGBACK_TRUSTED_PROXIES: ");
    }

    @Test
    void servingRealCallsNeedsAnAddressForBlandAndASigningSecret() {
        Map<String, String> env = new HashMap<>(Map.of("RINGBACK_TELEPHONY", "bland", "BLAND_API_KEY", "key"));
        assertThatThrownBy(() -> RingbackConfig.fromEnvironment(env).requireReachableWebhooks())
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("RINGBACK_PUBLIC_URL is required");

        env.put("RINGBACK_PUBLIC_URL", "https://ringback.example.org");
        assertThatThrownBy(() -> RingbackConfig.fromEnvironment(env).requireReachableWebhooks())
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("BLAND_WEBHOOK_SECRET is required")
                .hasMessageContaining("RINGBACK_ALLOW_UNSIGNED_WEBHOOKS");

        env.put("RINGBACK_ALLOW_UNSIGNED_WEBHOOKS", "true");
        RingbackConfig.fromEnvironment(env).requireReachableWebhooks();
        env.remove("RINGBACK_ALLOW_UNSIGNED_WEBHOOKS");
        env.put("BLAND_WEBHOOK_SECRET", "whsec");
        RingbackConfig.fromEnvironment(env).requireReachableWebhooks();
        assertThat(RingbackConfig.fromEnvironment(env).publicUrlWarning()).isEmpty();

        // A loopback Bland double is reached over plain http: allowed, with a warning.
        env.put("RINGBACK_PUBLIC_URL", "http://127.0.0.1:8080");
        RingbackConfig.fromEnvironment(env).requireReachableWebhooks();
        assertThat(RingbackConfig.fromEnvironment(env).publicUrlWarning()).hasValueSatisfying(
                warning -> assertThat(warning).contains("RINGBACK_PUBLIC_URL", "https"));

        // Trial mode needs nothing: its simulator posts to the server itself, signed with a made-up secret.
        Bootstrap.config(TRIAL).requireReachableWebhooks();
        assertThat(Bootstrap.config(TRIAL).publicUrlWarning()).isEmpty();
    }

    /** What a settings record or the clock's arithmetic would refuse is refused first, naming the variable. */
    @Test
    void settingsTheRecordsWouldRefuseNameTheirVariables() {
        assertThatThrownBy(() -> configWith("OPENCLAW_WORKSPACE_ROOT", "/home/node/.openclaw/workspace/"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("OPENCLAW_WORKSPACE_ROOT");
        assertThatThrownBy(() -> configWith("OPENCLAW_WORKSPACE_ROOT", "workspace"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("OPENCLAW_WORKSPACE_ROOT");
        assertThatThrownBy(() -> configWith("RINGBACK_RETRY_INITIAL", "2h", "RINGBACK_RETRY_MAX_DELAY", "1h"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("RINGBACK_RETRY_MAX_DELAY").hasMessageContaining("RINGBACK_RETRY_INITIAL");
        assertThatThrownBy(() -> configWith("RINGBACK_RETRY_INITIAL", "99999999999999999h"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("RINGBACK_RETRY_INITIAL");
        // Parses, but would overflow once added to the clock in the running server.
        assertThatThrownBy(() -> configWith("RINGBACK_DELIVERY_LEASE", "2000000000000000h"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("RINGBACK_DELIVERY_LEASE");
        assertThat(configWith("RINGBACK_RETRY_INITIAL", "1h", "RINGBACK_RETRY_MAX_DELAY", "1h").retryPolicy().maxDelay())
                .isEqualTo(Duration.ofHours(1));
    }

    @Test
    void callsWordsAreKeptForGoodUnlessTheOperatorSetsARetentionOfAMonthOrMore() {
        assertThat(RingbackConfig.fromEnvironment(TRIAL).transcriptRetention()).isEqualTo(TranscriptRetention.FOREVER);
        assertThat(configWith("RINGBACK_TRANSCRIPT_RETENTION", "Forever").transcriptRetention())
                .isEqualTo(TranscriptRetention.FOREVER);
        assertThat(configWith("RINGBACK_TRANSCRIPT_RETENTION", "90d").transcriptRetention().keep()).contains(Duration.ofDays(90));
        assertThat(configWith("RINGBACK_TRANSCRIPT_RETENTION", "P30D").transcriptRetention().keep()).contains(Duration.ofDays(30));
        assertThatThrownBy(() -> configWith("RINGBACK_TRANSCRIPT_RETENTION", "7d")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("RINGBACK_TRANSCRIPT_RETENTION").hasMessageContaining("at least 30 days");
        assertThatThrownBy(() -> configWith("RINGBACK_TRANSCRIPT_RETENTION", "a year")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("RINGBACK_TRANSCRIPT_RETENTION");
    }

    private static RingbackConfig configWith(String name, String value, String... more) {
        Map<String, String> env = new HashMap<>(Map.of("RINGBACK_TELEPHONY", "simulated", name, value));
        for (int i = 0; i + 1 < more.length; i += 2) {
            env.put(more[i], more[i + 1]);
        }
        return RingbackConfig.fromEnvironment(env);
    }

    @Test
    void trialModeGetsASigningSecretButAConfiguredOneIsKept() {
        RingbackConfig generated = Bootstrap.config(TRIAL);
        assertThat(generated.bland().webhookSecret()).isPresent();
        RingbackConfig kept = Bootstrap.config(with("BLAND_WEBHOOK_SECRET", "mine"));
        assertThat(kept.bland().webhookSecret().orElseThrow().value()).isEqualTo("mine");
    }

    private static Map<String, String> with(String name, String value) {
        return Map.of("RINGBACK_TELEPHONY", "simulated", name, value);
    }

    @Test
    void theDeliveryLeaseIsConfigurableAndMustBePositive() {
        assertThat(RingbackConfig.fromEnvironment(TRIAL).deliveryLease()).isEqualTo(Duration.ofMinutes(2));
        Map<String, String> shortLease = new java.util.HashMap<>(TRIAL);
        shortLease.put("RINGBACK_DELIVERY_LEASE", "3s");
        assertThat(RingbackConfig.fromEnvironment(shortLease).deliveryLease()).isEqualTo(Duration.ofSeconds(3));
        shortLease.put("RINGBACK_DELIVERY_LEASE", "0s");
        assertThatThrownBy(() -> RingbackConfig.fromEnvironment(shortLease)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("RINGBACK_DELIVERY_LEASE");
    }

    @Test
    void metricsAreServedOnlyWithATokenLongEnough() {
        assertThat(RingbackConfig.fromEnvironment(TRIAL).metrics().token()).isEmpty();
        assertThat(RingbackConfig.fromEnvironment(Map.of("RINGBACK_TELEPHONY", "simulated",
                "RINGBACK_METRICS_TOKEN", "metrics-token-0123456789")).metrics().token()).isPresent();
        assertThatThrownBy(() -> RingbackConfig.fromEnvironment(Map.of("RINGBACK_TELEPHONY", "simulated",
                "RINGBACK_METRICS_TOKEN", "too-short")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("RINGBACK_METRICS_TOKEN")
                .hasMessageNotContaining("too-short");
    }
}
