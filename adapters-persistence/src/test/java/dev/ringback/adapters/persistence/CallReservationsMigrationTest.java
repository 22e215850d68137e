package dev.ringback.adapters.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ringback.application.testing.Fixtures;
import dev.ringback.domain.account.Machine;
import dev.ringback.domain.account.MonthUsage;
import dev.ringback.domain.account.User;
import dev.ringback.domain.call.CallRecord;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A database written before version 2 keeps its calls; a call then in flight holds no reservation. */
class CallReservationsMigrationTest {
    private static final Instant T0 = Instant.parse("2025-01-15T10:00:00Z");

    @TempDir
    Path directory;

    @Test
    void callsStoredBeforeVersionTwoSurviveAndHoldNothing() throws SQLException {
        Path file = directory.resolve("ringback.db");
        User alice = Fixtures.user("alice");
        Machine machine = Fixtures.machine("machine-a", alice.id(), "gateway-token-a");
        CallRecord running = Fixtures.outboundCall("call-1", machine, T0);
        try (SqlitePersistence v1 = SqlitePersistence.open(new PersistenceSettings(file, "FULL"),
                new SchemaMigrations(SchemaMigrations.LOCATION, List.of("V1__initial_schema.sql")))) {
            v1.users().save(alice);
            // Today's machine repository writes the V3 column; add it for the save and drop it again
            // so the file has the version-1 shape when the current schema opens it.
            sql(file, "ALTER TABLE machines ADD COLUMN websocket_path TEXT NOT NULL DEFAULT '/'");
            v1.machines().save(machine);
            v1.calls().insert(running);
        }
        sql(file, "ALTER TABLE machines DROP COLUMN websocket_path");

        try (SqlitePersistence current = SqlitePersistence.open(new PersistenceSettings(file, "FULL"))) {
            assertThat(current.calls().findById(running.id())).contains(running);
            assertThat(current.calls().usageSince(alice.id(), T0.minusSeconds(1), T0)).isEqualTo(new MonthUsage(0, 0, 1, 1, 0));
        }
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement statement = connection.createStatement();
                ResultSet version = statement.executeQuery("SELECT MAX(version) FROM schema_version")) {
            assertThat(version.next()).isTrue();
            assertThat(version.getInt(1)).isGreaterThanOrEqualTo(2);
        }
    }

    private static void sql(Path file, String statement) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement update = connection.createStatement()) {
            update.executeUpdate(statement);
        }
    }
}
