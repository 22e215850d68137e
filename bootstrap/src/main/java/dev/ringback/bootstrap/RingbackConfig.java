package dev.ringback.bootstrap;

import dev.ringback.adapters.http.AuthThrottleSettings;
import dev.ringback.adapters.http.HttpServerSettings;
import dev.ringback.adapters.http.MetricsSettings;
import dev.ringback.adapters.http.TrustedProxies;
import dev.ringback.adapters.http.bland.BlandSettings;
import dev.ringback.adapters.http.bland.TelephonyMode;
import dev.ringback.adapters.openclaw.OpenClawSettings;
import dev.ringback.adapters.persistence.PersistenceSettings;
import dev.ringback.adapters.persistence.SecretCipher;
import dev.ringback.domain.call.TranscriptRetention;
import dev.ringback.domain.account.BillingPolicy;
import dev.ringback.application.service.DeliverDueService;
import dev.ringback.application.service.ReconcilePolicy;
import dev.ringback.domain.account.PlanMinutes;
import dev.ringback.domain.account.Secret;
import dev.ringback.domain.delivery.RetryPolicy;
import java.net.URI;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Every setting of the standalone server, read from environment variables (documented in the
 * README) with command-line overrides. Parsing fails fast with the variable's name.
 */
record RingbackConfig(
        PersistenceSettings persistence,
        HttpServerSettings http,
        Optional<URI> configuredPublicUrl,
        BlandSettings bland,
        OpenClawSettings openClaw,
        RetryPolicy retryPolicy,
        PlanMinutes plans,
        String upgradeUrl,
        int deliveryThreads,
        BillingPolicy billing,
        AuthThrottleSettings authThrottle,
        Duration deliveryLease,
        ReconcilePolicy reconcile,
        Duration reconcileInterval,
        MetricsSettings metrics,
        TranscriptRetention transcriptRetention,
        Duration stopGrace) {

    static final String DEFAULT_DB = "./ringback.db";
    static final int DEFAULT_PORT = 8080;
    /** Delivery threads mostly wait (network, commit); enough of them keep a backlog draining. */
    static final int DEFAULT_DELIVERY_THREADS = 16;
    static final Duration DEFAULT_RECONCILE_INTERVAL = Duration.ofMinutes(5);
    /** How long a stop lets delivery attempts under way finish: below systemd's 90 s before it kills. */
    static final Duration DEFAULT_STOP_GRACE = Duration.ofSeconds(40);

    static RingbackConfig fromEnvironment(Map<String, String> env) {
        Settings s = new Settings(env);
        int port = s.integer("RINGBACK_PORT", DEFAULT_PORT, 0, 65535);
        String host = s.text("RINGBACK_HOST", "0.0.0.0");
        Optional<URI> publicUrl = s.optional("RINGBACK_PUBLIC_URL").map(raw -> s.httpUrl("RINGBACK_PUBLIC_URL", raw));
        int maxBodyBytes = s.integer("RINGBACK_MAX_BODY_BYTES", HttpServerSettings.DEFAULT_MAX_BODY_BYTES, 1024,
                HttpServerSettings.LARGEST_MAX_BODY_BYTES);
        Set<String> origins = s.optional("RINGBACK_CORS_ORIGINS")
                .map(list -> Arrays.stream(list.split(",")).map(String::strip).filter(o -> !o.isEmpty())
                        .collect(Collectors.toUnmodifiableSet()))
                .orElse(Set.of());
        HttpServerSettings http = checked("RINGBACK_CORS_ORIGINS", () -> new HttpServerSettings(host, port,
                publicUrl.orElse(URI.create("http://127.0.0.1:" + port)), maxBodyBytes, origins));
        TelephonyMode mode = s.choice("RINGBACK_TELEPHONY", "bland", Map.of("bland", TelephonyMode.BLAND,
                "simulated", TelephonyMode.SIMULATED));
        Optional<Secret> apiKey = s.optional("BLAND_API_KEY").map(Secret::new);
        if (mode == TelephonyMode.BLAND && apiKey.isEmpty()) {
            throw new ConfigException("BLAND_API_KEY is required with RINGBACK_TELEPHONY=bland;"
                    + " to try Ringback without a Bland account use --telephony simulated");
        }
        Optional<Secret> webhookSecret = s.optional("BLAND_WEBHOOK_SECRET").map(Secret::new);
        BlandSettings bland = new BlandSettings(mode,
                s.optional("BLAND_API_URL").map(raw -> s.httpUrl("BLAND_API_URL", raw)).orElse(BlandSettings.DEFAULT_API_BASE_URL),
                apiKey, webhookSecret, s.bool("RINGBACK_ALLOW_UNSIGNED_WEBHOOKS", false),
                s.text("BLAND_DEFAULT_VOICE_ID", BlandSettings.DEFAULT_VOICE_ID),
                s.duration("BLAND_REQUEST_TIMEOUT", Duration.ofSeconds(20)),
                s.duration("RINGBACK_SIMULATED_CALL_DELAY", Duration.ofSeconds(3)));
        Duration connectTimeout = s.duration("OPENCLAW_CONNECT_TIMEOUT", OpenClawSettings.DEFAULT.connectTimeout());
        Duration requestTimeout = s.duration("OPENCLAW_REQUEST_TIMEOUT", OpenClawSettings.DEFAULT.requestTimeout());
        String workspaceRoot = s.text("OPENCLAW_WORKSPACE_ROOT", OpenClawSettings.DEFAULT_WORKSPACE_ROOT);
        // The timeouts are positive once parsed: the workspace root is what the record can still refuse.
        OpenClawSettings openClaw = checked("OPENCLAW_WORKSPACE_ROOT",
                () -> new OpenClawSettings(connectTimeout, requestTimeout, workspaceRoot));
        Duration retryInitial = s.duration("RINGBACK_RETRY_INITIAL", RetryPolicy.DEFAULT.initialDelay());
        Duration retryMaxDelay = s.duration("RINGBACK_RETRY_MAX_DELAY", RetryPolicy.DEFAULT.maxDelay());
        if (retryMaxDelay.compareTo(retryInitial) < 0) {
            throw new ConfigException("RINGBACK_RETRY_MAX_DELAY cannot be shorter than RINGBACK_RETRY_INITIAL");
        }
        int retryMaxAttempts = s.integer("RINGBACK_RETRY_MAX_ATTEMPTS", RetryPolicy.DEFAULT.maxAttempts(), 1, 1000);
        RetryPolicy retry = checked("RINGBACK_RETRY_INITIAL / RINGBACK_RETRY_MAX_DELAY / RINGBACK_RETRY_MAX_ATTEMPTS",
                () -> new RetryPolicy(retryInitial, retryMaxDelay, retryMaxAttempts));
        String sync = s.text("RINGBACK_DB_SYNCHRONOUS", "FULL").toUpperCase(Locale.ROOT);
        if (!sync.equals("FULL") && !sync.equals("NORMAL") && !sync.equals("EXTRA")) {
            throw new ConfigException("RINGBACK_DB_SYNCHRONOUS must be FULL, NORMAL or EXTRA");
        }
        PersistenceSettings persistence = new PersistenceSettings(Path.of(s.text("RINGBACK_DB", DEFAULT_DB)), sync);
        persistence = s.optional("RINGBACK_SECRET_KEY").map(key -> secretCipher("RINGBACK_SECRET_KEY", key)).map(persistence::withSecretCipher)
                .orElse(persistence);
        TrustedProxies proxies = checked("RINGBACK_TRUSTED_PROXIES",
                () -> s.optional("RINGBACK_TRUSTED_PROXIES").map(TrustedProxies::parse).orElse(TrustedProxies.NONE));
        AuthThrottleSettings throttle = new AuthThrottleSettings(
                s.integer("RINGBACK_AUTH_FAILURE_LIMIT", AuthThrottleSettings.DEFAULT.maxFailures(), 0, 1_000_000),
                AuthThrottleSettings.DEFAULT.window(), proxies);
        return new RingbackConfig(
                persistence,
                http, publicUrl, bland, openClaw, retry, s.plans("RINGBACK_PLAN_MINUTES"),
                s.text("RINGBACK_UPGRADE_URL", "/pricing"),
                s.integer("RINGBACK_DELIVERY_THREADS", DEFAULT_DELIVERY_THREADS, 1, 64),
                new BillingPolicy(s.zone("RINGBACK_BILLING_ZONE"),
                        s.integer("RINGBACK_MAX_CONCURRENT_CALLS", BillingPolicy.DEFAULT_MAX_CONCURRENT_CALLS, 1, 100_000)),
                throttle,
                s.duration("RINGBACK_DELIVERY_LEASE", DeliverDueService.LEASE),
                reconcilePolicy(s),
                s.duration("RINGBACK_RECONCILE_INTERVAL", DEFAULT_RECONCILE_INTERVAL),
                metrics(s),
                transcriptRetention(s),
                s.duration("RINGBACK_STOP_GRACE", DEFAULT_STOP_GRACE));
    }

    /**
     * Builds a settings record from values already read. Its own checks throw
     * IllegalArgumentException stating the rule (never a value); the operator also needs to know
     * which variables to change.
     */
    private static <T> T checked(String variables, Supplier<T> build) {
        try {
            return build.get();
        } catch (IllegalArgumentException e) {
            throw new ConfigException(variables + ": " + e.getMessage());
        }
    }

    private static MetricsSettings metrics(Settings s) {
        try {
            return new MetricsSettings(s.optional("RINGBACK_METRICS_TOKEN").map(Secret::new));
        } catch (IllegalArgumentException e) {
            // The settings' message states the rule and never the value.
            throw new ConfigException("RINGBACK_METRICS_TOKEN: " + e.getMessage());
        }
    }

    private static ReconcilePolicy reconcilePolicy(Settings s) {
        Duration grace = s.duration("RINGBACK_RECONCILE_GRACE", ReconcilePolicy.DEFAULT.grace());
        Duration unknown = s.duration("RINGBACK_RECONCILE_UNKNOWN_GRACE", ReconcilePolicy.DEFAULT.unknownOutcomeGrace());
        if (unknown.compareTo(grace) < 0) {
            throw new ConfigException("RINGBACK_RECONCILE_UNKNOWN_GRACE cannot be shorter than RINGBACK_RECONCILE_GRACE");
        }
        // Unset, it follows an unknown-outcome grace set longer than its default: such a setting kept working.
        Duration giveUp = s.duration("RINGBACK_RECONCILE_GIVE_UP", ReconcilePolicy.defaultGiveUp(unknown));
        if (giveUp.compareTo(unknown) < 0) {
            throw new ConfigException("RINGBACK_RECONCILE_GIVE_UP cannot be shorter than RINGBACK_RECONCILE_UNKNOWN_GRACE");
        }
        return new ReconcilePolicy(grace, unknown, giveUp, ReconcilePolicy.DEFAULT.batch());
    }

    /** Unset or {@code forever}: kept for good, as the platform kept them. */
    private static TranscriptRetention transcriptRetention(Settings s) {
        String name = "RINGBACK_TRANSCRIPT_RETENTION";
        if (s.optional(name).filter(value -> !value.strip().equalsIgnoreCase("forever")).isEmpty()) {
            return TranscriptRetention.FOREVER;
        }
        Duration keep = s.duration(name, TranscriptRetention.SHORTEST);
        return checked(name, () -> TranscriptRetention.keepFor(keep));
    }

    static SecretCipher secretCipher(String variable, String base64Key) {
        try {
            return SecretCipher.fromBase64Key(base64Key);
        } catch (IllegalArgumentException e) {
            // The cipher's message describes the problem and never the value.
            throw new ConfigException(variable + ": " + e.getMessage());
        }
    }

    /**
     * What serving real calls needs beyond a Bland key: an address Bland can post results to, and
     * a way to trust what arrives there. Without them the server started, and every result waited
     * for the reconcile sweep instead (Bland was told {@code http://127.0.0.1:<port>}, and every
     * webhook was refused as unsigned). Checked when the server starts rather than when settings
     * are read: {@code reconcile} asks Bland in this mode and needs neither, and a server embedded
     * on port 0 (the tests' harness) learns its address only once bound.
     */
    void requireReachableWebhooks() {
        if (bland.mode() != TelephonyMode.BLAND) {
            return;
        }
        if (configuredPublicUrl.isEmpty()) {
            throw new ConfigException("RINGBACK_PUBLIC_URL is required with RINGBACK_TELEPHONY=bland: the https address"
                    + " Bland posts call results to (<url>" + PublicUrl.BLAND_WEBHOOK_PATH + ")");
        }
        if (bland.webhookSecret().isEmpty() && !bland.allowUnsignedWebhooks()) {
            throw new ConfigException("BLAND_WEBHOOK_SECRET is required with RINGBACK_TELEPHONY=bland: without it every"
                    + " webhook is refused (RINGBACK_ALLOW_UNSIGNED_WEBHOOKS=true accepts unsigned ones, for local experiments only)");
        }
    }

    /** Bland posts to https addresses; a plain http one is a loopback test double's, or a mistake. */
    Optional<String> publicUrlWarning() {
        return configuredPublicUrl.filter(url -> bland.mode() == TelephonyMode.BLAND && !"https".equals(url.getScheme()))
                .map(url -> "RINGBACK_PUBLIC_URL is not https: Bland expects an https webhook address");
    }

    /** Trial mode signs its own webhooks; without a configured secret it makes one up per run. */
    RingbackConfig withGeneratedWebhookSecret(Secret secret) {
        if (bland.webhookSecret().isPresent()) {
            return this;
        }
        BlandSettings signed = new BlandSettings(bland.mode(), bland.apiBaseUrl(), bland.apiKey(), Optional.of(secret),
                bland.allowUnsignedWebhooks(), bland.defaultVoiceId(), bland.requestTimeout(), bland.simulatedCallDelay());
        return new RingbackConfig(persistence, http, configuredPublicUrl, signed, openClaw, retryPolicy, plans,
                upgradeUrl, deliveryThreads, billing, authThrottle, deliveryLease, reconcile, reconcileInterval, metrics,
                transcriptRetention, stopGrace);
    }

    /** Reads and checks one variable at a time, so every error names the variable at fault. */
    private static final class Settings {
        /**
         * Far beyond any sensible setting. A longer one would parse, and then overflow the first
         * time it is added to the clock (a lease, a retry's due time) inside the running server.
         */
        static final Duration LONGEST_DURATION = Duration.ofDays(3650);

        private final Map<String, String> env;

        Settings(Map<String, String> env) {
            this.env = env;
        }

        Optional<String> optional(String name) {
            return Optional.ofNullable(env.get(name)).map(String::strip).filter(v -> !v.isEmpty());
        }

        String text(String name, String fallback) {
            return optional(name).orElse(fallback);
        }

        int integer(String name, int fallback, int min, int max) {
            Optional<String> raw = optional(name);
            if (raw.isEmpty()) {
                return fallback;
            }
            try {
                int value = Integer.parseInt(raw.get());
                if (value < min || value > max) {
                    throw new ConfigException(name + " must be between " + min + " and " + max);
                }
                return value;
            } catch (NumberFormatException e) {
                throw new ConfigException(name + " must be a whole number");
            }
        }

        boolean bool(String name, boolean fallback) {
            Optional<String> raw = optional(name).map(v -> v.toLowerCase(Locale.ROOT));
            if (raw.isEmpty()) {
                return fallback;
            }
            switch (raw.get()) {
                case "true": case "1": case "yes":
                    return true;
                case "false": case "0": case "no":
                    return false;
                default:
                    throw new ConfigException(name + " must be true or false");
            }
        }

        /** ISO-8601 ({@code PT30S}) or a number with a unit: {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}. */
        Duration duration(String name, Duration fallback) {
            Optional<String> raw = optional(name).map(v -> v.toLowerCase(Locale.ROOT));
            if (raw.isEmpty()) {
                return fallback;
            }
            String v = raw.get();
            try {
                Duration parsed;
                if (v.startsWith("p")) {
                    parsed = Duration.parse(v.toUpperCase(Locale.ROOT));
                } else if (v.endsWith("ms")) {
                    parsed = Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
                } else if (v.endsWith("s")) {
                    parsed = Duration.ofSeconds(Long.parseLong(v.substring(0, v.length() - 1)));
                } else if (v.endsWith("m")) {
                    parsed = Duration.ofMinutes(Long.parseLong(v.substring(0, v.length() - 1)));
                } else if (v.endsWith("h")) {
                    parsed = Duration.ofHours(Long.parseLong(v.substring(0, v.length() - 1)));
                } else if (v.endsWith("d")) {
                    parsed = Duration.ofDays(Long.parseLong(v.substring(0, v.length() - 1)));
                } else {
                    throw new ConfigException(name + " needs a unit: ms, s, m, h or d (e.g. 30s)");
                }
                if (parsed.isNegative() || parsed.isZero()) {
                    throw new ConfigException(name + " must be positive");
                }
                if (parsed.compareTo(LONGEST_DURATION) > 0) {
                    throw new ConfigException(name + " is too long (at most " + LONGEST_DURATION.toDays() + " days)");
                }
                return parsed;
            } catch (NumberFormatException | java.time.format.DateTimeParseException e) {
                throw new ConfigException(name + " is not a duration (e.g. 30s, 5m, PT1H)");
            } catch (ArithmeticException e) {
                // More hours (or minutes...) than a Duration holds.
                throw new ConfigException(name + " is too long (at most " + LONGEST_DURATION.toDays() + " days)");
            }
        }

        <T> T choice(String name, String fallback, Map<String, T> options) {
            String v = text(name, fallback).toLowerCase(Locale.ROOT);
            T chosen = options.get(v);
            if (chosen == null) {
                throw new ConfigException(name + " must be one of " + options.keySet());
            }
            return chosen;
        }

        URI httpUrl(String name, String raw) {
            try {
                URI uri = new URI(raw.endsWith("/") ? raw.substring(0, raw.length() - 1) : raw);
                if (uri.getHost() == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
                    throw new ConfigException(name + " must be an absolute http(s) URL");
                }
                return uri;
            } catch (java.net.URISyntaxException e) {
                throw new ConfigException(name + " must be an absolute http(s) URL");
            }
        }

        /** A region id such as {@code America/New_York} or an offset; unset means UTC, never the server's zone. */
        ZoneId zone(String name) {
            Optional<String> raw = optional(name);
            if (raw.isEmpty()) {
                return ZoneOffset.UTC;
            }
            try {
                // A fixed offset under any name (UTC, GMT, +00:00) is that offset, as the default is.
                return ZoneId.of(raw.get()).normalized();
            } catch (DateTimeException e) {
                throw new ConfigException(name + " must be a time zone id such as UTC or America/New_York");
            }
        }

        /** {@code starter:0,pro:60,power:120}; unset means the platform's table. */
        PlanMinutes plans(String name) {
            Optional<String> raw = optional(name);
            if (raw.isEmpty()) {
                return PlanMinutes.PLATFORM_DEFAULT;
            }
            Map<String, Long> table = new LinkedHashMap<>();
            for (String entry : raw.get().split(",")) {
                String[] parts = entry.split(":");
                if (parts.length != 2 || parts[0].isBlank()) {
                    throw new ConfigException(name + " must look like starter:0,pro:60,power:120");
                }
                try {
                    long minutes = Long.parseLong(parts[1].strip());
                    if (minutes < 0) {
                        throw new ConfigException(name + ": minutes cannot be negative");
                    }
                    table.put(parts[0].strip().toLowerCase(Locale.ROOT), minutes);
                } catch (NumberFormatException e) {
                    throw new ConfigException(name + " must look like starter:0,pro:60,power:120");
                }
            }
            return new PlanMinutes(table);
        }
    }
}
