package dev.ringback.adapters.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ringback.application.testing.Fixtures;
import dev.ringback.application.testing.SequentialIds;
import dev.ringback.domain.account.Machine;
import dev.ringback.domain.account.User;
import dev.ringback.domain.call.CallOutcome;
import dev.ringback.domain.call.CallRecord;
import dev.ringback.domain.call.CallSnapshot;
import dev.ringback.domain.call.CallStatus;
import dev.ringback.domain.delivery.Delivery;
import dev.ringback.domain.call.ProviderCallId;
import dev.ringback.domain.call.UnknownOutcome;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A call's texts live beside its row (V7): whatever path writes a call, the table holds exactly
 * the texts of the calls that have some, none left behind by a write that lost.
 */
class CallTextsStorageTest {
    private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");

    @TempDir
    Path directory;

    @RegisterExtension
    final OpenDatabases databases = new OpenDatabases();

    private SqlitePersistence persistence;
    private Machine machine;

    @BeforeEach
    void open() {
        persistence = databases.open(directory.resolve("ringback.db"));
        User alice = Fixtures.user("alice");
        machine = Fixtures.machine("machine-a", alice.id(), "gateway-token-a");
        persistence.users().save(alice);
        persistence.machines().save(machine);
    }

    @Test
    void aCallInFlightHoldsNoTextsAndItsCompletionAppendsThemOnce() throws SQLException {
        CallRecord placed = Fixtures.outboundCall("call-1", machine, T0);
        CallRecord accepted = placed.acceptedByProvider(new ProviderCallId("bland-1"));
        persistence.calls().insert(accepted);
        assertThat(textRows()).isZero();
        assertThat(persistence.calls().findById(placed.id())).contains(accepted);

        CallRecord ended = Fixtures.completed(accepted, 30, T0.plusSeconds(40));
        assertThat(persistence.calls().recordCompletion(ended, Fixtures.deliveriesFor(ended, new SequentialIds(), T0))).isTrue();
        assertThat(persistence.calls().recordCompletion(ended, List.of())).as("the copy loses").isFalse();

        assertThat(textRows()).isEqualTo(1);
        assertThat(persistence.calls().findById(placed.id())).contains(ended);
        assertThat(persistence.calls().findByProviderCallId(accepted.providerCallId().orElseThrow())).contains(ended);
        assertThat(persistence.calls().findRecentByUser(placed.userId(), 10)).containsExactly(ended);
    }

    /**
     * The webhook's write binds its texts and bodies as UTF-8 bytes cast to text (Utf8Text): they
     * come back as they went in, whatever they hold, and are stored as text.
     */
    @Test
    void textsAndBodiesWrittenAsBytesComeBackAsTheyWereAndAreText() throws Exception {
        String odd = "caf\u00e9 \uD83D\uDE00 nul\u0000 crlf\r\nline sep\u2028 lone\uD83D end";
        String transcript = "Agent: " + odd + "\n" + "x".repeat(100_000);
        CallRecord placed = Fixtures.outboundCall("call-1", machine, T0);
        persistence.calls().insert(placed);
        CallRecord ended = placed.complete(new CallOutcome(CallStatus.COMPLETED, 30, transcript, "Summary: " + odd,
                Optional.empty(), Optional.empty()), T0.plusSeconds(40)).call();
        List<Delivery> owed = Fixtures.deliveriesFor(ended, new SequentialIds(), T0);

        assertThat(persistence.calls().recordCompletionAsync(ended, owed).toCompletableFuture().get()).isTrue();

        CallSnapshot stored = persistence.calls().findById(placed.id()).orElseThrow().snapshot();
        // A lone surrogate has no UTF-8 form: it is stored as '?', as sqlite-jdbc's own encoding did.
        assertThat(stored.transcript()).isEqualTo(transcript.replace("\uD83D end", "? end"));
        assertThat(stored.summary()).isEqualTo(("Summary: " + odd).replace("\uD83D end", "? end"));
        for (Delivery delivery : owed) {
            assertThat(persistence.deliveries().findById(delivery.id()).orElseThrow().snapshot().body())
                    .isEqualTo(delivery.snapshot().body().replace("\uD83D end", "? end"));
        }
        assertThat(column("SELECT DISTINCT typeof(transcript) || typeof(summary) FROM call_texts")).isEqualTo("texttext");
        assertThat(column("SELECT DISTINCT typeof(body) FROM deliveries")).isEqualTo("text");
    }

    @Test
    void anAsynchronousCompletionThatLosesLeavesNoTextsBehind() throws Exception {
        CallRecord placed = Fixtures.outboundCall("call-1", machine, T0);
        persistence.calls().insert(placed);
        CallRecord ended = Fixtures.completed(placed, 30, T0.plusSeconds(40));
        CallRecord endedOtherwise = Fixtures.completed(placed, 31, T0.plusSeconds(41));

        assertThat(persistence.calls().recordCompletionAsync(ended, List.of()).toCompletableFuture().get()).isTrue();
        assertThat(persistence.calls().recordCompletionAsync(endedOtherwise, List.of()).toCompletableFuture().get()).isFalse();

        assertThat(textRows()).isEqualTo(1);
        assertThat(persistence.calls().findById(placed.id())).contains(ended);
    }

