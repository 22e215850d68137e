package dev.ringback.domain.call;

import dev.ringback.domain.account.MachineId;
import dev.ringback.domain.account.UserId;
import dev.ringback.domain.phone.PhoneNumber;
import dev.ringback.domain.session.OriginSession;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The full state of a {@link CallRecord}, as repositories store and restore it.
 *
 * @param writesTranscriptFile whether the call's transcript goes into the agent's workspace as a
 *     file: fixed when the call begins, from its machine ({@code Machine#fileServer}); a machine
 *     without a file server gets the notification alone, which then names no file
 * @param from the calling number; empty only for an inbound call whose caller withheld their
 *     number (or whose number the provider could not read): such a call is still recorded,
 *     counted and announced, with the caller shown as withheld
 * @param machineId the machine the call belongs to; empty only for an inbound call to a user who
 *     had no machine when it ended: it is recorded and counted, and nobody is told of it
 */
public record CallSnapshot(
        CallId id,
        UserId userId,
        Optional<MachineId> machineId,
        Direction direction,
        Optional<PhoneNumber> from,
        PhoneNumber to,
        String task,
        OriginSession origin,
        Optional<ProviderCallId> providerCallId,
        CallStatus status,
        int durationSeconds,
        String transcript,
        String summary,
        Optional<String> recordingUrl,
        long costMicros,
        Instant createdAt,
        Optional<Instant> completedAt,
        boolean writesTranscriptFile) {

    public CallSnapshot {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(machineId, "machineId");
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(providerCallId, "providerCallId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(transcript, "transcript");
        Objects.requireNonNull(summary, "summary");
        Objects.requireNonNull(recordingUrl, "recordingUrl");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(completedAt, "completedAt");
        if (from.isEmpty() && direction != Direction.INBOUND) {
            // Ringback places every outbound call from the user's own number.
            throw new IllegalArgumentException("only an inbound call can have a withheld caller");
        }
        if (machineId.isEmpty() && direction != Direction.INBOUND) {
            // An outbound call is placed by an agent, from its machine.
            throw new IllegalArgumentException("only an inbound call can have no machine");
        }
        if (durationSeconds < 0 || costMicros < 0) {
            throw new IllegalArgumentException("duration and cost cannot be negative");
        }
        if (status.isTerminal() != completedAt.isPresent()) {
            throw new IllegalArgumentException("a call has a completion time exactly when it is terminal");
        }
    }

    /** A call whose machine has a file server, as every machine of the hosted platform has. */
    public CallSnapshot(CallId id, UserId userId, Optional<MachineId> machineId, Direction direction, Optional<PhoneNumber> from, PhoneNumber to,
            String task, OriginSession origin, Optional<ProviderCallId> providerCallId, CallStatus status,
            int durationSeconds, String transcript, String summary, Optional<String> recordingUrl, long costMicros,
            Instant createdAt, Optional<Instant> completedAt) {
        this(id, userId, machineId, direction, from, to, task, origin, providerCallId, status, durationSeconds, transcript,
                summary, recordingUrl, costMicros, createdAt, completedAt, true);
    }

    CallSnapshot withProviderCallId(ProviderCallId providerId) {
        return new CallSnapshot(id, userId, machineId, direction, from, to, task, origin, Optional.of(providerId),
                status, durationSeconds, transcript, summary, recordingUrl, costMicros, createdAt, completedAt,
                writesTranscriptFile);
    }

    CallSnapshot withOutcome(CallOutcome outcome, long cost, Instant now) {
        return new CallSnapshot(id, userId, machineId, direction, from, to, task, origin, providerCallId,
                outcome.status(), outcome.durationSeconds(), outcome.transcript(), outcome.summary(),
                outcome.recordingUrl(), cost, createdAt, Optional.of(outcome.endedAt().orElse(now)), writesTranscriptFile);
    }
}
