package dev.ringback.application.testing;

import dev.ringback.application.port.out.IdGenerator;
import java.util.concurrent.atomic.AtomicLong;

/** Predictable ids: "id-1", "id-2", ... (or with another prefix). */
public final class SequentialIds implements IdGenerator {
    private final String prefix;
    private final AtomicLong next = new AtomicLong();

    public SequentialIds() {
        this("id-");
    }

    public SequentialIds(String prefix) {
        this.prefix = prefix;
    }

    @Override
    public String newId() {
        return prefix + next.incrementAndGet();
    }
}
