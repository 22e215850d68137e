package dev.ringback.domain.delivery;

import dev.ringback.domain.account.MachineId;
import dev.ringback.domain.call.CallId;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The full state of a {@link Delivery}. {@code target} is the session key of a notification or
 * the workspace path of a transcript; {@code body} is what is sent, stored once so that every
 * retry (and replay) sends the same bytes, and empty once delivered. {@code revivals} counts the
 * times it was brought back from dead because its machine answered again ({@link DeadLetterRevival}).
 */
public record DeliverySnapshot(
        DeliveryId id,
        CallId callId,
        MachineId machineId,
        DeliveryKind kind,
        String target,
        String body,
        String idempotencyKey,
        DeliveryState state,
        int attempts,
        Instant nextAttemptAt,
        Optional<String> lastError,
        Instant createdAt,
        Optional<Instant> finishedAt,
        int revivals) {

    /** A delivery never revived. */
    public DeliverySnapshot(DeliveryId id, CallId callId, MachineId machineId, DeliveryKind kind, String target,
            String body, String idempotencyKey, DeliveryState state, int attempts, Instant nextAttemptAt,
            Optional<String> lastError, Instant createdAt, Optional<Instant> finishedAt) {
        this(id, callId, machineId, kind, target, body, idempotencyKey, state, attempts, nextAttemptAt, lastError,
                createdAt, finishedAt, 0);
    }

    public DeliverySnapshot {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(machineId, "machineId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(nextAttemptAt, "nextAttemptAt");
        Objects.requireNonNull(lastError, "lastError");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(finishedAt, "finishedAt");
        if (attempts < 0) {
            throw new IllegalArgumentException("attempts cannot be negative");
        }
        if (revivals < 0) {
            throw new IllegalArgumentException("revivals cannot be negative");
        }
        if (state.isFinal() != finishedAt.isPresent()) {
            throw new IllegalArgumentException("a delivery has a finish time exactly when it is final");
        }
    }
}
