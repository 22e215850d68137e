package dev.ringback.adapters.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ringback.application.testing.Fixtures;
import dev.ringback.domain.account.Machine;
import dev.ringback.domain.account.MachineId;
import dev.ringback.domain.account.User;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A new secret key for the machines' tokens: all of them move to it at once, or none does. */
class SecretKeyRotationTest {
    private static final String NEW_KEY = Base64.getEncoder().encodeToString(new byte[] {
        9, 8, 7, 6, 5, 4, 3, 2, 1, 0, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0, 9, 8});

    @TempDir
    Path directory;

    @Test
    void afterARotationTheTokensOpenWithTheNewKeyAloneAndReadTheSame() {
        PersistenceSettings old = settings(SecretCipherTest.KEY);
        try (SqlitePersistence db = SqlitePersistence.open(old)) {
            register(db, "machine-a");
            register(db, "machine-b");
        }

        int sealed = SqlitePersistence.rotateSecretKey(old, SecretCipher.fromBase64Key(NEW_KEY));

        assertThat(sealed).isEqualTo(4);
        try (SqlitePersistence db = SqlitePersistence.open(settings(NEW_KEY))) {
            Machine machine = db.machines().findById(new MachineId("machine-b")).orElseThrow();
            assertThat(machine.gatewayToken().value()).isEqualTo("gateway-token-machine-b");
            assertThat(machine.hookToken().value()).isEqualTo("hook-gateway-token-machine-b");
        }
        assertThatThrownBy(() -> SqlitePersistence.open(old)).isInstanceOf(SecretCipher.KeyMismatchException.class);
    }

    @Test
    void tokensStoredInClearAreSealedWithTheNewKey() {
        PersistenceSettings clear = settings(null);
        try (SqlitePersistence db = SqlitePersistence.open(clear)) {
            register(db, "machine-a");
        }

        assertThat(SqlitePersistence.rotateSecretKey(clear, SecretCipher.fromBase64Key(NEW_KEY))).isEqualTo(2);

        assertThatThrownBy(() -> SqlitePersistence.open(clear)).isInstanceOf(SecretCipher.KeyMismatchException.class)
                .hasMessageContaining("no secret key is configured");
        SqlitePersistence.open(settings(NEW_KEY)).close();
    }

    @Test
    void aFolderIsRefusedAndNothingIsMadeBesideIt() throws IOException {
        Path folder = Files.createDirectory(directory.resolve("data"));

        assertThatThrownBy(() -> SqlitePersistence.rotateSecretKey(PersistenceSettings.durable(folder),
                SecretCipher.fromBase64Key(NEW_KEY)))
                .isInstanceOf(MaintenanceException.class).hasMessage(folder + " is a folder, not a database file");

        try (Stream<Path> files = Files.list(directory)) {
            assertThat(files).containsExactly(folder);
        }
    }

    @Test
    void theWrongCurrentKeyChangesNothing() {
        try (SqlitePersistence db = SqlitePersistence.open(settings(SecretCipherTest.KEY))) {
            register(db, "machine-a");
        }

        assertThatThrownBy(() -> SqlitePersistence.rotateSecretKey(settings(SecretCipherTest.OTHER_KEY),
                SecretCipher.fromBase64Key(NEW_KEY))).isInstanceOf(SecretCipher.KeyMismatchException.class);

        SqlitePersistence.open(settings(SecretCipherTest.KEY)).close();
    }

    @Test
    void aRotationIsRefusedWhileAProcessHasTheDatabaseOpen() {
        PersistenceSettings old = settings(SecretCipherTest.KEY);
        try (SqlitePersistence running = SqlitePersistence.open(old)) {
            register(running, "machine-a");

            assertThatThrownBy(() -> SqlitePersistence.rotateSecretKey(old, SecretCipher.fromBase64Key(NEW_KEY)))
                    .isInstanceOf(MaintenanceException.class).hasMessageContaining("stop it first");
        }
        SqlitePersistence.open(old).close();
        assertThatThrownBy(() -> SqlitePersistence.rotateSecretKey(PersistenceSettings.durable(directory.resolve("typo.db")),
                SecretCipher.fromBase64Key(NEW_KEY)))
                .isInstanceOf(MaintenanceException.class).hasMessageContaining("no database at");
    }

    private PersistenceSettings settings(String key) {
        PersistenceSettings settings = PersistenceSettings.durable(directory.resolve("ringback.db"));
        return key == null ? settings : settings.withSecretCipher(SecretCipher.fromBase64Key(key));
    }

    private static void register(SqlitePersistence db, String machineId) {
        User user = Fixtures.user("user-" + machineId);
        db.users().save(user);
        db.machines().save(Fixtures.machine(machineId, user.id(), "gateway-token-" + machineId));
    }
}
