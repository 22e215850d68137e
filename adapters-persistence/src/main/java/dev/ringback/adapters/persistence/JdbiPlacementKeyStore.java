package dev.ringback.adapters.persistence;

import dev.ringback.application.port.in.PlaceCallOnceUseCase.StoredAnswer;
import dev.ringback.application.port.out.PlacementKeyStore;
import dev.ringback.domain.account.MachineId;
import java.time.Instant;

/** Placement keys in SQLite; the claim is an insert-if-absent and a read in one write transaction. */
final class JdbiPlacementKeyStore implements PlacementKeyStore {
    private final SqliteDatabase database;

    JdbiPlacementKeyStore(SqliteDatabase database) {
        this.database = database;
    }

    @Override
    public Claim claim(MachineId machine, String key, String fingerprint, Instant now) {
        return database.write(handle -> {
            int inserted = handle.createUpdate("INSERT INTO placement_keys (machine_id, idempotency_key, fingerprint, created_at)"
                            + " VALUES (:machine, :key, :fingerprint, :now) ON CONFLICT DO NOTHING")
                    .bind("machine", machine.value())
                    .bind("key", key)
                    .bind("fingerprint", fingerprint)
                    .bind("now", Timestamps.format(now))
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
}
