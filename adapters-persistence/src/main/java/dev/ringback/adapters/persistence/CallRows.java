package dev.ringback.adapters.persistence;

import dev.ringback.domain.account.MachineId;
import dev.ringback.domain.account.UserId;
import dev.ringback.domain.call.CallId;
import dev.ringback.domain.call.CallRecord;
import dev.ringback.domain.call.CallSnapshot;
import dev.ringback.domain.call.CallStatus;
import dev.ringback.domain.call.Direction;
import dev.ringback.domain.call.ProviderCallId;
import dev.ringback.domain.call.UnknownOutcome;
import dev.ringback.domain.phone.PhoneNumber;
import dev.ringback.domain.session.OriginSession;
import dev.ringback.domain.session.SessionKey;
import dev.ringback.domain.session.SessionSource;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.SqlStatement;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.statement.Update;

/** How a {@link CallSnapshot} maps to a row of {@code calls} and its texts in {@code call_texts}. */
final class CallRows {
    static final String INSERT = "INSERT INTO calls (id, user_id, machine_id, direction, from_number, to_number, task,"
            + " origin_session_key, origin_session_source, provider_call_id, status, duration_seconds,"
            + " recording_url, cost_micros, created_at, completed_at, text_id, writes_transcript_file)"
            + " VALUES (:id, :user_id, :machine_id, :direction, :from_number, :to_number, :task,"
            + " :origin_session_key, :origin_session_source, :provider_call_id, :status, :duration_seconds,"
            + " :recording_url, :cost_micros, :created_at, :completed_at, :text_id, :writes_transcript_file)";

    /** Replaces every column of a call that is still {@code initiated}; the update count says whether it was. */
    static final String UPDATE_UNFINISHED = "UPDATE calls SET user_id = :user_id, machine_id = :machine_id,"
            + " direction = :direction, from_number = :from_number, to_number = :to_number, task = :task,"
            + " origin_session_key = :origin_session_key, origin_session_source = :origin_session_source,"
            + " provider_call_id = :provider_call_id, status = :status, duration_seconds = :duration_seconds,"
            + " recording_url = :recording_url, cost_micros = :cost_micros, created_at = :created_at,"
            + " completed_at = :completed_at, text_id = :text_id, writes_transcript_file = :writes_transcript_file"
            + " WHERE id = :id AND status = 'initiated'";

    /**
     * A completion (CallRecord#complete) changes the outcome columns only; the others were written
     * when the call was placed. Setting them all, as {@link #UPDATE_UNFINISHED} does, made SQLite
     * delete and re-insert the call's entry in every index over them (then user and status, user
     * and creation, provider id) for every webhook: ~20 % more pages per commit.
     */
    static final String COMPLETE_UNFINISHED = "UPDATE calls SET status = :status, duration_seconds = :duration_seconds,"
            + " recording_url = :recording_url, cost_micros = :cost_micros, completed_at = :completed_at,"
            // Set here when Bland's answer to the placement was lost and its webhook names the call first.
            + " provider_call_id = COALESCE(provider_call_id, :provider_call_id), text_id = :text_id"
            + " WHERE id = :id AND status = 'initiated'";

    /**
     * Named parameters for each of {@link UnknownOutcome#SUMMARIES}, bound by {@link #bindUnknownSummaries}.
     */
    private static final List<String> UNKNOWN_SUMMARY_NAMES = IntStream.range(0, UnknownOutcome.SUMMARIES.size())
            .mapToObj(i -> "unknown_summary_" + i).collect(Collectors.toUnmodifiableList());

    /**
     * A call Ringback ended without its outcome (CallRecord#endedWithoutItsOutcome): {@code failed},
     * its summary one of {@link UnknownOutcome#SUMMARIES}. No column says so (no migration was
     * wanted for a rare case): the texts are read by their primary key, for the one call asked about.
     */
    private static final String ENDED_WITHOUT_OUTCOME = "status = 'failed' AND (SELECT summary FROM call_texts"
            + " WHERE call_texts.id = calls.text_id) IN ("
            + UNKNOWN_SUMMARY_NAMES.stream().map(name -> ":" + name).collect(Collectors.joining(", ")) + ")";

