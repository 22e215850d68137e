package dev.ringback.adapters.persistence;

import dev.ringback.application.port.out.DeliveryRepository;
import dev.ringback.domain.account.MachineId;
import dev.ringback.domain.call.CallId;
import dev.ringback.domain.delivery.Delivery;
import dev.ringback.domain.delivery.DeliveryId;
import dev.ringback.domain.delivery.DeliveryState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.Query;

/** The outbox. A claim is a lease written in the same transaction as the query that found it. */
final class JdbiDeliveryRepository implements DeliveryRepository {
    /**
     * A delivery is due at next_attempt_at, or when its lease expires if that is later. Split in
     * two so that each half reads an index (deliveries_claim, deliveries_leased) and stops early:
     * one expression over every pending row read a whole backlog, many times a second. Without
     * statistics the planner prefers deliveries_claim for the second half, hence INDEXED BY.
     */
    static final String NEXT_DUE_AT = "SELECT MIN(due) AS due FROM ("
            + " SELECT * FROM (SELECT next_attempt_at AS due FROM deliveries WHERE state = 'pending'"
            + " AND (lease_until IS NULL OR lease_until <= next_attempt_at) ORDER BY next_attempt_at LIMIT 1)"
            + " UNION ALL SELECT MIN(lease_until) FROM deliveries INDEXED BY deliveries_leased"
            + " WHERE lease_until > next_attempt_at AND state = 'pending')";

    private final SqliteDatabase database;

    JdbiDeliveryRepository(SqliteDatabase database) {
        this.database = database;
    }

    @Override
    public List<Delivery> claimDue(Instant now, Duration lease, int limit, Set<MachineId> skipping) {
        if (limit <= 0) {
            return List.of();
        }
        String at = Timestamps.format(now);
        String until = Timestamps.format(now.plus(lease));
        // A lease lost in a power cut frees the delivery for the restarted worker, as it should.
        return database.writeUnsynced(handle -> {
            Query query = handle.createQuery("SELECT * FROM deliveries"
                            + " WHERE state = 'pending' AND next_attempt_at <= :now"
                            + " AND (lease_until IS NULL OR lease_until <= :now)"
                            + (skipping.isEmpty() ? "" : " AND machine_id NOT IN (<skipping>)")
                            + " ORDER BY next_attempt_at, created_at, id LIMIT :limit")
                    .bind("now", at)
                    .bind("limit", limit);
            if (!skipping.isEmpty()) {
                query.bindList("skipping", skipping.stream().map(MachineId::value).collect(Collectors.toList()));
            }
            return lease(handle, query.map(DeliveryRows::mapClaimed).list(), until);
        });
    }

    @Override
    public List<Delivery> claimDueOf(MachineId machine, Instant now, Duration lease, int limit) {
        if (limit <= 0) {
            return List.of();
        }
        String at = Timestamps.format(now);
        String until = Timestamps.format(now.plus(lease));
        return database.writeUnsynced(handle -> {
            List<Delivery> due = handle.createQuery("SELECT * FROM deliveries"
                            + " WHERE state = 'pending' AND next_attempt_at <= :now"
                            + " AND (lease_until IS NULL OR lease_until <= :now) AND machine_id = :machine"
                            + " ORDER BY next_attempt_at, created_at, id LIMIT :limit")
                    .bind("now", at)
                    .bind("machine", machine.value())
                    .bind("limit", limit)
                    .map(DeliveryRows::mapClaimed)
                    .list();
            return lease(handle, due, until);
        });
    }

    /** Leases what a claim picked, in the claim's own write job. */
    private static List<Delivery> lease(Handle handle, List<Delivery> due, String until) {
        if (!due.isEmpty()) {
            PreparedBatch leases = handle.prepareBatch("UPDATE deliveries SET lease_until = :until WHERE id = :id");
            due.forEach(delivery -> leases.bind("until", until).bind("id", delivery.id().value()).add());
            leases.execute();
        }
        return due;
    }

    @Override
    public void save(Delivery delivery) {
        database.write(handle -> DeliveryRows.bind(handle.createUpdate(DeliveryRows.UPSERT), delivery).execute());
    }

    /** One write job, so one commit, for a whole run of attempts. */
    @Override
    public void saveAll(List<Delivery> deliveries) {
        if (deliveries.isEmpty()) {
            return;
        }
        database.write(handle -> {
            PreparedBatch batch = handle.prepareBatch(DeliveryRows.UPSERT);
            deliveries.forEach(delivery -> DeliveryRows.bind(batch, delivery).add());
            return batch.execute();
        });
    }

    @Override
    public void release(DeliveryId id) {
        database.write(handle -> handle.createUpdate("UPDATE deliveries SET lease_until = NULL WHERE id = :id")
                .bind("id", id.value())
                .execute());
    }

    @Override
    public Optional<Delivery> findById(DeliveryId id) {
        return database.read(handle -> handle.createQuery("SELECT * FROM deliveries WHERE id = :id")
                .bind("id", id.value())
                .map(DeliveryRows::map)
                .findOne());
    }

    @Override
    public List<Delivery> findByCall(CallId call) {
        return database.read(handle -> handle.createQuery(
                        "SELECT * FROM deliveries WHERE call_id = :call ORDER BY created_at, id")
                .bind("call", call.value())
                .map(DeliveryRows::map)
                .list());
    }

    @Override
    public List<Delivery> findByState(DeliveryState state, int limit) {
        if (limit <= 0) {
            return List.of();
        }
        return database.read(handle -> handle.createQuery(
                        "SELECT * FROM deliveries WHERE state = :state ORDER BY created_at, id LIMIT :limit")
                .bind("state", state.wireName())
                .bind("limit", limit)
                .map(DeliveryRows::map)
                .list());
    }

    @Override
    public Optional<Instant> nextDueAt() {
        return database.read(handle -> handle.createQuery(NEXT_DUE_AT)
                .map((row, context) -> Optional.ofNullable(row.getString("due")).map(Timestamps::parse))
                .one());
    }
}
