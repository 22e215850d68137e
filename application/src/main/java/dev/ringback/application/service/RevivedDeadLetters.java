package dev.ringback.application.service;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How many dead letters this process brought back because their machine answered again
 * ({@link DeliverDueService}), for {@code GET /metrics}: a counter since the process started.
 */
@Singleton
public final class RevivedDeadLetters {
    private final AtomicLong total = new AtomicLong();

    @Inject
    public RevivedDeadLetters() {
    }

    void add(int revived) {
        total.addAndGet(revived);
    }

    public long total() {
        return total.get();
    }
}
