package dev.ringback.application.testing;

import dev.ringback.application.port.out.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/** A clock that only moves when a test moves it. */
public final class FixedClock implements Clock {
    public static final Instant DEFAULT_START = Instant.parse("2025-01-15T10:00:00Z");

    private Instant now;

    public FixedClock() {
        this(DEFAULT_START);
    }

    public FixedClock(Instant start) {
        this.now = Objects.requireNonNull(start, "start");
    }

    @Override
    public synchronized Instant now() {
        return now;
    }

    public synchronized void set(Instant instant) {
        now = Objects.requireNonNull(instant, "instant");
    }

    /** Moves the clock forward and returns the new time. */
    public synchronized Instant advance(Duration by) {
        now = now.plus(by);
        return now;
    }
}
