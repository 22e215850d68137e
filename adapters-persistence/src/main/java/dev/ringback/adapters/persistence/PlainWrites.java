package dev.ringback.adapters.persistence;

import dev.ringback.domain.call.CallRecord;
import dev.ringback.domain.call.CallSnapshot;
import dev.ringback.domain.call.ProviderCallId;
import dev.ringback.domain.delivery.Delivery;
import dev.ringback.domain.delivery.DeliverySnapshot;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Handle;

/**
 * A call's completion and the deliveries it owes, and a delivery run's results, written in plain
 * JDBC on statements the writer's connection keeps. These run inside the group commit, on the one
 * writer thread, so their cost is paid by every caller of the batch; through Jdbi each statement
 * was set up and compiled again per job. Same SQL text as {@link CallRows} and {@link DeliveryRows}.
 */
final class PlainWrites {
    /**
     * What a completion writes of its call, in the order of {@link #values(CallRecord)}: the columns
     * of its three statements, no more. The rest of the row was written when the call was placed.
     */
    static final List<String> COMPLETION_COLUMNS = List.of("id", "status", "duration_seconds", "recording_url",
            "cost_micros", "completed_at", "provider_call_id", "transcript", "summary", "text_id");
    /** A delivery row's columns ({@link DeliveryRows#bind}), in the order of {@link #values(Delivery)}. */
    static final List<String> DELIVERY_COLUMNS = List.of("id", "call_id", "machine_id", "kind", "target", "body",
            "idempotency_key", "state", "attempts", "next_attempt_at", "last_error", "created_at", "finished_at", "revivals",
            "lease_until");
    private static final int TRANSCRIPT = COMPLETION_COLUMNS.indexOf("transcript");
    private static final int BODY = DELIVERY_COLUMNS.indexOf("body");
    private static final int TEXT_ID = COMPLETION_COLUMNS.indexOf("text_id");

    private static final NamedSql.Positional COMPLETE_UNFINISHED = NamedSql.of(CallRows.COMPLETE_UNFINISHED).over(COMPLETION_COLUMNS);
    private static final NamedSql.Positional INSERT_TEXTS = NamedSql.of(CallRows.INSERT_TEXTS).over(COMPLETION_COLUMNS);
    private static final NamedSql.Positional DELETE_TEXTS = NamedSql.of(CallRows.DELETE_TEXTS).over(COMPLETION_COLUMNS);
    private static final NamedSql.Positional INSERT_DELIVERY = NamedSql.of(DeliveryRows.INSERT).over(DELIVERY_COLUMNS);
    private static final NamedSql.Positional SAVE_ATTEMPT = NamedSql.of(DeliveryRows.SAVE_ATTEMPT).over(DELIVERY_COLUMNS);
    private static final NamedSql.Positional UPSERT_DELIVERY = NamedSql.of(DeliveryRows.UPSERT).over(DELIVERY_COLUMNS);
    private static final NamedSql.Positional SAVE_REVIVAL = NamedSql.of(DeliveryRows.SAVE_REVIVAL).over(DELIVERY_COLUMNS);

    private PlainWrites() {}

    /**
     * True when the call was still {@code initiated} and now has its outcome, its texts appended
     * beside it (V7); false, and nothing written, otherwise. The column values
     * ({@link #values(CallRecord)}) are made by the caller before it queues the job, so that the
     * one writer thread only binds and executes.
     */
    static boolean completeUnfinished(SqliteDatabase database, Handle handle, Object[] call) {
        // The row is this job's own; a job run again (GroupCommitWriter) sets the id again.
        call[TEXT_ID] = null;
        if (call[TRANSCRIPT] != null) {
            call[TEXT_ID] = insertTexts(database, handle, call);
        }
        if (execute(database, handle, COMPLETE_UNFINISHED, call) == 1) {
            return true;
        }
        if (call[TEXT_ID] != null) {
            execute(database, handle, DELETE_TEXTS, call);
        }
        return false;
    }

    /** {@code deliveries} as {@link #valuesOf} made them, before the job was queued. */
    static void insertAll(SqliteDatabase database, Handle handle, List<Object[]> deliveries) {
        for (Object[] delivery : deliveries) {
            execute(database, handle, INSERT_DELIVERY, delivery);
        }
    }

