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
import java.sql.SQLException;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Version 8: machines and calls stored before it keep the transcript file the hosted platform gave them. */
class FileServersMigrationTest {
    private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");

    @TempDir
    Path directory;

    @Test
    void aMachineAndACallInFlightFromBeforeKeepTheirFile() throws SQLException {
        Path file = directory.resolve("ringback.db");
        User alice = Fixtures.user("alice");
        Machine machine = Fixtures.machine("machine-a", alice.id(), "gateway-token-a");
        CallRecord ringing = Fixtures.outboundCall("call-ringing", machine, T0);
        try (SqlitePersistence before = SqlitePersistence.open(new PersistenceSettings(file, "FULL"),
                new SchemaMigrations(SchemaMigrations.LOCATION, SchemaMigrations.SCRIPTS.subList(0, 7)))) {
            before.users().save(alice);
        }
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            CallTextsMigrationTest.insertMachineAsVersionSix(connection, machine);
            insertAsVersionSeven(connection, ringing.snapshot());
        }

        try (SqlitePersistence current = SqlitePersistence.open(new PersistenceSettings(file, "FULL"))) {
            assertThat(current.machines().findById(machine.id())).contains(machine);
            assertThat(machine.fileServer()).isTrue();
            assertThat(current.calls().findById(ringing.id())).contains(ringing);
            assertThat(ringing.snapshot().writesTranscriptFile()).isTrue();
        }
    }

    private static void insertAsVersionSeven(Connection connection, CallSnapshot call) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO calls (id, user_id, machine_id,"
                + " direction, from_number, to_number, task, origin_session_key, origin_session_source, status,"
                + " duration_seconds, cost_micros, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            Object[] values = {call.id().value(), call.userId().value(), call.machineId().orElseThrow().value(),
                    call.direction().wireName(), call.from().orElseThrow().e164(), call.to().e164(), call.task(),
                    call.origin().key().value(), call.origin().source().wireName(), call.status().wireName(),
                    call.durationSeconds(), call.costMicros(), Timestamps.format(call.createdAt())};
            for (int i = 0; i < values.length; i++) {
                insert.setObject(i + 1, values[i]);
            }
            insert.executeUpdate();
        }
    }
}
