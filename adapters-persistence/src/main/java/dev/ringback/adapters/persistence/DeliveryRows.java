package dev.ringback.adapters.persistence;

import dev.ringback.domain.account.MachineId;
import dev.ringback.domain.call.CallId;
import dev.ringback.domain.delivery.Delivery;
import dev.ringback.domain.delivery.DeliveryId;
import dev.ringback.domain.delivery.DeliveryKind;
import dev.ringback.domain.delivery.DeliverySnapshot;
import dev.ringback.domain.delivery.DeliveryState;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.SqlStatement;
import org.jdbi.v3.core.statement.StatementContext;

/** How a {@link DeliverySnapshot} maps to a row of {@code deliveries}; the lease is the repository's own. */
final class DeliveryRows {
    private static final String COLUMNS = "id, call_id, machine_id, kind, target, body, idempotency_key, state,"
            + " attempts, next_attempt_at, last_error, created_at, finished_at, revivals, lease_until";
    /** The body may come as {@link Utf8Text}, hence the cast (a no-op for a String). */
    private static final String VALUES = ":id, :call_id, :machine_id, :kind, :target, CAST(:body AS TEXT), :idempotency_key, :state,"
            + " :attempts, :next_attempt_at, :last_error, :created_at, :finished_at, :revivals, :lease_until";

    static final String INSERT = "INSERT INTO deliveries (" + COLUMNS + ") VALUES (" + VALUES + ")";

    /** Stores the state after an attempt and drops the lease, whoever held it. */
    static final String UPSERT = INSERT + " ON CONFLICT (id) DO UPDATE SET call_id = excluded.call_id,"
            + " machine_id = excluded.machine_id, kind = excluded.kind, target = excluded.target, body = excluded.body,"
            + " idempotency_key = excluded.idempotency_key, state = excluded.state, attempts = excluded.attempts,"
            + " next_attempt_at = excluded.next_attempt_at, last_error = excluded.last_error,"
            + " created_at = excluded.created_at, finished_at = excluded.finished_at, revivals = excluded.revivals,"
            + " lease_until = NULL";

    /**
     * What an attempt changes, for a delivery already stored: the other columns are written once,
     * when the outcome is recorded, and never change after (a replay keeps body and key), except
     * that a delivered delivery drops its body (the domain's rule, {@code Delivery#afterAttempt}),
     * here without binding the kilobyte it replaces.
     */
    static final String SAVE_ATTEMPT = "UPDATE deliveries SET state = :state, attempts = :attempts,"
            + " next_attempt_at = :next_attempt_at, last_error = :last_error, finished_at = :finished_at,"
            + " body = CASE :state WHEN 'delivered' THEN '' ELSE body END,"
            + " lease_until = NULL WHERE id = :id";

    /** An operator's replay, only over a delivery still held back (dead or failed); body and key stay. */
    static final String SAVE_REPLAY = "UPDATE deliveries SET state = :state, attempts = :attempts,"
            + " next_attempt_at = :next_attempt_at, last_error = :last_error, finished_at = :finished_at,"
            + " lease_until = NULL WHERE id = :id AND state IN ('dead', 'failed')";

    /**
     * A dead letter revived because its machine answered again ({@code Delivery#revived}); written
     * in the job that found it dead, and only over a delivery still dead. Body and key stay.
     */
    static final String SAVE_REVIVAL = "UPDATE deliveries SET state = :state, attempts = :attempts,"
            + " next_attempt_at = :next_attempt_at, last_error = :last_error, finished_at = :finished_at,"
            + " revivals = :revivals, lease_until = NULL WHERE id = :id AND state = 'dead'";

    private DeliveryRows() {}

    static void insertAll(Handle handle, List<Delivery> deliveries) {
        for (Delivery delivery : deliveries) {
            bind(handle.createUpdate(INSERT), delivery).execute();
        }
    }

    static <S extends SqlStatement<S>> S bind(S statement, Delivery delivery) {
        DeliverySnapshot s = delivery.snapshot();
        return statement
                .bind("id", s.id().value())
                .bind("call_id", s.callId().value())
                .bind("machine_id", s.machineId().value())
                .bind("kind", s.kind().wireName())
                .bind("target", s.target())
                .bind("body", s.body())
                .bind("idempotency_key", s.idempotencyKey())
                .bind("state", s.state().wireName())
                .bind("attempts", s.attempts())
                .bind("next_attempt_at", Timestamps.format(s.nextAttemptAt()))
                .bind("last_error", s.lastError().orElse(null))
                .bind("created_at", Timestamps.format(s.createdAt()))
                .bind("finished_at", Timestamps.formatNullable(s.finishedAt()))
                .bind("revivals", s.revivals())
                .bind("lease_until", leaseOfNew(delivery));
    }

    /**
     * A new row's lease: none, or for a delivery whose machine may have had it already
     * ({@link Delivery#mayHaveBeenSentBefore}) its due time, the mark of a lapsed claim, so that
     * its first claim reads it as a resend ({@link #mapClaimed}).
     */
    static String leaseOfNew(Delivery delivery) {
        return delivery.doubtIsALapsedClaim() ? Timestamps.format(delivery.snapshot().nextAttemptAt()) : null;
    }

    static Delivery map(ResultSet row, StatementContext context) throws SQLException {
        return restore(row);
    }

    /** {@link #map} for plain JDBC. */
    static Delivery restore(ResultSet row) throws SQLException {
        return Delivery.restore(snapshot(row));
    }

    /**
     * For rows a claim has just picked: a lease still set on a due row is one whose worker never
     * recorded its attempt (saving clears it, and so does handing back a delivery claimed without
     * that doubt; one claimed with it is handed back with its lease set to its due time).
     */
    static Delivery mapClaimed(ResultSet row) throws SQLException {
        DeliverySnapshot snapshot = snapshot(row);
        return row.getString("lease_until") == null ? Delivery.restore(snapshot) : Delivery.restoreAbandonedClaim(snapshot);
    }

    private static DeliverySnapshot snapshot(ResultSet row) throws SQLException {
        return new DeliverySnapshot(
                new DeliveryId(row.getString("id")),
                new CallId(row.getString("call_id")),
                new MachineId(row.getString("machine_id")),
                DeliveryKind.fromWireName(row.getString("kind")),
                row.getString("target"),
                row.getString("body"),
                row.getString("idempotency_key"),
                DeliveryState.fromWireName(row.getString("state")),
                row.getInt("attempts"),
                Timestamps.parse(row.getString("next_attempt_at")),
                Optional.ofNullable(row.getString("last_error")),
                Timestamps.parse(row.getString("created_at")),
                Timestamps.parseNullable(row.getString("finished_at")),
                row.getInt("revivals"));
    }
}