    /**
     * A run's results: each stored delivery gets only its attempt columns written (the body, a
     * kilobyte or more, stays as it is); one not stored yet is inserted whole, as {@code save} would.
     */
    static void saveAll(SqliteDatabase database, Handle handle, List<Object[]> deliveries) {
        for (Object[] delivery : deliveries) {
            if (execute(database, handle, SAVE_ATTEMPT, delivery) == 0) {
                execute(database, handle, UPSERT_DELIVERY, delivery);
            }
        }
    }

    /** A run's results, each over its stored delivery's attempt columns; one no longer stored stays gone. */
    static void saveResults(SqliteDatabase database, Handle handle, List<Object[]> results) {
        for (Object[] result : results) {
            execute(database, handle, SAVE_ATTEMPT, result);
        }
    }

    /** A revived dead letter, as {@link #values(Delivery)} made it; whether it was still dead. */
    static boolean saveRevival(SqliteDatabase database, Handle handle, Object[] revived) {
        return execute(database, handle, SAVE_REVIVAL, revived) == 1;
    }

    /**
     * The columns of each new delivery, for {@link #insertAll}: {@link #valuesOf}, the body encoded
     * here ({@link Utf8Text}) rather than on the writer thread.
     */
    static List<Object[]> newRowsOf(List<Delivery> deliveries) {
        List<Object[]> rows = valuesOf(deliveries);
        for (Object[] row : rows) {
            row[BODY] = Utf8Text.of((String) row[BODY]);
        }
        return rows;
    }

    /** The columns of each delivery, in order: made on the caller's thread, read on the writer's. */
    static List<Object[]> valuesOf(List<Delivery> deliveries) {
        List<Object[]> rows = new ArrayList<>(deliveries.size());
        for (Delivery delivery : deliveries) {
            rows.add(values(delivery));
        }
        return rows;
    }

    /** {@link CallRows#INSERT_TEXTS} on a kept statement: the id of the texts appended. */
    private static long insertTexts(SqliteDatabase database, Handle handle, Object[] call) {
        try {
            PreparedStatement statement = database.prepared(handle, INSERT_TEXTS.sql());
            INSERT_TEXTS.bind(statement, call);
            try (ResultSet id = statement.executeQuery()) {
                id.next();
                return id.getLong(1);
            }
        } catch (SQLException e) {
            throw SqliteDatabase.failedWrite(INSERT_TEXTS.sql(), e);
        }
    }

    private static int execute(SqliteDatabase database, Handle handle, NamedSql.Positional sql, Object[] values) {
        try {
            PreparedStatement statement = database.prepared(handle, sql.sql());
            sql.bind(statement, values);
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw SqliteDatabase.failedWrite(sql.sql(), e);
        }
    }

    /**
     * The values of {@link #COMPLETION_COLUMNS}, in that order. An array rather than a map by name:
     * the maps were ~5 % of the bytes allocated per webhook, and looking names up cost the writer.
     */
    static Object[] values(CallRecord call) {
        CallSnapshot s = call.snapshot();
        // Texts only when there are any (CallRows#hasTexts): a call without them holds no text id.
        boolean texts = CallRows.hasTexts(s);
        return new Object[] {
            s.id().value(),
            s.status().wireName(),
            s.durationSeconds(),
            s.recordingUrl().orElse(null),
            s.costMicros(),
            Timestamps.formatNullable(s.completedAt()),
            s.providerCallId().map(ProviderCallId::value).orElse(null),
            // Encoded here, off the writer thread (Utf8Text).
            texts ? Utf8Text.of(s.transcript()) : null,
            texts ? Utf8Text.of(s.summary()) : null,
            null, // text_id, set by the job
        };
    }

    /** The values of {@link #DELIVERY_COLUMNS}, in that order. */
    static Object[] values(Delivery delivery) {
        DeliverySnapshot s = delivery.snapshot();
        return new Object[] {
            s.id().value(),
            s.callId().value(),
            s.machineId().value(),
            s.kind().wireName(),
            s.target(),
            s.body(),
            s.idempotencyKey(),
            s.state().wireName(),
            s.attempts(),
            Timestamps.format(s.nextAttemptAt()),
            s.lastError().orElse(null),
            Timestamps.format(s.createdAt()),
            Timestamps.formatNullable(s.finishedAt()),
            s.revivals(),
            DeliveryRows.leaseOfNew(delivery),
        };
    }
}
