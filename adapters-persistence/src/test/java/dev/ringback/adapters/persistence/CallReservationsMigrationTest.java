package dev.ringback.adapters.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ringback.application.testing.Fixtures;
import dev.ringback.domain.account.Machine;
import dev.ringback.domain.account.MonthUsage;
import dev.ringback.domain.account.User;
import dev.ringback.domain.call.CallRecord;
import dev.ringback.domain.call.CallSnapshot;
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
        SqlitePersistence.open(new PersistenceSettings(file, "FULL"),
                new SchemaMigrations(SchemaMigrations.LOCATION, List.of("V1__initial_schema.sql"))).close();
        // Rows as version 1 wrote them: today's repositories know columns version 1 did not have.
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA foreign_keys = ON");
            statement.execute("INSERT INTO users (id, name, plan) VALUES ('" + alice.id() + "', '" + alice.name() + "', '"
                    + alice.plan() + "')");
            statement.execute("INSERT INTO machines (id, user_id, app_url, gateway_token, gateway_token_hash, hook_token,"
                    + " hooks_path, allowed_agent_ids, route) VALUES ('" + machine.id() + "', '" + alice.id() + "', '"
                    + machine.appUrl() + "', '" + machine.gatewayToken().value() + "', '" + machine.gatewayToken().hash().hex()
                    + "', '" + machine.hookToken().value() + "', '" + machine.hooksPath() + "', '"
                    + String.join(",", new java.util.TreeSet<>(machine.allowedAgentIds())) + "', '" + machine.route().wireName() + "')");
            CallSnapshot call = running.snapshot();
            statement.execute("INSERT INTO calls (id, user_id, machine_id, direction, from_number, to_number, task,"
                    + " origin_session_key, origin_session_source, status, duration_seconds, transcript, summary, cost_micros,"
                    + " created_at) VALUES ('" + call.id() + "', '" + alice.id() + "', '" + machine.id() + "', '"
                    + call.direction().wireName() + "', '" + call.from().orElseThrow().e164() + "', '" + call.to().e164() + "', '"
                    + call.task().replace("'", "''") + "', '" + call.origin().key().value() + "', '"
                    + call.origin().source().wireName() + "', 'initiated', 0, '', '', 0, '" + Timestamps.format(call.createdAt()) + "')");
        }

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
}
