package dev.ringback.bootstrap;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code serve}'s start and its stop, for a SIGTERM that comes while the server is still starting.
 * The database is open from early in a start (migrations, the run marker), so a stop that found
 * nothing to close left the marker behind, and the next start read it as a crash: a warning and
 * deliveries resent with a history check, for nothing. Here the stop waits for the start to end
 * and closes what it started; a stop before the start means there is none.
 */
final class ServerStart<S extends AutoCloseable> {
    private final Object lock = new Object();
    private S started;
    private boolean stopping;

    /** Runs {@code start} unless a stop came first; a stop meanwhile waits for it. */
    Optional<S> start(Supplier<S> start) {
        synchronized (lock) {
            if (stopping) {
                return Optional.empty();
            }
            started = start.get();
            return Optional.of(started);
        }
    }

    /** Closes what started (after a start in progress has ended), and keeps any later start from running. */
    void stop() throws Exception {
        synchronized (lock) {
            stopping = true;
            if (started != null) {
                started.close();
            }
        }
    }
}
