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
import java.util.ArrayList;
import java.util.List;
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
    static final String OVERDUE = CallRows.SELECT + " WHERE status = 'initiated'"
            + " AND direction = 'outbound' AND created_at <= :bound ORDER BY created_at, calls.id";
    static final String IN_FLIGHT_OF_USER =
            "SELECT created_at, max_duration_minutes FROM calls WHERE user_id = :user AND status = 'initiated'";

    static final String BY_ID = CallRows.SELECT + " WHERE calls.id = ?";
    static final String ROW_BY_ID = CallRows.ROW_ONLY + " WHERE id = ?";
    static final String BY_PROVIDER_ID = CallRows.SELECT + " WHERE provider_call_id = ?";
    static final String ROW_BY_PROVIDER_ID = CallRows.ROW_ONLY + " WHERE provider_call_id = ?";

    private final SqliteDatabase database;

    JdbiCallRepository(SqliteDatabase database) {
        this.database = database;
    }

    @Override
    public void insert(CallRecord call) {
        database.write(handle -> {
            insertWhole(handle, call);
            return null;
        });
    }

    @Override
    public boolean updateUnfinished(CallRecord call) {
        return database.write(handle -> {
            Optional<Long> replaced = handle.createQuery(CallRows.TEXT_ID_OF_UNFINISHED)
                    .bind("id", call.id().value())
                    .mapTo(Long.class)
                    .findOne();
            Long textId = CallRows.insertTexts(handle, call);
            if (CallRows.bind(handle.createUpdate(CallRows.UPDATE_UNFINISHED), call, textId).execute() != 1) {
                CallRows.deleteTexts(handle, textId);
                return false;
            }
            CallRows.deleteTexts(handle, replaced.orElse(null));
            return true;
        });
    }

    /** A call's row and its texts; only inside a write. */
    private static void insertWhole(Handle handle, CallRecord call) {
        CallRows.bind(handle.createUpdate(CallRows.INSERT), call, CallRows.insertTexts(handle, call)).execute();
    }

    /**
     * Every webhook asks this, for a call in flight: plain JDBC on a kept statement
     * (SqliteDatabase.query), and the row alone first. Always joined with call_texts, the lookup
     * cost the HTTP workers ~60 us more per webhook under ingest (perf: inside SQLite and malloc),
     * although a call in flight holds no text id to look up; why was not pinned down. An ended
     * call is then read again, joined, in one statement, so its row and texts are of one moment.
     */
    @Override
    public Optional<CallRecord> findById(CallId id) {
        return find(ROW_BY_ID, BY_ID, id.value());
    }

    @Override
    public Optional<CallRecord> findByProviderCallId(ProviderCallId id) {
        return find(ROW_BY_PROVIDER_ID, BY_PROVIDER_ID, id.value());
    }

    private Optional<CallRecord> find(String rowOnly, String withTexts, String key) {
        Optional<Optional<CallRecord>> row = database.query(rowOnly, statement -> statement.setString(1, key),
                SqliteDatabase.atMostOne(CallRows::wholeIfWithoutTexts));
        if (row.isEmpty() || row.get().isPresent()) {
            return row.flatMap(call -> call);
        }
        return database.query(withTexts, statement -> statement.setString(1, key),
                SqliteDatabase.atMostOne(found -> CallRows.map(found, null)));
    }

    @Override
    public List<CallRecord> findRecentByUser(UserId user, int limit) {
        if (limit <= 0) {
            return List.of();
        }
        return database.read(handle -> handle.createQuery(
                        CallRows.SELECT + " WHERE user_id = :user ORDER BY created_at DESC, calls.id DESC LIMIT :limit")
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
        Object[] call = PlainWrites.values(completed);
        List<Object[]> owed = PlainWrites.newRowsOf(deliveries);
        return handle -> {
            if (!PlainWrites.completeUnfinished(database, handle, call)) {
                return false;
            }
            PlainWrites.insertAll(database, handle, owed);
            return true;
        };
    }

    /**
     * What a correction withdraws ({@link CallRepository#recordCorrection}): every delivery of the
     * call not delivered, read on deliveries_by_call. Held ones too: a worker's result is written
     * over a stored row only, so an attempt under way that fails schedules no retry.
     */
    static final String WITHDRAW_UNDELIVERED = "DELETE FROM deliveries WHERE call_id = :call AND state <> 'delivered'";

    /**
     * Rare (a late outcome after "outcome unknown"), so through Jdbi rather than the kept
     * statements of every webhook's write ({@link PlainWrites}); inside the group commit all the same.
     */
    @Override
    public boolean recordCorrection(CallRecord corrected, List<Delivery> deliveries) {
        return database.write(handle -> {
            Long replaced = CallRows.textIdOf(handle, corrected.id().value());
            Long textId = CallRows.insertTexts(handle, corrected);
            if (CallRows.bindCorrection(handle.createUpdate(CallRows.CORRECT_UNKNOWN), corrected, textId).execute() != 1) {
                CallRows.deleteTexts(handle, textId);
                return false;
            }
            CallRows.deleteTexts(handle, replaced);
            handle.createUpdate(WITHDRAW_UNDELIVERED)
                    .bind("call", corrected.id().value())
                    .execute();
            DeliveryRows.insertAll(handle, deliveries);
            return true;
        });
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
            insertWhole(handle, call);
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
                insertWhole(handle, call);
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

    /**
     * The calls of a retention pass, after a rowid, in the table's order: a pass reads the table
     * once, a batch at a time, on a pooled connection, never in the writer; each batch is checked
     * again and forgotten in one write job. No index: an hourly pass reads every ended call anyway,
     * and an index would cost every webhook's write a page.
     */
    static final String WORDS_TO_FORGET = "SELECT rowid, id FROM calls WHERE rowid > ? AND completed_at < ?"
            + " AND (text_id IS NOT NULL OR recording_url IS NOT NULL) ORDER BY rowid LIMIT ?";
    static final String OWES_A_DELIVERY = "SELECT COUNT(*) FROM deliveries WHERE call_id = :id AND state = 'pending'";
    static final String FORGET_WORDS = "UPDATE calls SET text_id = NULL, recording_url = NULL WHERE id = :id"
            + " AND completed_at < :cutoff AND (text_id IS NOT NULL OR recording_url IS NOT NULL)";
    /** Their bodies carry the words; a delivered one's body was emptied when it was delivered. */
    static final String FORGET_UNDELIVERED = "DELETE FROM deliveries WHERE call_id = :id AND state IN ('failed', 'dead')";
    /** Calls per write job: a few hundred statements, so that webhooks queued behind it wait milliseconds. */
    static final int FORGET_BATCH = 200;

    @Override
    public int forgetWordsOfCallsEndedBefore(Instant cutoff) {
        String before = Timestamps.format(cutoff);
        long after = 0;
        int forgotten = 0;
        while (true) {
            long from = after;
            List<Candidate> batch = database.query(WORDS_TO_FORGET, statement -> {
                statement.setLong(1, from);
                statement.setString(2, before);
                statement.setInt(3, FORGET_BATCH);
            }, rows -> {
                List<Candidate> found = new ArrayList<>();
                while (rows.next()) {
                    found.add(new Candidate(rows.getLong(1), rows.getString(2)));
                }
                return found;
            });
            if (batch.isEmpty()) {
                return forgotten;
            }
            forgotten += database.write(handle -> {
                int done = 0;
                for (Candidate call : batch) {
                    done += forgetWords(handle, call.id(), before) ? 1 : 0;
                }
                return done;
            });
            if (batch.size() < FORGET_BATCH) {
                return forgotten;
            }
            after = batch.get(batch.size() - 1).rowid();
        }
    }

    /** Checked again in the write: a delivery may have been owed, or the words forgotten, since the read. */
    private static boolean forgetWords(Handle handle, String id, String before) {
        if (handle.createQuery(OWES_A_DELIVERY).bind("id", id).mapTo(Integer.class).one() > 0) {
            return false;
        }
        Long texts = CallRows.textIdOf(handle, id);
        if (handle.createUpdate(FORGET_WORDS).bind("id", id).bind("cutoff", before).execute() != 1) {
            return false;
        }
        handle.createUpdate(FORGET_UNDELIVERED).bind("id", id).execute();
        CallRows.deleteTexts(handle, texts);
        return true;
    }

    private record Candidate(long rowid, String id) {}
}