    @Test
    void writingACallInFlightWholeReplacesItsTextsAndALosingWriteAddsNone() throws SQLException {
        CallRecord placed = Fixtures.outboundCall("call-1", machine, T0);
        CallRecord withNote = withTexts(placed, "Agent: ringing.", "Still ringing.");
        persistence.calls().insert(withNote);
        assertThat(textRows()).isEqualTo(1);

        CallRecord otherNote = withTexts(placed, "Agent: ringing again.", "Ringing again.");
        assertThat(persistence.calls().updateUnfinished(otherNote)).isTrue();
        assertThat(textRows()).isEqualTo(1);
        assertThat(persistence.calls().findById(placed.id())).contains(otherNote);

        assertThat(persistence.calls().updateUnfinished(placed)).isTrue();
        assertThat(textRows()).isZero();
        assertThat(persistence.calls().findById(placed.id())).contains(placed);

        CallRecord ended = Fixtures.completed(placed, 30, T0.plusSeconds(40));
        persistence.calls().recordCompletion(ended, List.of());
        assertThat(persistence.calls().updateUnfinished(otherNote)).as("the call has ended").isFalse();
        assertThat(textRows()).isEqualTo(1);
        assertThat(persistence.calls().findById(placed.id())).contains(ended);
    }

    @Test
    void aCorrectionReplacesTheUnknownOutcomesTextsAndALosingOneAddsNone() throws SQLException {
        CallRecord placed = Fixtures.outboundCall("call-1", machine, T0);
        persistence.calls().insert(placed);
        CallRecord unknown = Fixtures.endedUnknown(placed, UnknownOutcome.LOST_SUMMARY, T0.plusSeconds(3600));
        persistence.calls().recordCompletion(unknown, List.of());
        assertThat(textRows()).isEqualTo(1);

        CallRecord corrected = Fixtures.corrected(unknown, 30, T0.plusSeconds(7200));
        assertThat(persistence.calls().recordCorrection(corrected, List.of())).isTrue();
        assertThat(textRows()).isEqualTo(1);
        assertThat(column("SELECT summary FROM call_texts")).isEqualTo(corrected.snapshot().summary());

        CallRecord copy = Fixtures.corrected(unknown, 31, T0.plusSeconds(7201));
        assertThat(persistence.calls().recordCorrection(copy, List.of())).as("the copy loses").isFalse();
        assertThat(textRows()).isEqualTo(1);
        assertThat(persistence.calls().findById(placed.id())).contains(corrected);
    }

    /** Forgotten words leave no texts behind, however many batches the pass over the table takes. */
    @Test
    void forgettingCallsWordsDeletesTheirTextsAcrossBatches() throws SQLException {
        int count = 2 * JdbiCallRepository.FORGET_BATCH + 5;
        for (int i = 0; i < count; i++) {
            CallRecord placed = Fixtures.outboundCall("call-" + i, machine, T0);
            persistence.calls().insert(placed);
            assertThat(persistence.calls().recordCompletion(Fixtures.completed(placed, 60, T0.plusSeconds(65)), List.of()))
                    .isTrue();
        }
        assertThat(textRows()).isEqualTo(count);

        assertThat(persistence.calls().forgetWordsOfCallsEndedBefore(T0.plusSeconds(66))).isEqualTo(count);

        assertThat(textRows()).isZero();
        assertThat(column("SELECT COUNT(*) FROM calls WHERE recording_url IS NOT NULL")).isEqualTo("0");
    }

    private static CallRecord withTexts(CallRecord call, String transcript, String summary) {
        CallSnapshot s = call.snapshot();
        return CallRecord.restore(new CallSnapshot(s.id(), s.userId(), s.machineId(), s.direction(), s.from(), s.to(),
                s.task(), s.origin(), s.providerCallId(), s.status(), s.durationSeconds(), transcript, summary,
                s.recordingUrl(), s.costMicros(), s.createdAt(), s.completedAt()));
    }

    private int textRows() throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + directory.resolve("ringback.db"));
                Statement statement = connection.createStatement();
                ResultSet count = statement.executeQuery("SELECT COUNT(*) FROM call_texts")) {
            count.next();
            return count.getInt(1);
        }
    }

    /** The one value of a one-row, one-column query. */
    private String column(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + directory.resolve("ringback.db"));
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            assertThat(rows.next()).isTrue();
            String value = rows.getString(1);
            assertThat(rows.next()).as("one row").isFalse();
            return value;
        }
    }
}
