package dev.ringback.adapters.persistence;

import dev.ringback.application.port.out.DeliveryRepository;
import dev.ringback.domain.account.MachineId;
import dev.ringback.domain.call.CallId;
import dev.ringback.domain.delivery.DeadLetterRevival;
import dev.ringback.domain.delivery.Delivery;
import dev.ringback.domain.delivery.DeliveryId;
import dev.ringback.domain.delivery.DeliverySnapshot;
import dev.ringback.domain.delivery.DeliveryState;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;

/** The outbox. A claim is a lease written in the same transaction as the query that found it. */
final class JdbiDeliveryRepository implements DeliveryRepository {
    /** An operator's replay of one machine: the state's entries of deliveries_claim, not the whole outbox. */
    static final String BY_MACHINE_AND_STATE = "SELECT * FROM deliveries WHERE state = :state AND machine_id = :machine"
            + " ORDER BY created_at, id LIMIT :limit";

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

    /**
     * The due deliveries of machines not passed over, in due order: what {@link #DUE} and
     * {@link #DUE_MACHINES} read, the one whole rows, the other their machines. Parameters: the
     * time twice, the JSON array of machines passed over.
     */
    private static final String DUE_PASSING_OVER = " FROM deliveries WHERE state = 'pending' AND next_attempt_at <= ?"
            + " AND (lease_until IS NULL OR lease_until <= ?)"
            + " AND machine_id NOT IN (SELECT value FROM json_each(?))"
            + " ORDER BY next_attempt_at, created_at, id";

    /**
     * A claim's first pick: one SQL text whatever the number of machines passed over (a JSON array
     * of their ids, read by json_each), so that the writer's connection keeps it prepared. Built
     * with an IN list of that many parameters, it was parsed and prepared anew for every claim:
     * with calls spread over 64 machines, ~6 % of the writer's samples (twelfth pass).
     */
    static final String DUE = "SELECT *" + DUE_PASSING_OVER + " LIMIT ?";

    /**
     * The machines of the due deliveries, in {@link #DUE}'s order (one per delivery, so a machine
     * repeats): a claim of several runs reads it once and takes each machine the first time it
     * comes. Only the machine is read: {@link #DUE} read each first delivery whole, body included,
     * only to learn its machine, and a claim for n threads ran it n times.
     */
    static final String DUE_MACHINES = "SELECT machine_id" + DUE_PASSING_OVER;

    private static final String DUE_OF = "SELECT * FROM deliveries"
            + " WHERE state = 'pending' AND next_attempt_at <= ? AND (lease_until IS NULL OR lease_until <= ?)"
            + " AND machine_id = ? ORDER BY next_attempt_at, created_at, id LIMIT ?";
    /** The waiting deliveries are read on deliveries_claim (state, then due time) and filtered there by machine and lease. */
    static final String BRING_FORWARD = "UPDATE deliveries SET next_attempt_at = :now"
            + " WHERE next_attempt_at > :after AND id IN (SELECT id FROM deliveries"
            + " WHERE state = 'pending' AND next_attempt_at > :now AND machine_id = :machine"
            + " AND (lease_until IS NULL OR lease_until <= :now)"
            + " ORDER BY next_attempt_at, created_at, id LIMIT :limit)";
    static final String WAITING_MACHINES = "SELECT DISTINCT machine_id FROM deliveries"
            + " WHERE state = 'pending' AND next_attempt_at > :now AND attempts > 0";
    /** An operator's summary: read from deliveries_claim alone, whose columns say everything counted. */
    static final String COUNT_BY_STATE = "SELECT state, COUNT(*) AS n FROM deliveries GROUP BY state";
    static final String COUNT_PENDING = "SELECT"
            + " COALESCE(SUM(lease_until > :now), 0) AS sending,"
            + " COALESCE(SUM((lease_until IS NULL OR lease_until <= :now) AND next_attempt_at <= :now), 0) AS due,"
            + " COALESCE(SUM((lease_until IS NULL OR lease_until <= :now) AND next_attempt_at > :now), 0) AS waiting"
            + " FROM deliveries WHERE state = 'pending'";
    static final String WAITING_BY_MACHINE = "SELECT machine_id, COUNT(*) AS n FROM deliveries"
            + " WHERE state = 'pending' AND next_attempt_at > :now AND (lease_until IS NULL OR lease_until <= :now)"
            + " GROUP BY machine_id ORDER BY n DESC, machine_id LIMIT :limit";
    /**
     * A machine that answered: its dead letters that may come back, oldest first. Read on the
     * partial index deliveries_dead (V11), which holds dead letters alone: with none, one step into
     * an empty index. Parameters: the machine, the revival limit, the oldest creation time excluded.
     */
    static final String REVIVABLE = "SELECT * FROM deliveries WHERE state = 'dead' AND machine_id = ?"
            + " AND revivals < ? AND created_at > ? ORDER BY created_at, id";
    private static final String LEASE = "UPDATE deliveries SET lease_until = ? WHERE id = ?";
    private static final String RELEASE = "UPDATE deliveries SET lease_until = NULL WHERE id = ?";
    /**
     * Hands back a delivery whose earlier claim lapsed: its lease set to its due time, so that it
     * is due at once and the next claim still reads a lapsed lease ({@link DeliveryRows#mapClaimed}).
     */
    private static final String RELEASE_IN_DOUBT = "UPDATE deliveries SET lease_until = next_attempt_at WHERE id = ?";

