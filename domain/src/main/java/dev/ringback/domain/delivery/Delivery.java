package dev.ringback.domain.delivery;

import dev.ringback.domain.account.MachineId;
import dev.ringback.domain.call.CallId;
import dev.ringback.domain.notify.AgentNotification;
import dev.ringback.domain.notify.NotificationPolicy;
import dev.ringback.domain.notify.TranscriptFile;
import dev.ringback.domain.session.SessionKey;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** One thing owed to a machine because a call ended: an outbox entry with its attempt history. */
public final class Delivery {
    private final DeliverySnapshot state;
    private final boolean abandonedClaim;

    private Delivery(DeliverySnapshot state) {
        this(state, false);
    }

    private Delivery(DeliverySnapshot state, boolean abandonedClaim) {
        this.state = Objects.requireNonNull(state, "state");
        this.abandonedClaim = abandonedClaim;
    }

    public static Delivery ofNotification(DeliveryId id, CallId call, MachineId machine, AgentNotification notification, Instant now) {
        return pending(id, call, machine, DeliveryKind.NOTIFICATION, notification.sessionKey().value(),
                notification.message(), notification.idempotencyKey(), now);
    }

    public static Delivery ofTranscript(DeliveryId id, CallId call, MachineId machine, TranscriptFile file, Instant now) {
        return pending(id, call, machine, DeliveryKind.TRANSCRIPT, file.relativePath(), file.markdown(),
                transcriptKeyFor(call), now);
    }

    /**
     * The transcript file again, once a real outcome corrected the call's unknown one: same path,
     * a key of its own ({@link NotificationPolicy#CORRECTION_KEY_SUFFIX}).
     */
    public static Delivery ofCorrectedTranscript(DeliveryId id, CallId call, MachineId machine, TranscriptFile file,
            Instant now) {
        return pending(id, call, machine, DeliveryKind.TRANSCRIPT, file.relativePath(), file.markdown(),
                transcriptKeyFor(call) + NotificationPolicy.CORRECTION_KEY_SUFFIX, now);
    }

    private static String transcriptKeyFor(CallId call) {
        return "ringback-transcript-" + call.value();
    }

    private static Delivery pending(DeliveryId id, CallId call, MachineId machine, DeliveryKind kind, String target,
            String body, String idempotencyKey, Instant now) {
        return new Delivery(new DeliverySnapshot(id, call, machine, kind, target, body, idempotencyKey,
                DeliveryState.PENDING, 0, now, Optional.empty(), now, Optional.empty()));
    }

    public static Delivery restore(DeliverySnapshot snapshot) {
        return new Delivery(snapshot);
    }

    /**
     * A delivery claimed again after an earlier claim's lease ran out without a recorded attempt:
     * that worker died or stalled, perhaps after its request had reached the machine.
     */
    public static Delivery restoreAbandonedClaim(DeliverySnapshot snapshot) {
        return new Delivery(snapshot, true);
    }

    /**
     * This delivery, not attempted yet, as one whose machine may have had it already: owed by an
     * outcome that may have been told before from a copy of the database this one replaced (a
     * restore from a backup taken before it). Its first attempt is a resend, as after a lapsed
     * claim: the conversation is looked at before anything is sent.
     */
    public Delivery mayHaveBeenSentBefore() {
        return mayHaveReachedMachine() ? this : new Delivery(state, true);
    }

    /**
     * Whether an earlier attempt may already have reached the machine: one was made (and its
     * answer, if any, said to retry), or a worker that claimed it never recorded how it went.
     * A sender then looks before sending again, because the machine's memory of idempotency keys
     * is short.
     */
    public boolean mayHaveReachedMachine() {
        return state.attempts() > 0 || abandonedClaim;
    }

    /**
     * Whether its only doubt is the lapsed claim it was restored from (no attempt recorded): a
     * store handing it back unsent must keep that doubt for the next claim, since nothing else
     * in the delivery says so.
     */
    public boolean doubtIsALapsedClaim() {
        return abandonedClaim && state.attempts() == 0;
    }

    public DeliverySnapshot snapshot() {
        return state;
    }

    /** Records an attempt and decides what follows: done, refused, another try later, or dead. */
    public Delivery afterAttempt(AttemptResult result, Instant now, RetryPolicy policy, double jitterUnit) {
        if (state.state().isFinal()) {
            throw new IllegalStateException("delivery " + state.id() + " is already " + state.state().wireName());
        }
        int attempts = state.attempts() + 1;
        if (result instanceof AttemptResult.Delivered) {
            // Delivered, the body has served: the call keeps the texts it was composed from, and a
            // second copy of every transcript on disk would serve nobody (no replay, never printed).
            return finish(DeliveryState.DELIVERED, attempts, Optional.empty(), now, "");
        }
        if (result instanceof AttemptResult.Refused) {
            return finish(DeliveryState.FAILED, attempts, Optional.of(result.detail()), now, state.body());
        }
        AttemptResult.Retryable retryable = (AttemptResult.Retryable) result;
        if (!policy.mayRetryAfter(attempts)) {
            return finish(DeliveryState.DEAD, attempts, Optional.of(result.detail()), now, state.body());
        }
        Instant next = now.plus(policy.delayAfter(attempts, retryable.retryAfter(), jitterUnit));
        return new Delivery(new DeliverySnapshot(state.id(), state.callId(), state.machineId(), state.kind(),
                state.target(), state.body(), state.idempotencyKey(), DeliveryState.PENDING, attempts, next,
                Optional.of(result.detail()), state.createdAt(), Optional.empty(), state.revivals()));
    }

