package dev.ringback.adapters.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ringback.application.testing.Fixtures;
import dev.ringback.application.testing.MachineRepositoryContract;
import dev.ringback.application.testing.Repositories;
import dev.ringback.domain.account.Machine;
import dev.ringback.domain.account.MachineId;
import dev.ringback.domain.account.TokenHash;
import dev.ringback.domain.account.User;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Machine tokens encrypted at rest with RINGBACK_SECRET_KEY's cipher; lookups stay by hash. */
class SecretsAtRestTest {
    private static final Logger LOG = Logger.getLogger(SecretsAtRest.class.getName());

    @TempDir
    Path directory;

    private final List<SqlitePersistence> opened = new ArrayList<>();
    private final User alice = Fixtures.user("alice");
    private final Machine machine = Fixtures.machine("machine-a", alice.id(), "gateway-token-a");

    @AfterEach
    void close() {
        opened.forEach(SqlitePersistence::close);
    }

    private Path file() {
        return directory.resolve("ringback.db");
    }

    private SqlitePersistence open(String base64Key) {
        PersistenceSettings settings = PersistenceSettings.durable(file());
        if (base64Key != null) {
            settings = settings.withSecretCipher(SecretCipher.fromBase64Key(base64Key));
        }
        SqlitePersistence persistence = SqlitePersistence.open(settings);
        opened.add(persistence);
        return persistence;
    }

    private void closeAll() {
        opened.forEach(SqlitePersistence::close);
        opened.clear();
    }

    private List<String> storedTokens(SqlitePersistence persistence) {
        return persistence.database().read(handle -> handle
                .createQuery("SELECT gateway_token || ' ' || hook_token FROM machines ORDER BY id").mapTo(String.class).list());
    }

    @Test
    void withAKeyTokensAreStoredSealedAndReadBackInClear() {
        SqlitePersistence db = open(SecretCipherTest.KEY);
        db.users().save(alice);
        db.machines().save(machine);

        assertThat(storedTokens(db)).singleElement().asString()
                .startsWith("enc:v1:").contains(" enc:v1:").doesNotContain("gateway-token-a");
        Machine found = db.machines().findByGatewayTokenHash(TokenHash.of("gateway-token-a")).orElseThrow();
        assertThat(found.gatewayToken().value()).isEqualTo("gateway-token-a");
        assertThat(found.hookToken().value()).isEqualTo("hook-gateway-token-a");
        assertThat(db.machines().findById(new MachineId("machine-a"))).contains(found);
    }

    @Test
    void withoutAKeyTokensAreStoredAsTodayAndTheOperatorIsWarned() {
        List<String> warnings = captureWarnings(() -> {
            SqlitePersistence db = open(null);
            db.users().save(alice);
            db.machines().save(machine);
            assertThat(storedTokens(db)).containsExactly("gateway-token-a hook-gateway-token-a");
        });

        assertThat(warnings).anyMatch(line -> line.contains("stored in clear") && line.contains("RINGBACK_SECRET_KEY"));
    }

    @Test
    void clearTokensAreEncryptedWhenTheServerStartsWithAKey() {
        SqlitePersistence clear = open(null);
        clear.users().save(alice);
        clear.machines().save(machine);
        closeAll();

        SqlitePersistence db = open(SecretCipherTest.KEY);

        assertThat(storedTokens(db)).singleElement().asString().startsWith("enc:v1:").doesNotContain("gateway-token-a");
        assertThat(db.machines().findByGatewayTokenHash(TokenHash.of("gateway-token-a")).orElseThrow().hookToken().value())
                .isEqualTo("hook-gateway-token-a");
        closeAll();
        assertThat(storedTokens(open(SecretCipherTest.KEY))).as("sealed once, not again").hasSize(1);
    }

    @Test
    void aWrongKeyStopsTheStartAndSaysWhy() {
        SqlitePersistence db = open(SecretCipherTest.KEY);
        db.users().save(alice);
        db.machines().save(machine);
        closeAll();

        assertThatThrownBy(() -> open(SecretCipherTest.OTHER_KEY))
                .isInstanceOf(SecretCipher.KeyMismatchException.class)
                .hasMessageContaining("RINGBACK_SECRET_KEY")
                .hasMessageContaining("not the key the database was encrypted with");
    }

    @Test
    void anEncryptedDatabaseWithoutItsKeyStopsTheStartToo() {
        SqlitePersistence db = open(SecretCipherTest.KEY);
        db.users().save(alice);
        db.machines().save(machine);
        closeAll();

        assertThatThrownBy(() -> open(null))
                .isInstanceOf(SecretCipher.KeyMismatchException.class)
                .hasMessageContaining("no secret key is configured");
    }

    private static List<String> captureWarnings(Runnable work) {
        List<String> lines = new CopyOnWriteArrayList<>();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                lines.add(new java.util.logging.SimpleFormatter().formatMessage(record));
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        LOG.addHandler(handler);
        try {
            work.run();
        } finally {
            LOG.removeHandler(handler);
        }
        return lines;
    }

    /** The machine repository's contract holds with encryption on. */
    @Nested
    class EncryptedMachines extends MachineRepositoryContract {
        private int n;

        @Override
        protected Repositories newRepositories() {
            SqlitePersistence db = SqlitePersistence.open(PersistenceSettings.durable(directory.resolve("enc-" + n++ + ".db"))
                    .withSecretCipher(SecretCipher.fromBase64Key(SecretCipherTest.KEY)));
            opened.add(db);
            return OpenDatabases.repositoriesOf(db);
        }
    }
}