    private final SqliteDatabase database;

    JdbiDeliveryRepository(SqliteDatabase database) {
        this.database = database;
    }

    @Override
    public List<Delivery> claimDue(Instant now, Duration lease, int limit, Set<MachineId> skipping) {
        return claim(now, lease, limit, (handle, at) -> due(handle, at, limit, skipping));
    }

    /** {@link #claimRuns} for one thread. */
    @Override
    public List<Delivery> claimRun(Instant now, Duration lease, int limit, Set<MachineId> skipping) {
        List<List<Delivery>> runs = claimRuns(now, lease, limit, 1, skipping);
        return runs.isEmpty() ? List.of() : runs.get(0);
    }

    /**
     * All the runs in one write job, so one commit: with calls spread over many machines each run
     * holds a delivery or two, and a claim per thread was a commit per run. The machines are those
     * of the first due deliveries, in due order, each taken once ({@link #DUE_MACHINES}); each
     * run is its machine's due deliveries in due order, so it starts with the one that picked it.
     */
    @Override
    public List<List<Delivery>> claimRuns(Instant now, Duration lease, int runLength, int runs, Set<MachineId> skipping) {
        if (runLength <= 0 || runs <= 0) {
            return List.of();
        }
        String at = Timestamps.format(now);
        String until = Timestamps.format(now.plus(lease));
        return database.writeUnsynced(handle -> {
            List<List<Delivery>> claimed = new ArrayList<>(runs);
            for (MachineId machine : dueMachines(handle, at, runs, skipping)) {
                claimed.add(lease(handle, dueOf(handle, machine, at, runLength), until));
            }
            return claimed;
        });
    }

    /** Up to {@code wanted} machines with deliveries due, in due order, none of {@code skipping}. */
    private List<MachineId> dueMachines(Handle handle, String at, int wanted, Set<MachineId> skipping) {
        return database.queryInWrite(handle, DUE_MACHINES, statement -> {
            statement.setString(1, at);
            statement.setString(2, at);
            statement.setString(3, jsonArray(skipping));
        }, rows -> {
            Set<MachineId> machines = new LinkedHashSet<>();
            // Read only as far as needed: SQLite steps the index on demand.
            while (machines.size() < wanted && rows.next()) {
                machines.add(new MachineId(rows.getString(1)));
            }
            return List.copyOf(machines);
        });
    }

    @Override
    public List<Delivery> claimDueOf(MachineId machine, Instant now, Duration lease, int limit) {
        return claim(now, lease, limit, (handle, at) -> dueOf(handle, machine, at, limit));
    }

    /** Every claim: the rows {@code pick} finds due at {@code now}, leased in the same write job. */
    private List<Delivery> claim(Instant now, Duration lease, int limit, Picker pick) {
        if (limit <= 0) {
            return List.of();
        }
        String at = Timestamps.format(now);
        String until = Timestamps.format(now.plus(lease));
        // A lease lost in a power cut frees the delivery for the restarted worker, as it should.
        return database.writeUnsynced(handle -> lease(handle, pick.due(handle, at), until));
    }

    /** Finds the due rows of a claim, on the claim's write job. */
    @FunctionalInterface
    private interface Picker {
        List<Delivery> due(Handle handle, String at);
    }

    private List<Delivery> due(Handle handle, String at, int limit, Set<MachineId> skipping) {
        return pick(handle, DUE, at, jsonArray(skipping), limit);
    }

