package dev.ringback.bootstrap;

import dev.ringback.adapters.http.bland.TelephonyMode;
import dev.ringback.domain.account.Secret;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;

/** Builds and starts the standalone server from settings. */
final class Bootstrap {
    private Bootstrap() {}

    static RingbackConfig config(Map<String, String> settings) {
        RingbackConfig config = RingbackConfig.fromEnvironment(settings);
        if (config.bland().mode() == TelephonyMode.SIMULATED) {
            byte[] secret = new byte[32];
            new SecureRandom().nextBytes(secret);
            config = config.withGeneratedWebhookSecret(new Secret(HexFormat.of().formatHex(secret)));
        }
        return config;
    }

    static RingbackServer startServer(RingbackConfig config) {
        RingbackServer server = RingbackComponent.create(config).server();
        try {
            server.start();
            return server;
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }
}
