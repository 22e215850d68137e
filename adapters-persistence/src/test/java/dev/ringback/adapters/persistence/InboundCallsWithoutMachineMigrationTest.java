package dev.ringback.adapters.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ringback.application.testing.Fixtures;
import dev.ringback.application.testing.SequentialIds;
import dev.ringback.domain.account.Machine;
import dev.ringback.domain.account.User;
import dev.ringback.domain.call.CallId;
import dev.ringback.domain.call.CallRecord;
import dev.ringback.domain.call.CallStatus;
import dev.ringback.domain.call.ProviderCallId;
import dev.ringback.domain.delivery.Delivery;
import dev.ringback.domain.session.OriginSession;
import dev.ringback.domain.session.SessionKey;
import dev.ringback.domain.session.SessionSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Version 12 rebuilds calls so that an inbound call may have no machine: every call, every
 * delivery's reference to its call, every index and every constraint of calls survive it.
 */
class InboundCallsWithoutMachineMigrationTest {
    private static final String V12 = "V12__inbound_calls_without_machine.sql";
    private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");

    @TempDir
    Path directory;

    @Test
    void callsAndTheDeliveriesReferringToThemSurviveTheRebuildWithTheirIndexesAndKeys() throws SQLException {
        Path file = directory.resolve("ringback.db");
        User alice = Fixtures.user("alice");
        Machine machine = Fixtures.machine("machine-a", alice.id(), "gateway-token-a");
        SequentialIds ids = new SequentialIds("delivery-");
        CallRecord ringing = Fixtures.outboundCall("call-ringing", machine, T0);
        CallRecord placed = Fixtures.outboundCall("call-ended", machine, T0.plusSeconds(1))
                .acceptedByProvider(new ProviderCallId("bland-1"));
        CallRecord ended = Fixtures.completed(placed, 42, T0.plusSeconds(60));
        List<Delivery> owed = Fixtures.deliveriesFor(ended, ids, T0.plusSeconds(60));
        List<String> indexesBefore;
        // Whatever precedes version 12: version 10, or 11 once it is merged.
        try (SqlitePersistence before = SqlitePersistence.open(PersistenceSettings.durable(file),
                new SchemaMigrations(SchemaMigrations.LOCATION, SchemaMigrations.SCRIPTS.subList(0,
                        SchemaMigrations.SCRIPTS.indexOf(V12))))) {
            before.users().save(alice);
            before.machines().save(machine);
            before.calls().insert(ringing);
            before.calls().insert(placed);
            assertThat(before.calls().recordCompletion(ended, owed)).isTrue();
            indexesBefore = indexesOfCalls(file);
        }
        assertThat(indexesBefore).contains("calls_by_user_created", "calls_in_flight");

        try (SqlitePersistence current = SqlitePersistence.open(PersistenceSettings.durable(file))) {
            assertThat(current.calls().findById(ringing.id())).contains(ringing);
            assertThat(current.calls().findById(ended.id())).contains(ended);
            assertThat(current.calls().findByProviderCallId(new ProviderCallId("bland-1"))).contains(ended);
            assertThat(current.deliveries().findByCall(ended.id())).containsExactlyInAnyOrderElementsOf(owed);
        }

        assertThat(indexesOfCalls(file)).containsExactlyInAnyOrderElementsOf(indexesBefore);
        assertThat(rows(file, "SELECT \"table\" || '.' || \"to\" || ' <- ' || \"from\" FROM pragma_foreign_key_list('deliveries')"))
                .contains("calls.id <- call_id", "machines.id <- machine_id");
        assertThat(rows(file, "SELECT \"table\" || '.' || \"to\" || ' <- ' || \"from\" FROM pragma_foreign_key_list('calls')"))
                .containsExactlyInAnyOrder("users.id <- user_id", "machines.id <- machine_id", "call_texts.id <- text_id");
        assertThat(rows(file, "PRAGMA foreign_key_check")).isEmpty();
        assertThat(rows(file, "SELECT \"notnull\" FROM pragma_table_info('calls') WHERE name = 'machine_id'")).containsExactly("0");
        assertThat(rows(file, "SELECT strict FROM pragma_table_list('calls')")).containsExactly("1");
        assertThat(rows(file, "SELECT name FROM sqlite_schema WHERE name LIKE 'calls_new%'")).isEmpty();
    }

    @Test
    void afterItAnInboundCallMayHaveNoMachineAndAnOutboundOneMayNot() throws SQLException {
        Path file = directory.resolve("ringback.db");
        User carol = Fixtures.user("carol");
        CallRecord received = CallRecord.receiveInboundWithoutMachine(new CallId("call-in"), carol.id(),
                Optional.of(Fixtures.OTHER_PARTY), Fixtures.USER_NUMBER, new ProviderCallId("bland-in"),
                new OriginSession(SessionKey.MAIN, SessionSource.DEFAULT), T0, Fixtures.outcome(CallStatus.COMPLETED, 42),
                T0.plusSeconds(50));
        try (SqlitePersistence current = SqlitePersistence.open(PersistenceSettings.durable(file))) {
            current.users().save(carol);
            assertThat(current.calls().recordInbound(received, List.of())).isTrue();
            assertThat(current.calls().findById(received.id())).contains(received);
        }

        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA foreign_keys = ON");
            assertThatThrownBy(() -> statement.executeUpdate("UPDATE calls SET direction = 'outbound' WHERE id = 'call-in'"))
                    .hasMessageContaining("CHECK constraint failed");
            assertThatThrownBy(() -> statement.executeUpdate("UPDATE calls SET machine_id = 'no-such-machine' WHERE id = 'call-in'"))
                    .as("foreign keys are enforced again").hasMessageContaining("FOREIGN KEY constraint failed");
        }
    }

    private static List<String> indexesOfCalls(Path file) throws SQLException {
        return rows(file, "SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'calls'");
    }

    private static List<String> rows(Path file, String sql) throws SQLException {
        return StoredRows.firstColumn(file, sql);
    }
}