    /** Machine ids are letters, digits and {@code . _ : -} ({@link MachineId}): none needs escaping in JSON. */
    static String jsonArray(Set<MachineId> machines) {
        StringBuilder json = new StringBuilder(2 + machines.size() * 40).append('[');
        for (MachineId machine : machines) {
            if (json.length() > 1) {
                json.append(',');
            }
            json.append('"').append(machine.value()).append('"');
        }
        return json.append(']').toString();
    }

    /** Plain JDBC on a statement the writer's connection keeps: a draining run reads up to 128 rows per claim. */
    private List<Delivery> dueOf(Handle handle, MachineId machine, String at, int limit) {
        return pick(handle, DUE_OF, at, machine.value(), limit);
    }

    /** {@link #DUE} or {@link #DUE_OF}: the claim's time twice, the machine or machines, the limit. */
    private List<Delivery> pick(Handle handle, String sql, String at, String machines, int limit) {
        return database.queryInWrite(handle, sql, statement -> {
            statement.setString(1, at);
            statement.setString(2, at);
            statement.setString(3, machines);
            statement.setInt(4, limit);
        }, rows -> {
            List<Delivery> due = new ArrayList<>();
            while (rows.next()) {
                due.add(DeliveryRows.mapClaimed(rows));
            }
            return due;
        });
    }

    /** Leases what a claim picked, in the claim's own write job. */
    private List<Delivery> lease(Handle handle, List<Delivery> due, String until) {
        try {
            PreparedStatement statement = database.prepared(handle, LEASE);
            for (Delivery delivery : due) {
                statement.setString(1, until);
                statement.setString(2, delivery.id().value());
                statement.executeUpdate();
            }
        } catch (SQLException e) {
            throw SqliteDatabase.failedWrite(LEASE, e);
        }
        return due;
    }

    @Override
    public void save(Delivery delivery) {
        database.write(handle -> DeliveryRows.bind(handle.createUpdate(DeliveryRows.UPSERT), delivery).execute());
    }

    /** The check and the write are one statement: a delivery replayed or delivered meanwhile is left as it is. */
    @Override
    public boolean saveReplay(Delivery replayed) {
        DeliverySnapshot s = replayed.snapshot();
        return database.write(handle -> handle.createUpdate(DeliveryRows.SAVE_REPLAY)
                .bind("id", s.id().value())
                .bind("state", s.state().wireName())
                .bind("attempts", s.attempts())
                .bind("next_attempt_at", Timestamps.format(s.nextAttemptAt()))
                .bind("last_error", s.lastError().orElse(null))
                .bind("finished_at", Timestamps.formatNullable(s.finishedAt()))
                .execute()) == 1;
    }

    /** One write job, so one commit, for a whole run of attempts. */
    @Override
    public void saveAll(List<Delivery> deliveries) {
        if (deliveries.isEmpty()) {
            return;
        }
        // The column values are made here, off the one writer thread.
        List<Object[]> rows = PlainWrites.valuesOf(deliveries);
        database.write(handle -> {
            PlainWrites.saveAll(database, handle, rows);
            return null;
        });
    }

    /**
     * The results and the revivals in one write job, so one commit: the look for dead letters is
     * one indexed query per machine that answered (a run's one machine), made on the writer thread
     * right after the results. What qualifies, and what a revived row holds, is the domain's rule
     * ({@link DeadLetterRevival}): the query only narrows the rows to those it could accept.
     */
    @Override
    public int saveRun(List<Delivery> results, DeadLetterRevival revival, Instant now) {
        return results.isEmpty() ? 0 : database.write(saveRunJob(results, revival, now));
    }

    /** {@link #saveRun}'s write job, queued without waiting: its stage completes on the writer thread after the commit. */
    @Override
    public CompletionStage<Integer> saveRunAsync(List<Delivery> results, DeadLetterRevival revival, Instant now) {
        return results.isEmpty() ? CompletableFuture.completedFuture(0) : database.writeAsync(saveRunJob(results, revival, now));
    }

    /** The write job of a run's save; its column values are made here, off the one writer thread. */
    private HandleCallback<Integer, RuntimeException> saveRunJob(List<Delivery> results, DeadLetterRevival revival,
            Instant now) {
        List<Object[]> rows = PlainWrites.valuesOf(results);
        Set<MachineId> answering = DeadLetterRevival.machinesAnswering(results);
        String createdAfter = Timestamps.format(revival.createdAfter(now));
        return handle -> {
            PlainWrites.saveResults(database, handle, rows);
            int revived = 0;
            for (MachineId machine : answering) {
                for (Delivery dead : revivable(handle, machine, createdAfter)) {
                    Optional<Delivery> back = revival.revive(dead, now);
                    if (back.isPresent() && PlainWrites.saveRevival(database, handle, PlainWrites.values(back.get()))) {
                        revived++;
                    }
                }
            }
            return revived;
        };
    }

