package dev.ringback.application.port.out;

import java.time.Instant;

/** The current time. Injected so that tests and the domain never read the wall clock directly. */
@FunctionalInterface
public interface Clock {
    Instant now();
}
