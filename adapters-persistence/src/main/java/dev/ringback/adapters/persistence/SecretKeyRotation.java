package dev.ringback.adapters.persistence;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * Moves the machines' stored tokens from the configured secret key (or from clear text) to a new
 * key, in one transaction: after it every value opens with the new key alone, before it with the
 * old one alone, never a mix.
 *
 * <p>Refused while a process has the database open: a running server reads the tokens with the
 * key it started with, and would fail every delivery once they were sealed with another.
 */
final class SecretKeyRotation {
    private SecretKeyRotation() {}

    /** Returns how many values were sealed with the new key. */
    static int rotate(PersistenceSettings settings, SecretCipher next) {
        Path file = settings.databaseFile().toAbsolutePath().normalize();
        FileFailures.folderAsDatabase(file).ifPresent(refusal -> {
            throw new MaintenanceException(refusal);
        });
        if (!Files.exists(file)) {
            throw new MaintenanceException("no database at " + file);
        }
        try (UncleanStops alone = UncleanStops.exclusive(file, "it reads the machines' tokens with the key it started with")) {
            return rotate(settings, next, alone);
        }
    }

    private static int rotate(PersistenceSettings settings, SecretCipher next, UncleanStops alone) {
        StoredSecrets current = new StoredSecrets(settings.secretCipher());
        StoredSecrets rotated = new StoredSecrets(Optional.of(next));
        int sealed;
        // Opening proves the current key against every stored value before anything is written.
        try (SqlitePersistence persistence = SqlitePersistence.openHolding(settings, alone)) {
            sealed = persistence.database().write(handle -> {
                try {
                    List<SecretsAtRest.MachineTokens> rows = SecretsAtRest.machineTokens(handle.getConnection());
                    for (SecretsAtRest.MachineTokens row : rows) {
                        SecretsAtRest.store(handle.getConnection(), new SecretsAtRest.MachineTokens(row.id(),
                                rotated.write(StoredSecrets.MACHINE_GATEWAY_TOKEN,
                                        current.read(StoredSecrets.MACHINE_GATEWAY_TOKEN, row.gatewayToken())),
                                rotated.write(StoredSecrets.MACHINE_HOOK_TOKEN,
                                        current.read(StoredSecrets.MACHINE_HOOK_TOKEN, row.hookToken()))));
                    }
                    return rows.size() * 2;
                } catch (SQLException e) {
                    throw SqliteDatabase.failedWrite(SecretsAtRest.UPDATE_TOKENS, e);
                }
            });
        }
        // Opened once more with the new key: its start-up check reads every value back.
        SqlitePersistence.openHolding(new PersistenceSettings(settings.databaseFile(), settings.synchronous(), Optional.of(next)),
                alone).close();
        return sealed;
    }
}