    /**
     * A correction (CallRecord#correctUnknownOutcome) writes the outcome columns, as
     * {@link #COMPLETE_UNFINISHED} does, over a call still ended without its outcome only: the
     * update count says whether it was, so of two copies of a late outcome one corrects the call.
     */
    static final String CORRECT_UNKNOWN = "UPDATE calls SET status = :status, duration_seconds = :duration_seconds,"
            + " recording_url = :recording_url, cost_micros = :cost_micros, completed_at = :completed_at,"
            + " provider_call_id = COALESCE(provider_call_id, :provider_call_id), text_id = :text_id"
            + " WHERE id = :id AND " + ENDED_WITHOUT_OUTCOME;

    private static final String TEXT_ID_OF = "SELECT text_id FROM calls WHERE id = :id";

    /**
     * The columns {@link #map} reads, in the order it reads them by position, then the texts.
     * Named, not {@code calls.*}: by name, sqlite-jdbc looked each column up again per query (its
     * name cache lives as long as one result set), on the lookup every webhook makes.
     * {@code max_duration_minutes} is not mapped; the overdue sweep reads it by name.
     */
    private static final String COLUMNS = "calls.id, calls.user_id, calls.machine_id, calls.direction,"
            + " calls.from_number, calls.to_number, calls.task, calls.origin_session_key, calls.origin_session_source,"
            + " calls.provider_call_id, calls.status, calls.duration_seconds, calls.recording_url, calls.cost_micros,"
            + " calls.created_at, calls.completed_at, calls.text_id, calls.max_duration_minutes,"
            + " calls.writes_transcript_file";

    /**
     * Where the text id and, after {@link #COLUMNS}, the texts are in a row of {@link #SELECT} or
     * {@link #ROW_ONLY}: found in the list, so that a column added to it cannot shift them unseen.
     */
    private static final List<String> COLUMN_NAMES = List.of(COLUMNS.split(", "));
    private static final int TEXT_ID = COLUMN_NAMES.indexOf("calls.text_id") + 1;
    private static final int WRITES_TRANSCRIPT_FILE = COLUMN_NAMES.indexOf("calls.writes_transcript_file") + 1;
    private static final int TRANSCRIPT = COLUMN_NAMES.size() + 1;
    private static final int SUMMARY = COLUMN_NAMES.size() + 2;

    /** Calls with their texts (V7); a call without texts holds no text id, and gets '' for both. */
    static final String SELECT = "SELECT " + COLUMNS + ", COALESCE(call_texts.transcript, '') AS transcript,"
            + " COALESCE(call_texts.summary, '') AS summary"
            + " FROM calls LEFT JOIN call_texts ON call_texts.id = calls.text_id";

    /** The row alone, its texts taken as none: for {@link #wholeIfWithoutTexts}. */
    static final String ROW_ONLY = "SELECT " + COLUMNS + ", '' AS transcript, '' AS summary FROM calls";

    /** A call's texts, appended; the statement's one row is their id. */
    /** The texts may come as {@link Utf8Text}, hence the casts (a no-op for a String). */
    static final String INSERT_TEXTS = "INSERT INTO call_texts (transcript, summary)"
            + " VALUES (CAST(:transcript AS TEXT), CAST(:summary AS TEXT)) RETURNING id";
    static final String DELETE_TEXTS = "DELETE FROM call_texts WHERE id = :text_id";
    /** The texts a call still in flight holds now, which a write of the whole call replaces. */
    static final String TEXT_ID_OF_UNFINISHED = "SELECT text_id FROM calls WHERE id = :id AND status = 'initiated'";

    /**
     * {@code from_number} of an inbound call whose caller withheld their number: the column is
     * {@code NOT NULL} (V1), and the empty string can never be an E.164 number, so it cannot be
     * mistaken for one; it is read back as no number ({@link #fromNumber}).
     */
    static final String WITHHELD_NUMBER = "";

    private CallRows() {}

    static Optional<PhoneNumber> fromNumber(String stored) {
        return stored.equals(WITHHELD_NUMBER) ? Optional.empty() : Optional.of(new PhoneNumber(stored));
    }

    static boolean hasTexts(CallSnapshot call) {
        return !call.transcript().isEmpty() || !call.summary().isEmpty();
    }

    /** Appends the call's texts, if it has any, and gives the id its row is to hold (null: none). */
    static Long insertTexts(Handle handle, CallRecord call) {
        CallSnapshot s = call.snapshot();
        if (!hasTexts(s)) {
            return null;
        }
        return handle.createQuery(INSERT_TEXTS).bind("transcript", s.transcript()).bind("summary", s.summary())
                .mapTo(Long.class).one();
    }

