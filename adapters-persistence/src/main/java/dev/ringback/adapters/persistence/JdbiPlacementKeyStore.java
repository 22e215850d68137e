package dev.ringback.adapters.persistence;

import dev.ringback.application.port.in.PlaceCallOnceUseCase;
import dev.ringback.application.port.in.PlaceCallOnceUseCase.StoredAnswer;
import dev.ringback.application.port.out.PlacementKeyStore;
import dev.ringback.domain.account.MachineId;
import java.time.Instant;

/**
 * Placement keys in SQLite; the claim is an insert-if-absent (or over an expired key) and a read in
 * one write transaction.
 *
 * <p>Expiry reads {@code created_at} without an index, deliberately (and so without a migration):
 * the table holds about a day of keyed placements, the claim looks at one row by its primary key,
 * and only the sweep scans, once every reconciliation interval, a batch per write.
 */
final class JdbiPlacementKeyStore implements PlacementKeyStore {
    /** {@link PlacementKeyStore#expired} in SQL: answered, and claimed at least a key's lifetime ago. */
    private static final String EXPIRED = "answer_body IS NOT NULL AND created_at <= :claimedBefore";
    /** Read on placement_keys_answered (V13): answered keys alone, oldest first. */
    static final String DELETE_EXPIRED = "DELETE FROM placement_keys WHERE rowid IN"
            + " (SELECT rowid FROM placement_keys WHERE " + EXPIRED + " LIMIT :limit)";

    private final SqliteDatabase database;

    JdbiPlacementKeyStore(SqliteDatabase database) {
        this.database = database;
    }

    @Override
    public Claim claim(MachineId machine, String key, String fingerprint, Instant now) {
        return database.write(handle -> {
            // An expired key is taken over in place, as a new claim: its row is this request's now.
            int inserted = handle.createUpdate("INSERT INTO placement_keys (machine_id, idempotency_key, fingerprint, created_at)"
                            + " VALUES (:machine, :key, :fingerprint, :now)"
                            + " ON CONFLICT (machine_id, idempotency_key) DO UPDATE SET fingerprint = excluded.fingerprint,"
                            + " answer_status = NULL, answer_body = NULL, created_at = excluded.created_at"
                            + " WHERE " + EXPIRED)
                    .bind("machine", machine.value())
                    .bind("key", key)
                    .bind("fingerprint", fingerprint)
                    .bind("now", Timestamps.format(now))
                    .bind("claimedBefore", Timestamps.format(now.minus(PlaceCallOnceUseCase.KEY_LIFETIME)))
                    .execute();
            if (inserted == 1) {
                return new Claim.Claimed();
            }
            return handle.createQuery("SELECT fingerprint, answer_status, answer_body FROM placement_keys"
                            + " WHERE machine_id = :machine AND idempotency_key = :key")
                    .bind("machine", machine.value())
                    .bind("key", key)
                    .map((row, context) -> {
                        String first = row.getString("fingerprint");
                        String body = row.getString("answer_body");
                        return body == null ? new Claim.Pending(first)
                                : (Claim) new Claim.Answered(first, new StoredAnswer(row.getInt("answer_status"), body));
                    })
                    .one();
        });
    }

    @Override
    public void answer(MachineId machine, String key, StoredAnswer answer) {
        database.write(handle -> handle.createUpdate("UPDATE placement_keys SET answer_status = :status, answer_body = :body"
                        + " WHERE machine_id = :machine AND idempotency_key = :key")
                .bind("status", answer.status())
                .bind("body", answer.body())
                .bind("machine", machine.value())
                .bind("key", key)
                .execute());
    }

    @Override
    public void release(MachineId machine, String key) {
        database.write(handle -> handle.createUpdate("DELETE FROM placement_keys"
                        + " WHERE machine_id = :machine AND idempotency_key = :key AND answer_body IS NULL")
                .bind("machine", machine.value())
                .bind("key", key)
                .execute());
    }

    @Override
    public int deleteExpired(Instant now, int limit) {
        return database.write(handle -> handle.createUpdate(DELETE_EXPIRED)
                .bind("claimedBefore", Timestamps.format(now.minus(PlaceCallOnceUseCase.KEY_LIFETIME)))
                .bind("limit", limit)
                .execute());
    }
}
