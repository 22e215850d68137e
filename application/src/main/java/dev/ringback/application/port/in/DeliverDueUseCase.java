package dev.ringback.application.port.in;

import dev.ringback.application.port.out.BornRun;
import dev.ringback.application.port.out.DeliveryRepository;
import dev.ringback.domain.account.MachineId;
import dev.ringback.domain.delivery.Delivery;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/** One round of the delivery worker: send what is due, record each attempt. */
public interface DeliverDueUseCase {
    /** Claims and attempts up to {@code limit} due deliveries; returns how many were attempted. */
    int deliverDue(int limit);

    /**
     * Like {@link #deliverDue(int)}, but checks {@code keepGoing} before each attempt; claimed
     * deliveries not attempted once it turns false are handed back (their leases released), so
     * a stopping worker never leaves work waiting for a lease to expire.
     */
    int deliverDue(int limit, BooleanSupplier keepGoing);

    /**
     * One run for the worker: claims the first due delivery of a machine nobody is talking to and,
     * with it, up to {@code runLength - 1} more due deliveries of that same machine; sends them one
     * after another in due order and records all their attempts together (one commit). A run ends
     * early, handing back what it did not attempt, at the first attempt that is not delivered (the
     * machine is unwell: the rest would only wait behind it) or once {@code keepGoing} turns false.
     * A full run that was all delivered is followed by the machine's next run of up to
     * {@code runLength}, claimed while the machine is still taken, until one comes back short.
     * Threads that come for a run while another claims wait for that claim, then share the next
     * (a run of another machine each). Returns how many were attempted in all.
     */
    default int deliverRun(int runLength, BooleanSupplier keepGoing) {
        return deliverDue(1, keepGoing);
    }

    /**
     * Whether a run of this process is sending to {@code machine} right now. Its thread claims
     * again when the run ends, so work for that machine committed meanwhile is found then.
     */
    default boolean isSendingTo(MachineId machine) {
        return false;
    }

    /**
     * Claims {@code born}, an outcome's new deliveries, in the unit of work that stores them
     * ({@link DeliveryRepository#claimBorn}), when no run of this process is sending to their
     * machine; from then on the machine counts as sent to ({@link #isSendingTo}) until
     * {@link #deliverBorn} or {@link #abandonBorn}. Empty when it does not claim them; a store that
     * fails to claim them costs the outcome nothing (they are claimed as usual).
     */
    default Optional<BornRun> claimAtBirth(List<Delivery> born) {
        return Optional.empty();
    }

    /**
     * Sends a run claimed at birth, once its unit of work committed, as {@link #deliverRun} sends
     * a run it claimed (and goes on with the machine's next run when it was full and all
     * delivered); with {@code keepGoing} false from the start, hands it back. Returns how many
     * were attempted.
     */
    default int deliverBorn(BornRun run, int runLength, BooleanSupplier keepGoing) {
        throw new IllegalStateException("this worker claims nothing at birth");
    }

    /** The unit of work that claimed {@code run} did not commit it: its machine is free again. */
    default void abandonBorn(BornRun run) {
        // Claims nothing at birth: nothing to abandon.
    }

    /** When the worker should look again if nothing wakes it earlier. */
    Optional<Instant> nextDueAt();
}
