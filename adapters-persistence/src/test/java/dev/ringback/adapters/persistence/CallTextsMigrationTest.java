package dev.ringback.adapters.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ringback.application.testing.Fixtures;
import dev.ringback.domain.account.Machine;
import dev.ringback.domain.account.User;
import dev.ringback.domain.call.CallRecord;
import dev.ringback.domain.call.CallSnapshot;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Version 7 moves each call's transcript and summary out of its row; nothing a call said is lost on the way. */
class CallTextsMigrationTest {
    private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");

    @TempDir
    Path directory;

    @Test
    void callsStoredBeforeVersionSevenKeepTheirTextsAndTheirRowsLoseTheColumns() throws SQLException {
        Path file = directory.resolve("ringback.db");
        User alice = Fixtures.user("alice");
        Machine machine = Fixtures.machine("machine-a", alice.id(), "gateway-token-a");
        CallRecord ended = Fixtures.completed(Fixtures.outboundCall("call-ended", machine, T0), 42, T0.plusSeconds(60));
        CallRecord ringing = Fixtures.outboundCall("call-ringing", machine, T0.plusSeconds(5));
        try (SqlitePersistence before = SqlitePersistence.open(new PersistenceSettings(file, "FULL"),
                new SchemaMigrations(SchemaMigrations.LOCATION, SchemaMigrations.SCRIPTS.subList(0, 6)))) {
            before.users().save(alice);
        }
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            insertMachineAsVersionSix(connection, machine);
            insertAsVersionSix(connection, ended.snapshot());
            insertAsVersionSix(connection, ringing.snapshot());
        }

        try (SqlitePersistence current = SqlitePersistence.open(new PersistenceSettings(file, "FULL"))) {
            assertThat(current.calls().findById(ended.id())).contains(ended);
            assertThat(current.calls().findById(ringing.id())).contains(ringing);
        }
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement statement = connection.createStatement()) {
            assertThat(columns(statement, "calls")).doesNotContain("transcript", "summary").contains("status", "completed_at");
            try (ResultSet texts = statement.executeQuery("SELECT calls.id, call_texts.transcript, call_texts.summary"
                    + " FROM call_texts LEFT JOIN calls ON calls.text_id = call_texts.id")) {
                assertThat(texts.next()).isTrue();
                assertThat(texts.getString(1)).isEqualTo(ended.id().value());
                assertThat(texts.getString(2)).isEqualTo(ended.snapshot().transcript()).isNotEmpty();
                assertThat(texts.getString(3)).isEqualTo(ended.snapshot().summary()).isNotEmpty();
                assertThat(texts.next()).as("a call without texts gets no row").isFalse();
            }
        }
    }

    /** A machines row as versions 3 to 7 hold it (the repository writes today's columns). */
    static void insertMachineAsVersionSix(Connection connection, Machine machine) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO machines (id, user_id, app_url,"
                + " gateway_token, gateway_token_hash, hook_token, hooks_path, allowed_agent_ids, route, websocket_path)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            Object[] values = {machine.id().value(), machine.userId().value(), machine.appUrl().toString(),
                    machine.gatewayToken().value(), machine.gatewayToken().hash().hex(), machine.hookToken().value(),
                    machine.hooksPath(), String.join(",", new java.util.TreeSet<>(machine.allowedAgentIds())),
                    machine.route().wireName(), machine.websocketPath()};
            for (int i = 0; i < values.length; i++) {
                insert.setObject(i + 1, values[i]);
            }
            insert.executeUpdate();
        }
    }

    private static void insertAsVersionSix(Connection connection, CallSnapshot call) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO calls (id, user_id, machine_id,"
                + " direction, from_number, to_number, task, origin_session_key, origin_session_source, provider_call_id,"
                + " status, duration_seconds, transcript, summary, recording_url, cost_micros, created_at, completed_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            Object[] values = {call.id().value(), call.userId().value(), call.machineId().orElseThrow().value(),
                    call.direction().wireName(), call.from().orElseThrow().e164(), call.to().e164(), call.task(),
                    call.origin().key().value(), call.origin().source().wireName(), null, call.status().wireName(),
                    call.durationSeconds(), call.transcript(), call.summary(), call.recordingUrl().orElse(null),
                    call.costMicros(), Timestamps.format(call.createdAt()), Timestamps.formatNullable(call.completedAt())};
            for (int i = 0; i < values.length; i++) {
                insert.setObject(i + 1, values[i]);
            }
            insert.executeUpdate();
        }
    }

    private static List<String> columns(Statement statement, String table) throws SQLException {
        List<String> names = new ArrayList<>();
        try (ResultSet rows = statement.executeQuery("SELECT name FROM pragma_table_info('" + table + "')")) {
            while (rows.next()) {
                names.add(rows.getString(1));
            }
        }
        return names;
    }
}