    /**
     * An operator sends a dead or failed delivery again, with the same idempotency key. Its retries
     * start over: a dead one kept its last attempt's number, so one more failure (the gateway
     * restarting as the operator mends it, say) would have made it dead again at once. Its count
     * starts again from one, not zero: attempts were made, so it is sent as a resend (history
     * check first).
     */
    public Delivery replay(Instant now) {
        if (!state.state().isFinal() || state.state() == DeliveryState.DELIVERED) {
            throw new IllegalStateException("only a dead or failed delivery can be replayed");
        }
        return sentAgain(now, state.revivals());
    }

    /**
     * A dead letter brought back because its machine answered again: sent again as an operator's
     * {@link #replay} sends it (due now, same key, retries starting over, as a resend), and counted,
     * so that {@link DeadLetterRevival} revives it once at most. Which dead letters qualify is
     * {@link DeadLetterRevival}'s rule; a failed delivery never does (its machine refused it).
     */
    public Delivery revived(Instant now) {
        if (state.state() != DeliveryState.DEAD) {
            throw new IllegalStateException("only a dead delivery can be revived");
        }
        return sentAgain(now, state.revivals() + 1);
    }

    /**
     * Pending and due at {@code now}, same body and key. Its count starts again from one, not zero:
     * attempts were made, so it is sent as a resend (history check first).
     */
    private Delivery sentAgain(Instant now, int revivals) {
        return new Delivery(new DeliverySnapshot(state.id(), state.callId(), state.machineId(), state.kind(),
                state.target(), state.body(), state.idempotencyKey(), DeliveryState.PENDING,
                Math.min(state.attempts(), 1), now, state.lastError(), state.createdAt(), Optional.empty(), revivals));
    }

    /**
     * A pending delivery waiting for a retry becomes due at {@code now}, its attempts and last
     * error kept: the machine is known or likely to answer again, so the backoff need not run out.
     */
    public Delivery broughtForward(Instant now) {
        if (state.state() != DeliveryState.PENDING) {
            throw new IllegalStateException("only a pending delivery can be brought forward");
        }
        if (!state.nextAttemptAt().isAfter(now)) {
            return this;
        }
        return new Delivery(new DeliverySnapshot(state.id(), state.callId(), state.machineId(), state.kind(),
                state.target(), state.body(), state.idempotencyKey(), DeliveryState.PENDING, state.attempts(), now,
                state.lastError(), state.createdAt(), Optional.empty(), state.revivals()), abandonedClaim);
    }

    private Delivery finish(DeliveryState finalState, int attempts, Optional<String> error, Instant now, String body) {
        return new Delivery(new DeliverySnapshot(state.id(), state.callId(), state.machineId(), state.kind(),
                state.target(), body, state.idempotencyKey(), finalState, attempts, state.nextAttemptAt(),
                error, state.createdAt(), Optional.of(now), state.revivals()));
    }

    public AgentNotification asNotification() {
        requireKind(DeliveryKind.NOTIFICATION);
        return new AgentNotification(new SessionKey(state.target()), NotificationPolicy.HOOK_NAME, state.body(),
                state.idempotencyKey(), NotificationPolicy.markerFor(state.callId(), state.idempotencyKey()),
                mayHaveReachedMachine());
    }

    public TranscriptFile asTranscriptFile() {
        requireKind(DeliveryKind.TRANSCRIPT);
        return new TranscriptFile(state.target(), state.body());
    }

    private void requireKind(DeliveryKind kind) {
        if (state.kind() != kind) {
            throw new IllegalStateException("delivery " + state.id() + " is a " + state.kind().wireName());
        }
    }

    public DeliveryId id() {
        return state.id();
    }

    public CallId callId() {
        return state.callId();
    }

    public MachineId machineId() {
        return state.machineId();
    }

    public DeliveryKind kind() {
        return state.kind();
    }

    public DeliveryState deliveryState() {
        return state.state();
    }

    /** By state: how the current claim found the delivery is about that claim, not the delivery. */
    @Override
    public boolean equals(Object other) {
        return other instanceof Delivery && ((Delivery) other).state.equals(state);
    }

    @Override
    public int hashCode() {
        return state.hashCode();
    }

    @Override
    public String toString() {
        return "Delivery[" + state.id() + ", " + state.kind().wireName() + ", " + state.state().wireName() + "]";
    }
}
