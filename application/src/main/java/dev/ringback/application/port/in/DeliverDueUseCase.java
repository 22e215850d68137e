package dev.ringback.application.port.in;

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

    /** When the worker should look again if nothing wakes it earlier. */
    Optional<Instant> nextDueAt();
}
