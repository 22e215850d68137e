package dev.ringback.bootstrap;

import dev.ringback.adapters.http.bland.TelephonyMode;
import dev.ringback.adapters.persistence.SecretCipher;
import dev.ringback.adapters.persistence.SqlitePersistence;
import dev.ringback.domain.account.Secret;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

/** Builds and starts the standalone server from settings. */
final class Bootstrap {
    private static final System.Logger LOG = System.getLogger(Bootstrap.class.getName());

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
        config.requireReachableWebhooks();
        config.publicUrlWarning().ifPresent(warning -> LOG.log(Level.WARNING, warning));
        RingbackComponent component = RingbackComponent.create(config);
        openDatabase(component, config);
        RingbackServer server = component.server();
        try {
            server.start();
            return server;
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    /**
     * Opens the database first and on its own, so that a failure to open it is reported as that
     * and leaves nothing else started. A secret key that does not fit is reported as it is. A file
     * another process holds locked past the busy timeout (a backup, a long migration) fails
     * inside Jdbi, with SQLite's words further down: that is one line too, not a stack trace.
     */
    static SqlitePersistence openDatabase(RingbackComponent component, RingbackConfig config) {
        try {
            return component.database();
        } catch (SecretCipher.KeyMismatchException e) {
            throw e;
        } catch (RuntimeException e) {
            Optional<String> sqlite = sqliteReason(e);
            if (sqlite.isEmpty() && !(e instanceof IllegalStateException || e instanceof UncheckedIOException)) {
                throw e;
            }
            throw new CannotStartException("cannot open the database " + config.persistence().databaseFile() + ": "
                    + sqlite.orElse(e.getMessage()), e);
        }
    }

    /** SQLite's own words, from the first SQLException among the causes, when there is one. */
    static Optional<String> sqliteReason(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException) {
                return Optional.ofNullable(cause.getMessage());
            }
        }
        return Optional.empty();
    }
}
