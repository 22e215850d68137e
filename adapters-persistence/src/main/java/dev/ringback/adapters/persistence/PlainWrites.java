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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;

/**
 * A call's completion and the deliveries it owes, and a delivery run's results, written in plain
 * JDBC on statements the writer's connection keeps. These run inside the group commit, on the one
 * writer thread, so their cost is paid by every caller of the batch; through Jdbi each statement
 * was set up and compiled again per job. Same SQL text as {@link CallRows} and {@link DeliveryRows}.
 */
final class PlainWrites {
    private static final NamedSql COMPLETE_UNFINISHED = NamedSql.of(CallRows.COMPLETE_UNFINISHED);
    private static final NamedSql INSERT_TEXTS = NamedSql.of(CallRows.INSERT_TEXTS);
    private static final NamedSql DELETE_TEXTS = NamedSql.of(CallRows.DELETE_TEXTS);
    private static final NamedSql INSERT_DELIVERY = NamedSql.of(DeliveryRows.INSERT);
    private static final NamedSql SAVE_ATTEMPT = NamedSql.of(DeliveryRows.SAVE_ATTEMPT);
    private static final NamedSql UPSERT_DELIVERY = NamedSql.of(DeliveryRows.UPSERT);

    private PlainWrites() {}

    /**
     * True when the call was still {@code initiated} and now has its outcome, its texts appended
     * beside it (V7); false, and nothing written, otherwise. The column values
     * ({@link #values(CallRecord)}) are made by the caller before it queues the job, so that the
     * one writer thread only binds and executes.
     */
    static boolean completeUnfinished(SqliteDatabase database, Handle handle, Map<String, Object> call) {
        // The map is this job's own; a job run again (GroupCommitWriter) sets the id again.
        call.put("text_id", null);
        if (call.get("transcript") != null) {
            call.put("text_id", insertTexts(database, handle, call));
        }
        if (execute(database, handle, COMPLETE_UNFINISHED, call) == 1) {
            return true;
        }
        if (call.get("text_id") != null) {
            execute(database, handle, DELETE_TEXTS, call);
        }
        return false;
    }

    /** {@code deliveries} as {@link #valuesOf} made them, before the job was queued. */
    static void insertAll(SqliteDatabase database, Handle handle, List<Map<String, Object>> deliveries) {
        for (Map<String, Object> delivery : deliveries) {
            execute(database, handle, INSERT_DELIVERY, delivery);
        }
    }

    /**
     * A run's results: each stored delivery gets only its attempt columns written (the body, a
     * kilobyte or more, stays as it is); one not stored yet is inserted whole, as {@code save} would.
     */
    static void saveAll(SqliteDatabase database, Handle handle, List<Map<String, Object>> deliveries) {
        for (Map<String, Object> delivery : deliveries) {
            if (execute(database, handle, SAVE_ATTEMPT, delivery) == 0) {
                execute(database, handle, UPSERT_DELIVERY, delivery);
            }
        }
    }

    /** The columns of each delivery, in order: made on the caller's thread, read on the writer's. */
    static List<Map<String, Object>> valuesOf(List<Delivery> deliveries) {
        List<Map<String, Object>> rows = new ArrayList<>(deliveries.size());
        for (Delivery delivery : deliveries) {
            rows.add(values(delivery));
        }
        return rows;
    }

    /** {@link CallRows#INSERT_TEXTS} on a kept statement: the id of the texts appended. */
    private static long insertTexts(SqliteDatabase database, Handle handle, Map<String, Object> call) {
        try {
            PreparedStatement statement = database.prepared(handle, INSERT_TEXTS.positional());
            INSERT_TEXTS.bind(statement, call);
            try (ResultSet id = statement.executeQuery()) {
                id.next();
                return id.getLong(1);
            }
        } catch (SQLException e) {
            throw SqliteDatabase.failedWrite(INSERT_TEXTS.positional(), e);
        }
    }

    private static int execute(SqliteDatabase database, Handle handle, NamedSql sql, Map<String, Object> values) {
        try {
            PreparedStatement statement = database.prepared(handle, sql.positional());
            sql.bind(statement, values);
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw SqliteDatabase.failedWrite(sql.positional(), e);
        }
    }

    /** The columns of {@link CallRows#bind}. */
    static Map<String, Object> values(CallRecord call) {
        CallSnapshot s = call.snapshot();
        Map<String, Object> values = new HashMap<>(32);
        values.put("id", s.id().value());
        values.put("user_id", s.userId().value());
        values.put("machine_id", s.machineId().value());
        values.put("direction", s.direction().wireName());
        values.put("from_number", s.from().e164());
        values.put("to_number", s.to().e164());
        values.put("task", s.task());
        values.put("origin_session_key", s.origin().key().value());
        values.put("origin_session_source", s.origin().source().wireName());
        values.put("provider_call_id", s.providerCallId().map(ProviderCallId::value).orElse(null));
        values.put("status", s.status().wireName());
        values.put("duration_seconds", s.durationSeconds());
        // Texts only when there are any (CallRows#hasTexts): a call without them holds no text id.
        boolean texts = CallRows.hasTexts(s);
        values.put("transcript", texts ? s.transcript() : null);
        values.put("summary", texts ? s.summary() : null);
        values.put("text_id", null);
        values.put("recording_url", s.recordingUrl().orElse(null));
        values.put("cost_micros", s.costMicros());
        values.put("created_at", Timestamps.format(s.createdAt()));
        values.put("completed_at", Timestamps.formatNullable(s.completedAt()));
        return values;
    }

    /** The columns of {@link DeliveryRows#bind}. */
    static Map<String, Object> values(Delivery delivery) {
        DeliverySnapshot s = delivery.snapshot();
        Map<String, Object> values = new HashMap<>(32);
        values.put("id", s.id().value());
        values.put("call_id", s.callId().value());
        values.put("machine_id", s.machineId().value());
        values.put("kind", s.kind().wireName());
        values.put("target", s.target());
        values.put("body", s.body());
        values.put("idempotency_key", s.idempotencyKey());
        values.put("state", s.state().wireName());
        values.put("attempts", s.attempts());
        values.put("next_attempt_at", Timestamps.format(s.nextAttemptAt()));
        values.put("last_error", s.lastError().orElse(null));
        values.put("created_at", Timestamps.format(s.createdAt()));
        values.put("finished_at", Timestamps.formatNullable(s.finishedAt()));
        return values;
    }
}
