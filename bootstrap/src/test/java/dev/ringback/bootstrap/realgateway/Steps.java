package dev.ringback.bootstrap.realgateway;

import java.time.Duration;
import java.time.Instant;

/** Prints how long each step took, so the suite's run time can be measured and explained. */
final class Steps {
    private Instant last = Instant.now();
    private final Instant first = last;

    void done(String step) {
        Instant now = Instant.now();
        System.out.printf("[real-gateway] %-55s %6.1f s (total %6.1f s)%n", step,
                Duration.between(last, now).toMillis() / 1000.0, Duration.between(first, now).toMillis() / 1000.0);
        last = now;
    }
}
