package dev.ringback.application.port.in;

import java.time.Instant;
import java.util.Optional;

/** One round of the delivery worker: send what is due, record each attempt. */
public interface DeliverDueUseCase {
    /** Claims and attempts up to {@code limit} due deliveries; returns how many were attempted. */
    int deliverDue(int limit);

    /** When the worker should look again if nothing wakes it earlier. */
    Optional<Instant> nextDueAt();
}
