package dev.ringback.adapters.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ringback.application.testing.Fixtures;
import dev.ringback.domain.account.UserId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.sqlite.SQLiteConnection;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class SqliteDatabaseTest {
    @TempDir
    Path directory;

    @RegisterExtension
    final OpenDatabases databases = new OpenDatabases();


    private String pragma(SqlitePersistence persistence, String name) {
        return persistence.database().read(handle -> handle.createQuery("PRAGMA " + name).mapTo(String.class).one());
    }

    @Test
    void connectionsUseWalForeignKeysAndABusyTimeout() {
        SqlitePersistence persistence = databases.open(directory.resolve("ringback.db"));

        assertThat(pragma(persistence, "journal_mode")).isEqualToIgnoringCase("wal");
        assertThat(pragma(persistence, "foreign_keys")).isEqualTo("1");
        assertThat(pragma(persistence, "busy_timeout")).isEqualTo(String.valueOf(SqliteDatabase.BUSY_TIMEOUT_MILLIS));
        assertThat(pragma(persistence, "synchronous")).isEqualTo("2");
    }

    @Test
    void noConnectionLooksForGeneratedKeys() {
        SqlitePersistence persistence = databases.open(directory.resolve("ringback.db"));

        // The writer's connection, then a pooled reader's: neither runs the per-statement check.
        boolean writer = persistence.database().write(handle -> generatedKeys(handle.getConnection()));
        boolean reader = persistence.database().read(handle -> generatedKeys(handle.getConnection()));

        assertThat(writer).isFalse();
        assertThat(reader).isFalse();
    }

    private static boolean generatedKeys(Connection connection) {
        try {
            return connection.unwrap(SQLiteConnection.class).getConnectionConfig().isGetGeneratedKeys();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void synchronousComesFromTheSettings() {
        try (SqlitePersistence normal = SqlitePersistence.open(new PersistenceSettings(directory.resolve("n.db"), "NORMAL"));
                SqlitePersistence extra = SqlitePersistence.open(new PersistenceSettings(directory.resolve("e.db"), "EXTRA"))) {
            assertThat(pragma(normal, "synchronous")).isEqualTo("1");
            assertThat(pragma(extra, "synchronous")).isEqualTo("3");
        }
    }

    @Test
    void foreignKeysAreEnforced() {
        SqlitePersistence persistence = databases.open(directory.resolve("ringback.db"));

        assertThatThrownBy(() -> persistence.machines().save(Fixtures.machine("machine-a", new UserId("nobody"), "gateway-token-a")))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void createsMissingDirectories() {
        Path nested = directory.resolve("a/b/ringback.db");

        databases.open(nested);

        assertThat(Files.exists(nested)).isTrue();
    }

    @Test
    void healthyWhileOpenAndNotAfterClose() {
        SqlitePersistence persistence = databases.open(directory.resolve("ringback.db"));
        assertThat(persistence.isHealthy()).isTrue();

        persistence.close();

        assertThat(persistence.isHealthy()).isFalse();
        assertThatThrownBy(() -> persistence.users().findById(new UserId("alice"))).isInstanceOf(IllegalStateException.class);
        persistence.close();
    }

    /** Refused before the run markers' folder is made beside it: nothing is left behind. */
    @Test
    void aFolderIsRefusedAsTheDatabaseAndNothingIsMadeBesideIt() throws Exception {
        Path folder = Files.createDirectory(directory.resolve("data"));

        assertThatThrownBy(() -> databases.open(folder)).isInstanceOf(IllegalStateException.class)
                .hasMessage(folder.toAbsolutePath().normalize() + " is a folder, not a database file");

        try (Stream<Path> files = Files.list(directory)) {
            assertThat(files).containsExactly(folder);
        }
        try (Stream<Path> files = Files.list(folder)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void aFileThatIsNotADatabaseIsRefused() throws Exception {
        Path garbage = directory.resolve("garbage.db");
        Files.writeString(garbage, "this is not a SQLite database, just some text that is long enough to have a header");

        assertThatThrownBy(() -> databases.open(garbage)).isInstanceOf(RuntimeException.class);
    }
}
