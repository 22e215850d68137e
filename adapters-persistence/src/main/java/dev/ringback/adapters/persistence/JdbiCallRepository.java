package dev.ringback.adapters.persistence;

import dev.ringback.application.port.out.CallRepository;
import dev.ringback.domain.account.CallAllowance;
import dev.ringback.domain.account.MonthUsage;
import dev.ringback.domain.account.Reservation;
import dev.ringback.domain.account.UserId;
import dev.ringback.domain.call.CallId;
import dev.ringback.domain.call.CallRecord;
import dev.ringback.domain.call.ProviderCallId;
import dev.ringback.domain.delivery.Delivery;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;

/**
 * Calls, and the deliveries an outcome owes, written together. The conditional update on
 * {@code status = 'initiated'} is what lets exactly one of several concurrent reports win.
 */
final class JdbiCallRepository implements CallRepository {
    /** Both read the calls in flight alone, through calls_in_flight (V6). */
    static final String OVERDUE = "SELECT * FROM calls WHERE status = 'initiated'"
            + " AND direction = 'outbound' AND created_at <= :bound ORDER BY created_at, id";
    static final String IN_FLIGHT_OF_USER =
            "SELECT created_at, max_duration_minutes FROM calls WHERE user_id = :user AND status = 'initiated'";

    private final SqliteDatabase database;

    JdbiCallRepository(SqliteDatabase database) {
        this.database = database;
    }

    @Override
    public void insert(CallRecord call) {
        database.write(handle -> CallRows.bind(handle.createUpdate(CallRows.INSERT), call).execute());
    }

    @Override
    public boolean updateUnfinished(CallRecord call) {
        return database.write(handle -> CallRows.bind(handle.createUpdate(CallRows.UPDATE_UNFINISHED), call).execute() == 1);
    }

    @Override
    public Optional<CallRecord> findById(CallId id) {
        // Every webhook asks this: plain JDBC on a kept statement (SqliteDatabase.query).
        return database.query("SELECT * FROM calls WHERE id = ?", statement -> statement.setString(1, id.value()),
                SqliteDatabase.atMostOne(row -> CallRows.map(row, null)));
    }

    @Override
    public Optional<CallRecord> findByProviderCallId(ProviderCallId id) {
        return database.query("SELECT * FROM calls WHERE provider_call_id = ?", statement -> statement.setString(1, id.value()),
                SqliteDatabase.atMostOne(row -> CallRows.map(row, null)));
    }

    @Override
    public List<CallRecord> findRecentByUser(UserId user, int limit) {
        if (limit <= 0) {
            return List.of();
        }
        return database.read(handle -> handle.createQuery(
                        "SELECT * FROM calls WHERE user_id = :user ORDER BY created_at DESC, id DESC LIMIT :limit")
                .bind("user", user.value())
                .bind("limit", limit)
                .map(CallRows::map)
                .list());
    }

    @Override
    public long secondsUsedSince(UserId user, Instant since) {
        return database.read(handle -> handle.createQuery(
                        "SELECT COALESCE(SUM(duration_seconds), 0) FROM calls WHERE user_id = :user AND created_at >= :since")
                .bind("user", user.value())
                .bind("since", Timestamps.format(since))
                .mapTo(Long.class)
                .one());
    }

    @Override
    public boolean recordCompletion(CallRecord completed, List<Delivery> deliveries) {
        return database.write(completion(completed, deliveries));
    }

    /** The stage completes on the writer thread once the outcome is committed (GroupCommitWriter#writeAsync). */
    @Override
    public CompletionStage<Boolean> recordCompletionAsync(CallRecord completed, List<Delivery> deliveries) {
        return database.writeAsync(completion(completed, deliveries));
    }

    /**
     * Every webhook's write, inside the group commit: plain JDBC on the writer's kept statements
     * (PlainWrites), with the column values made here, off the one writer thread.
     */
    private HandleCallback<Boolean, RuntimeException> completion(CallRecord completed, List<Delivery> deliveries) {
        Map<String, Object> call = PlainWrites.values(completed);
        List<Map<String, Object>> owed = PlainWrites.valuesOf(deliveries);
        return handle -> {
            boolean stillInitiated = PlainWrites.completeUnfinished(database, handle, call) == 1;
            if (!stillInitiated) {
                return false;
            }
            PlainWrites.insertAll(database, handle, owed);
            return true;
        };
    }

