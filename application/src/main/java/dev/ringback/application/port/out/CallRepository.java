package dev.ringback.application.port.out;

import dev.ringback.domain.account.CallAllowance;
import dev.ringback.domain.account.MonthUsage;
import dev.ringback.domain.account.Reservation;
import dev.ringback.domain.account.UserId;
import dev.ringback.domain.call.CallId;
import dev.ringback.domain.call.CallRecord;
import dev.ringback.domain.call.ProviderCallId;
import dev.ringback.domain.delivery.Delivery;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

public interface CallRepository {
    /** Stores a new call. A duplicate id is refused with {@link IllegalStateException}. */
    void insert(CallRecord call);

    /**
     * Replaces a call that has not ended yet (the provider's id arrived, or it was not placed).
     * Returns false, changing nothing, when the stored call has already ended.
     */
    boolean updateUnfinished(CallRecord call);

    Optional<CallRecord> findById(CallId id);

    Optional<CallRecord> findByProviderCallId(ProviderCallId id);

    /** Newest first. */
    List<CallRecord> findRecentByUser(UserId user, int limit);

    /** Seconds of the user's calls created at or after {@code since}. */
    long secondsUsedSince(UserId user, Instant since);

    /**
     * In one transaction: stores the completed call's outcome ({@code CallRecord#complete} of the
     * stored call: status, duration, transcript, summary, recording, cost, end) only if the stored
     * one is still {@code initiated}, and then inserts its deliveries. Returns false, writing nothing, when
     * another report ended the call first; this is what makes a duplicate webhook harmless even
     * when copies arrive at the same moment.
     */
    boolean recordCompletion(CallRecord completed, List<Delivery> deliveries);

    /**
     * {@link #recordCompletion}, completing once the outcome is durable (or refused) instead of
     * returning then. A store that commits on a thread of its own may complete the stage on that
     * thread, so what is chained to it must not block. By default: the synchronous write, then a
     * completed stage.
     */
    default CompletionStage<Boolean> recordCompletionAsync(CallRecord completed, List<Delivery> deliveries) {
        try {
            return CompletableFuture.completedFuture(recordCompletion(completed, deliveries));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * In one transaction: replaces the outcome of a call Ringback ended without it (stored
     * {@code failed} with one of the {@code UnknownOutcome} summaries) by the real one
     * ({@code CallRecord#correctUnknownOutcome} of the stored call: status, duration, transcript,
     * summary, recording, cost, end), inserts its deliveries, and withdraws every earlier delivery
     * of the call not delivered: they tell the unknown outcome, which must never reach the agent
     * after the correction. Waiting ones, because a machine asleep would most likely take them
     * after the correction (its retries, fewer, come due sooner); dead or failed ones, because the
     * machine's return revives dead letters and an operator's replay brings back both; one a worker
     * is sending now, because if that attempt fails its retry would come after the correction (its
     * result is written over a stored row only, so it is dropped; had it landed, it landed first,
     * one delivery at a time to a machine). Delivered ones stay. Returns false, writing nothing,
     * when the stored call is not such a call any more (a concurrent copy of the outcome corrected
     * it first) or never was: as {@link #recordCompletion} does for a call in flight, this makes a
     * repeated late outcome harmless.
     */
    boolean recordCorrection(CallRecord corrected, List<Delivery> deliveries);

    /**
     * In one transaction: inserts an ended inbound call and its deliveries, unless a call with
     * the same provider id exists already (then returns false and writes nothing).
     */
    boolean recordInbound(CallRecord call, List<Delivery> deliveries);

    /**
     * In one transaction: reads the user's usage for the allowance's month, lets the allowance
     * decide and, only when it grants the call, inserts it holding the granted maximum duration
     * (its reservation until the outcome arrives). Nothing is written otherwise. This is what
     * keeps concurrent placements from all passing the same check.
     */
    Reservation reserveAndInsert(CallRecord call, CallAllowance allowance);

    /**
     * The user's month since {@code monthStart}: ended calls by their seconds, calls in flight
     * by the maximum duration they were granted (a call inserted without a reservation holds none),
     * and the calls that may still be ringing at {@code now}.
     */
    MonthUsage usageSince(UserId user, Instant monthStart, Instant now);

    /**
     * Outbound calls still {@code initiated} whose latest possible end (creation time plus the
     * maximum duration they were granted) is at or before {@code latestEndAtOrBefore}: calls whose
     * webhook is late. Oldest first, at most {@code limit}.
     */
    List<OverdueCall> findOverdue(Instant latestEndAtOrBefore, int limit);

    /**
     * Forgets the words ({@link CallRecord#withWordsForgotten}) of the calls that ended before
     * {@code cutoff} and still hold some, but for a call that still owes a delivery (its words
     * are on their way to its agent), and deletes those calls' failed and dead deliveries, whose
     * bodies carry the same words. A store may take several writes; each call is forgotten whole
     * in one. Returns how many calls it forgot.
     */
    int forgetWordsOfCallsEndedBefore(Instant cutoff);

    /**
     * @param latestEnd creation time plus the granted maximum duration (the creation time itself
     *     for a call inserted without a reservation)
     */
    record OverdueCall(CallRecord call, Instant latestEnd) {
        public OverdueCall {
            Objects.requireNonNull(call, "call");
            Objects.requireNonNull(latestEnd, "latestEnd");
        }
    }
}