    private List<Delivery> revivable(Handle handle, MachineId machine, String createdAfter) {
        return database.queryInWrite(handle, REVIVABLE, statement -> {
            statement.setString(1, machine.value());
            statement.setInt(2, DeadLetterRevival.MAX_REVIVALS);
            statement.setString(3, createdAfter);
        }, rows -> {
            List<Delivery> dead = new ArrayList<>();
            while (rows.next()) {
                dead.add(DeliveryRows.restore(rows));
            }
            return dead;
        });
    }

    @Override
    public void release(Delivery claimed) {
        releaseAll(List.of(claimed));
    }

    /**
     * One write job for all; not waiting for an fsync, like the claim: a release lost in a power
     * cut leaves a lease that expires, and the delivery is due again then.
     */
    @Override
    public void releaseAll(List<Delivery> claimed) {
        if (claimed.isEmpty()) {
            return;
        }
        database.writeUnsynced(handle -> {
            for (Delivery delivery : claimed) {
                // Attempts already made keep the doubt by themselves; only a lapsed claim needs the lease kept.
                String sql = delivery.doubtIsALapsedClaim() ? RELEASE_IN_DOUBT : RELEASE;
                try {
                    PreparedStatement statement = database.prepared(handle, sql);
                    statement.setString(1, delivery.id().value());
                    statement.executeUpdate();
                } catch (SQLException e) {
                    throw SqliteDatabase.failedWrite(sql, e);
                }
            }
            return null;
        });
    }

    @Override
    public int bringForward(MachineId machine, Instant now, Instant onlyIfDueAfter, int limit) {
        if (limit <= 0) {
            return 0;
        }
        String at = Timestamps.format(now);
        String after = Timestamps.format(onlyIfDueAfter.isAfter(now) ? onlyIfDueAfter : now);
        return database.writeUnsynced(handle -> handle.createUpdate(BRING_FORWARD)
                .bind("now", at)
                .bind("after", after)
                .bind("machine", machine.value())
                .bind("limit", limit)
                .execute());
    }

    @Override
    public Set<MachineId> machinesWaitingForRetry(Instant now) {
        return database.read(handle -> handle.createQuery(WAITING_MACHINES)
                .bind("now", Timestamps.format(now))
                .map((row, context) -> new MachineId(row.getString("machine_id")))
                .set());
    }

    @Override
    public Map<DeliveryState, Long> countByState() {
        return database.read(handle -> {
            Map<DeliveryState, Long> counts = new EnumMap<>(DeliveryState.class);
            handle.createQuery(COUNT_BY_STATE)
                    .map((row, context) -> Map.entry(DeliveryState.fromWireName(row.getString("state")), row.getLong("n")))
                    .forEach(entry -> counts.put(entry.getKey(), entry.getValue()));
            return counts;
        });
    }

    @Override
    public PendingCounts countPending(Instant now) {
        return database.read(handle -> handle.createQuery(COUNT_PENDING)
                .bind("now", Timestamps.format(now))
                .map((row, context) -> new PendingCounts(row.getLong("due"), row.getLong("sending"), row.getLong("waiting")))
                .one());
    }

    @Override
    public Map<MachineId, Long> waitingByMachine(Instant now, int limit) {
        return database.read(handle -> {
            Map<MachineId, Long> most = new LinkedHashMap<>();
            handle.createQuery(WAITING_BY_MACHINE)
                    .bind("now", Timestamps.format(now))
                    .bind("limit", Math.max(0, limit))
                    .map((row, context) -> Map.entry(new MachineId(row.getString("machine_id")), row.getLong("n")))
                    .forEach(entry -> most.put(entry.getKey(), entry.getValue()));
            return most;
        });
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
    public List<Delivery> findByMachineAndState(MachineId machine, DeliveryState state, int limit) {
        if (limit <= 0) {
            return List.of();
        }
        return database.read(handle -> handle.createQuery(BY_MACHINE_AND_STATE)
                .bind("state", state.wireName())
                .bind("machine", machine.value())
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