    @Override
    public boolean recordInbound(CallRecord call, List<Delivery> deliveries) {
        return database.write(handle -> {
            boolean known = call.providerCallId().isPresent() && handle.createQuery(
                            "SELECT COUNT(*) FROM calls WHERE provider_call_id = :id")
                    .bind("id", call.providerCallId().get().value())
                    .mapTo(Integer.class)
                    .one() > 0;
            if (known) {
                return false;
            }
            CallRows.bind(handle.createUpdate(CallRows.INSERT), call).execute();
            DeliveryRows.insertAll(handle, deliveries);
            return true;
        });
    }

    @Override
    public Reservation reserveAndInsert(CallRecord call, CallAllowance allowance) {
        // A write transaction (serialised and IMMEDIATE): no other placement can read the same usage meanwhile.
        return database.write(handle -> {
            Reservation decision = allowance.decide(usage(handle, call.userId(), allowance.monthStart(), allowance.now()));
            if (decision instanceof Reservation.Granted) {
                CallRows.bind(handle.createUpdate(CallRows.INSERT), call).execute();
                handle.createUpdate("UPDATE calls SET max_duration_minutes = :minutes WHERE id = :id")
                        .bind("minutes", ((Reservation.Granted) decision).maxDurationMinutes())
                        .bind("id", call.id().value())
                        .execute();
            }
            return decision;
        });
    }

    @Override
    public MonthUsage usageSince(UserId user, Instant monthStart, Instant now) {
        return database.read(handle -> usage(handle, user, monthStart, now));
    }

    @Override
    public List<OverdueCall> findOverdue(Instant latestEndAtOrBefore, int limit) {
        if (limit <= 0) {
            return List.of();
        }
        // A call's latest end is never before its creation, so the SQL bound is safe; the exact
        // test (creation plus its granted minutes) is made here, on the few calls still in flight.
        return database.read(handle -> handle.createQuery(OVERDUE)
                .bind("bound", Timestamps.format(latestEndAtOrBefore))
                .map((row, context) -> {
                    CallRecord call = CallRows.map(row, context);
                    return new OverdueCall(call,
                            call.snapshot().createdAt().plus(Duration.ofMinutes(row.getInt("max_duration_minutes"))));
                })
                .list().stream()
                .filter(overdue -> !overdue.latestEnd().isAfter(latestEndAtOrBefore))
                .limit(limit)
                .collect(Collectors.toUnmodifiableList()));
    }

    private static MonthUsage usage(Handle handle, UserId user, Instant monthStart, Instant now) {
        long[] ended = handle.createQuery("SELECT"
                        + " COALESCE(SUM(CASE WHEN status <> 'initiated' THEN duration_seconds END), 0) AS settled,"
                        + " COUNT(*) AS total,"
                        + " COALESCE(SUM(CASE WHEN status <> 'initiated' THEN cost_micros END), 0) AS cost"
                        + " FROM calls WHERE user_id = :user AND created_at >= :since")
                .bind("user", user.value())
                .bind("since", Timestamps.format(monthStart))
                .map((row, context) -> new long[] {row.getLong("settled"), row.getLong("total"), row.getLong("cost")})
                .one();
        // Calls in flight are few; whether each may still be ringing is the domain's rule, applied here.
        long reserved = 0;
        int ringing = 0;
        for (InFlight call : handle.createQuery(IN_FLIGHT_OF_USER)
                .bind("user", user.value())
                .map((row, context) -> new InFlight(Timestamps.parse(row.getString("created_at")), row.getInt("max_duration_minutes")))
                .list()) {
            if (!call.createdAt().isBefore(monthStart)) {
                reserved += 60L * call.grantedMinutes();
            }
            if (CallAllowance.mayStillBeRinging(call.createdAt(), call.grantedMinutes(), now)) {
                ringing++;
            }
        }
        return new MonthUsage(ended[0], reserved, ringing, (int) ended[1], ended[2]);
    }

    private record InFlight(Instant createdAt, int grantedMinutes) {}
}
