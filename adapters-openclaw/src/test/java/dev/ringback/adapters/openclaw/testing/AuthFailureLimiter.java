package dev.ringback.adapters.openclaw.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The gateway's brute-force guard on hook tokens: after {@link #MAX_FAILURES} failures within a
 * {@link #WINDOW} from one client, that client is answered 429 for another window.
 */
final class AuthFailureLimiter {
    static final int MAX_FAILURES = 20;
    static final Duration WINDOW = Duration.ofSeconds(60);

    private final Clock clock;
    private final Map<String, Deque<Instant>> failures = new HashMap<>();
    private final Map<String, Instant> lockedUntil = new HashMap<>();

    AuthFailureLimiter(Clock clock) {
        this.clock = clock;
    }

    /** How long the client is still locked out, if it is. */
    synchronized Optional<Duration> lockout(String client) {
        Instant until = lockedUntil.get(client);
        Instant now = clock.instant();
        if (until == null || !now.isBefore(until)) {
            lockedUntil.remove(client);
            return Optional.empty();
        }
        return Optional.of(Duration.between(now, until));
    }

    synchronized void recordFailure(String client) {
        Instant now = clock.instant();
        Deque<Instant> recent = failures.computeIfAbsent(client, c -> new ArrayDeque<>());
        recent.addLast(now);
        while (!recent.isEmpty() && !recent.peekFirst().isAfter(now.minus(WINDOW))) {
            recent.removeFirst();
        }
        if (recent.size() >= MAX_FAILURES) {
            lockedUntil.put(client, now.plus(WINDOW));
            recent.clear();
        }
    }

    synchronized void reset() {
        failures.clear();
        lockedUntil.clear();
    }
}
