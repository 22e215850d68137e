package dev.ringback.domain.call;

import dev.ringback.domain.account.MachineId;
import dev.ringback.domain.account.UserId;
import dev.ringback.domain.phone.PhoneNumber;
import dev.ringback.domain.session.OriginSession;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One phone call and its single outcome. Immutable: every change returns a new record, so a
 * repository can write it conditionally (only over the state it was derived from).
 *
 * <p>The origin session is fixed at creation and no method changes it.
 */
public final class CallRecord {
    private final CallSnapshot state;

    private CallRecord(CallSnapshot state) {
        this.state = Objects.requireNonNull(state, "state");
    }

    public static CallRecord placeOutbound(
            CallId id, UserId user, MachineId machine, PhoneNumber from, PhoneNumber to, String task,
            OriginSession origin, Instant now) {
        return placeOutbound(id, user, machine, from, to, task, origin, true, now);
    }

    /** @param writesTranscriptFile whether the machine has a file server for the transcript ({@link CallSnapshot}) */
    public static CallRecord placeOutbound(
            CallId id, UserId user, MachineId machine, PhoneNumber from, PhoneNumber to, String task,
            OriginSession origin, boolean writesTranscriptFile, Instant now) {
        return new CallRecord(new CallSnapshot(
                id, user, Optional.of(machine), Direction.OUTBOUND, Optional.of(from), to, task, origin, Optional.empty(),
                CallStatus.INITIATED, 0, "", "", Optional.empty(), 0, now, Optional.empty(), writesTranscriptFile));
    }

    /** An inbound call is only learnt of when it has ended, so it is born with its outcome. */
    public static CallRecord receiveInbound(
            CallId id, UserId user, MachineId machine, PhoneNumber from, PhoneNumber to, ProviderCallId providerId,
            OriginSession origin, Instant startedAt, CallOutcome outcome, Instant now) {
        return receiveInbound(id, user, machine, from, to, providerId, origin, true, startedAt, outcome, now);
    }

    public static CallRecord receiveInbound(
            CallId id, UserId user, MachineId machine, PhoneNumber from, PhoneNumber to, ProviderCallId providerId,
            OriginSession origin, boolean writesTranscriptFile, Instant startedAt, CallOutcome outcome, Instant now) {
        return receiveInbound(id, user, machine, Optional.of(from), to, providerId, origin, writesTranscriptFile,
                startedAt, outcome, now);
    }

    /** @param from empty when the caller withheld their number: the call is recorded all the same */
    public static CallRecord receiveInbound(
            CallId id, UserId user, MachineId machine, Optional<PhoneNumber> from, PhoneNumber to,
            ProviderCallId providerId, OriginSession origin, boolean writesTranscriptFile, Instant startedAt,
            CallOutcome outcome, Instant now) {
        return received(id, user, Optional.of(machine), from, to, providerId, origin, writesTranscriptFile, startedAt,
                outcome, now);
    }

    /**
     * An inbound call to a user who has no machine yet: the user was rung and pays for it, so it
     * is recorded like any other, but nobody can be told of it and it writes no transcript file.
     * There is no conversation either; {@code origin} is the one the user's calls would be
     * announced in by default.
     */
    public static CallRecord receiveInboundWithoutMachine(
            CallId id, UserId user, Optional<PhoneNumber> from, PhoneNumber to, ProviderCallId providerId,
            OriginSession origin, Instant startedAt, CallOutcome outcome, Instant now) {
        return received(id, user, Optional.empty(), from, to, providerId, origin, false, startedAt, outcome, now);
    }

    private static CallRecord received(
            CallId id, UserId user, Optional<MachineId> machine, Optional<PhoneNumber> from, PhoneNumber to,
            ProviderCallId providerId, OriginSession origin, boolean writesTranscriptFile, Instant startedAt,
            CallOutcome outcome, Instant now) {
        CallRecord ringing = new CallRecord(new CallSnapshot(
                id, user, machine, Direction.INBOUND, from, to, "", origin, Optional.of(providerId),
                CallStatus.INITIATED, 0, "", "", Optional.empty(), 0, startedAt, Optional.empty(), writesTranscriptFile));
        return ((CompletionResult.Completed) ringing.complete(outcome, now)).call();
    }

    public static CallRecord restore(CallSnapshot snapshot) {
        return new CallRecord(snapshot);
    }

    public CallSnapshot snapshot() {
        return state;
    }

    /** The provider queued the call under its own id. */
    public CallRecord acceptedByProvider(ProviderCallId providerId) {
        Objects.requireNonNull(providerId, "providerId");
        if (state.providerCallId().isPresent() && !state.providerCallId().get().equals(providerId)) {
            throw new IllegalStateException("call " + state.id() + " already has a provider id");
        }
        return new CallRecord(state.withProviderCallId(providerId));
    }

