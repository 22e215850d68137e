package dev.ringback.application.port.in;

import dev.ringback.domain.account.MachineId;
import java.time.Instant;
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
     * {@link #isSendingTo}, for new work committed for {@code machine}: when a run of this process
     * is sending to it, that run looks for the work before it ends and true is returned; nobody
     * need be woken.
     */
    default boolean takesNewWorkFor(MachineId machine) {
        return isSendingTo(machine);
    }

    /** When the worker should look again if nothing wakes it earlier. */
    Optional<Instant> nextDueAt();
}
