package dev.ringback.application.port.in;

import dev.ringback.domain.call.CallId;
import dev.ringback.domain.call.CallOutcome;
import dev.ringback.domain.call.CallRecord;
import dev.ringback.domain.call.ProviderCallId;
import dev.ringback.domain.phone.PhoneNumber;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** The telephony provider reports that a call ended (a verified webhook). */
public interface RecordCallOutcomeUseCase {
    Result record(Report report);

    /**
     * {@link #record}, completing once the outcome and its deliveries are durable instead of
     * returning then, so that the caller's thread is free meanwhile. The stage may complete on the
     * store's own thread: what is chained to it must not block. By default: {@link #record}, then a
     * completed stage.
     */
    default CompletionStage<Result> recordAsync(Report report) {
        try {
            return CompletableFuture.completedFuture(record(report));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * True when {@link #recordAsync} does all of its work in a {@link
     * dev.ringback.application.port.out.UnitOfWork}, nothing on the caller's thread, so that a
     * caller that must not block (an HTTP I/O thread) may call it. By default false.
     */
    default boolean recordsInUnitOfWork() {
        return false;
    }

    /**
     * @param callId Ringback's own id, echoed back by the provider in the call's metadata when we placed it
     * @param inbound whether the provider says the call was received on the user's number
     * @param from the calling number; empty when the caller withheld it or it could not be read
     *     (an inbound call is recorded and announced all the same, its caller shown as withheld)
     * @param startedAt when the provider says the call began, if it says so; an inbound call,
     *     unknown to Ringback until it ended, is dated from it
     * @param mayHaveBeenToldBefore whether the agent may have been told this outcome already: so for
     *     the reconciliation sweep's, which settles calls whose webhook never came to this database,
     *     and a database restored from a backup never saw the webhooks that came after the backup.
     *     What the outcome owes is then sent as resends, each looking at the conversation first.
     */
    record Report(
            ProviderCallId providerCallId,
            Optional<CallId> callId,
            boolean inbound,
            Optional<PhoneNumber> from,
            Optional<PhoneNumber> to,
            CallOutcome outcome,
            Optional<Instant> startedAt,
            boolean mayHaveBeenToldBefore) {
        public Report {
            Objects.requireNonNull(providerCallId, "providerCallId");
            Objects.requireNonNull(callId, "callId");
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
            Objects.requireNonNull(outcome, "outcome");
            Objects.requireNonNull(startedAt, "startedAt");
        }

        /** A webhook's report: its outcome is news. */
        public Report(ProviderCallId providerCallId, Optional<CallId> callId, boolean inbound, Optional<PhoneNumber> from,
                Optional<PhoneNumber> to, CallOutcome outcome, Optional<Instant> startedAt) {
            this(providerCallId, callId, inbound, from, to, outcome, startedAt, false);
        }

        /** A webhook's report that does not say when the call began. */
        public Report(ProviderCallId providerCallId, Optional<CallId> callId, boolean inbound, Optional<PhoneNumber> from,
                Optional<PhoneNumber> to, CallOutcome outcome) {
            this(providerCallId, callId, inbound, from, to, outcome, Optional.empty());
        }
    }

    sealed interface Result {
        /** This report ended the call; its deliveries are committed. */
        record Recorded(CallRecord call) implements Result {}

        /** The call had already ended; nothing changed. */
        record Duplicate(CallId call) implements Result {}

        /** No call of ours matches (as on the platform, the webhook still answers 200). */
        record UnknownCall() implements Result {}
    }
}