    /** The texts a call holds now (which a correction replaces, or a retention forgets); null when it holds none. */
    static Long textIdOf(Handle handle, String callId) {
        return handle.createQuery(TEXT_ID_OF).bind("id", callId).mapTo(Long.class).findOne().orElse(null);
    }

    static void deleteTexts(Handle handle, Long textId) {
        if (textId != null) {
            handle.createUpdate(DELETE_TEXTS).bind("text_id", textId).execute();
        }
    }

    /** {@link #CORRECT_UNKNOWN} bound: the outcome columns of {@code corrected}, the texts' id and the summaries it is guarded by. */
    static Update bindCorrection(Update update, CallRecord corrected, Long textId) {
        CallSnapshot s = corrected.snapshot();
        return bindUnknownSummaries(update)
                .bind("id", s.id().value())
                .bind("status", s.status().wireName())
                .bind("duration_seconds", s.durationSeconds())
                .bind("recording_url", s.recordingUrl().orElse(null))
                .bind("cost_micros", s.costMicros())
                .bind("completed_at", Timestamps.formatNullable(s.completedAt()))
                .bind("provider_call_id", s.providerCallId().map(ProviderCallId::value).orElse(null))
                .bind("text_id", textId);
    }

    private static <S extends SqlStatement<S>> S bindUnknownSummaries(S statement) {
        for (int i = 0; i < UNKNOWN_SUMMARY_NAMES.size(); i++) {
            statement.bind(UNKNOWN_SUMMARY_NAMES.get(i), UnknownOutcome.SUMMARIES.get(i));
        }
        return statement;
    }

    /** {@link #bind} and the id of texts already appended ({@link #insertTexts}). */
    static <S extends SqlStatement<S>> S bind(S statement, CallRecord call, Long textId) {
        return bind(statement, call).bind("text_id", textId);
    }

    private static <S extends SqlStatement<S>> S bind(S statement, CallRecord call) {
        CallSnapshot s = call.snapshot();
        return statement
                .bind("id", s.id().value())
                .bind("user_id", s.userId().value())
                .bind("machine_id", s.machineId().map(MachineId::value).orElse(null))
                .bind("direction", s.direction().wireName())
                .bind("from_number", s.from().map(PhoneNumber::e164).orElse(WITHHELD_NUMBER))
                .bind("to_number", s.to().e164())
                .bind("task", s.task())
                .bind("origin_session_key", s.origin().key().value())
                .bind("origin_session_source", s.origin().source().wireName())
                .bind("provider_call_id", s.providerCallId().map(ProviderCallId::value).orElse(null))
                .bind("status", s.status().wireName())
                .bind("duration_seconds", s.durationSeconds())
                .bind("recording_url", s.recordingUrl().orElse(null))
                .bind("cost_micros", s.costMicros())
                .bind("created_at", Timestamps.format(s.createdAt()))
                .bind("completed_at", Timestamps.formatNullable(s.completedAt()))
                .bind("writes_transcript_file", s.writesTranscriptFile() ? 1 : 0);
    }

    /**
     * A row read without its texts ({@link #ROW_ONLY}): a call that holds none is whole as it is;
     * one that does is read again with them.
     */
    static Optional<CallRecord> wholeIfWithoutTexts(ResultSet row) throws SQLException {
        row.getLong(TEXT_ID);
        return row.wasNull() ? Optional.of(map(row, null)) : Optional.empty();
    }

    static CallRecord map(ResultSet row, StatementContext context) throws SQLException {
        return CallRecord.restore(new CallSnapshot(
                new CallId(row.getString(1)),
                new UserId(row.getString(2)),
                Optional.ofNullable(row.getString(3)).map(MachineId::new),
                Direction.fromWireName(row.getString(4)),
                fromNumber(row.getString(5)),
                new PhoneNumber(row.getString(6)),
                row.getString(7),
                new OriginSession(new SessionKey(row.getString(8)), SessionSource.fromWireName(row.getString(9))),
                Optional.ofNullable(row.getString(10)).map(ProviderCallId::new),
                CallStatus.fromWireName(row.getString(11)),
                row.getInt(12),
                row.getString(TRANSCRIPT),
                row.getString(SUMMARY),
                Optional.ofNullable(row.getString(13)),
                row.getLong(14),
                Timestamps.parse(row.getString(15)),
                Timestamps.parseNullable(row.getString(16)),
                row.getInt(WRITES_TRANSCRIPT_FILE) == 1));
    }
}