    /**
     * The call with its words forgotten ({@link TranscriptRetention}): its transcript, summary and
     * recording link; who, when, how long and at what cost stay, for usage and billing. Only an
     * ended call: one in flight has no words yet and may still get them.
     */
    public CallRecord withWordsForgotten() {
        if (!state.status().isTerminal()) {
            throw new IllegalStateException("call " + state.id() + " has not ended");
        }
        CallSnapshot s = state;
        return new CallRecord(new CallSnapshot(s.id(), s.userId(), s.machineId(), s.direction(), s.from(), s.to(), s.task(),
                s.origin(), s.providerCallId(), s.status(), s.durationSeconds(), "", "", Optional.empty(), s.costMicros(),
                s.createdAt(), s.completedAt(), s.writesTranscriptFile()));
    }

    /** Whether it holds words a {@link TranscriptRetention} would forget. */
    public boolean holdsWords() {
        return !state.transcript().isEmpty() || !state.summary().isEmpty() || state.recordingUrl().isPresent();
    }

    /**
     * The provider refused to queue the call: it ended before it began, at no cost, and nobody
     * is notified because the agent heard the refusal when it asked.
     */
    public CallRecord notPlaced(String reason, Instant now) {
        if (state.status().isTerminal()) {
            throw new IllegalStateException("call " + state.id() + " has already ended");
        }
        CallOutcome refused = new CallOutcome(CallStatus.FAILED, 0, "", "Not placed: " + reason, Optional.empty(), Optional.of(now));
        return new CallRecord(state.withOutcome(refused, 0, now));
    }

    /**
     * Applies the provider's report. The first terminal outcome wins; any later report (a retried
     * webhook, a resend, the delayed second body) changes nothing and says so.
     */
    public CompletionResult complete(CallOutcome outcome, Instant now) {
        return completeAt(outcome, CallCostPolicy.costMicros(outcome.status(), outcome.durationSeconds()), now);
    }

    /**
     * Ends a call whose outcome nobody can give (the provider's answer to it was lost and no report
     * came, or the provider still reports it running long past its end): failed, and priced as a
     * failed attempt, since the provider was asked to dial it. The first outcome still wins.
     */
    public CompletionResult endWithoutOutcome(String summary, Instant now) {
        return complete(unknownOutcome(summary, now), now);
    }

    /**
     * Ends a call the provider says it does not know: failed, at no cost, since it never queued
     * it and so never charged for an attempt. The first outcome still wins, as for {@link #complete}.
     */
    public CompletionResult endUnknownToProvider(String summary, Instant now) {
        return completeAt(unknownOutcome(summary, now), 0, now);
    }

    /**
     * Whether Ringback ended the call without its provider's outcome, with one of the
     * {@link UnknownOutcome} summaries, and no real outcome has corrected it since.
     */
    public boolean endedWithoutItsOutcome() {
        return UnknownOutcome.isStoredIn(state);
    }

    /**
     * The provider's real outcome, arrived after Ringback had ended the call without it: it
     * replaces the unknown one whole (status, duration, texts, recording, cost, end), priced as
     * {@link #complete} prices it. Only a call {@link #endedWithoutItsOutcome()} accepts it; any
     * other ended call, one corrected already included, answers {@link CompletionResult.AlreadyFinal}.
     *
     * @throws IllegalStateException for a call that has not ended: its outcome is {@link #complete}d
     */
    public CompletionResult correctUnknownOutcome(CallOutcome outcome, Instant now) {
        if (!state.status().isTerminal()) {
            throw new IllegalStateException("call " + state.id() + " has not ended; complete it instead");
        }
        if (!endedWithoutItsOutcome()) {
            return new CompletionResult.AlreadyFinal(this);
        }
        long cost = CallCostPolicy.costMicros(outcome.status(), outcome.durationSeconds());
        return new CompletionResult.Completed(new CallRecord(state.withOutcome(outcome, cost, now)));
    }

    private static CallOutcome unknownOutcome(String summary, Instant now) {
        return new CallOutcome(CallStatus.FAILED, 0, "", summary, Optional.empty(), Optional.of(now));
    }

    private CompletionResult completeAt(CallOutcome outcome, long costMicros, Instant now) {
        if (state.status().isTerminal()) {
            return new CompletionResult.AlreadyFinal(this);
        }
        return new CompletionResult.Completed(new CallRecord(state.withOutcome(outcome, costMicros, now)));
    }

    /**
     * The number on the other end of the line, from the user's point of view: empty for an
     * inbound caller who withheld theirs.
     */
    public Optional<PhoneNumber> otherParty() {
        return state.direction() == Direction.OUTBOUND ? Optional.of(state.to()) : state.from();
    }

    public CallId id() {
        return state.id();
    }

    public UserId userId() {
        return state.userId();
    }

    /** Empty only for an inbound call to a user who had no machine: such a call owes no deliveries. */
    public Optional<MachineId> machineId() {
        return state.machineId();
    }

    public Direction direction() {
        return state.direction();
    }

    public OriginSession origin() {
        return state.origin();
    }

    public CallStatus status() {
        return state.status();
    }

    public Optional<ProviderCallId> providerCallId() {
        return state.providerCallId();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CallRecord && ((CallRecord) other).state.equals(state);
    }

    @Override
    public int hashCode() {
        return state.hashCode();
    }

    @Override
    public String toString() {
        return "CallRecord[" + state.id() + ", " + state.status().wireName() + "]";
    }
}
