package dev.ringback.application.port.in;

import dev.ringback.domain.account.MachineId;
import dev.ringback.domain.delivery.DeliveryId;
import dev.ringback.domain.delivery.DeliveryState;

/**
 * Sends dead (or failed) deliveries again, with the same body and the same idempotency key, so a
 * machine that already ran the turn absorbs the repeat instead of running it twice.
 */
public interface ReplayDeliveriesUseCase {
    Outcome replay(DeliveryId id);

    /** Replays every dead delivery; returns how many. */
    int replayAllDead();

    /**
     * Replays every failed and dead delivery of one machine; returns how many. For when the
     * machine's settings have been mended (token, URL, hooks path, route): the gateway's refusals
     * ("never retry 400, 401, 404 without a change") and a machine unreachable at its old address
     * held them back, and now may not.
     */
    int replayHeldBack(MachineId machine);

    /**
     * Makes every delivery of one machine that waits for a retry due now, its attempts kept (so it
     * is still sent as a resend); returns how many. For when the machine's settings have been
     * mended too: an address it no longer answered at left its deliveries waiting, up to an hour
     * between attempts for a week before any is dead, and that backoff says nothing of the new one.
     */
    int bringWaitingForward(MachineId machine);

    sealed interface Outcome {
        record Replayed(DeliveryId id) implements Outcome {}

        record NotFound(DeliveryId id) implements Outcome {}

        /** Pending or delivered: nothing to replay. */
        record NotReplayable(DeliveryId id, DeliveryState state) implements Outcome {}
    }
}
