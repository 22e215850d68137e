package dev.ringback.adapters.http;

import java.time.Duration;
import java.util.Objects;

/**
 * How many failed authentications one client (remote address) may make within a window before
 * it is refused with 429 for the rest of that window. The default is the OpenClaw gateway's own
 * rule (20 in 60 s). {@code maxFailures} 0 turns throttling off: behind a reverse proxy every
 * client shares the proxy's address, and an operator may prefer to throttle at the proxy.
 */
public record AuthThrottleSettings(int maxFailures, Duration window) {
    public static final AuthThrottleSettings DEFAULT = new AuthThrottleSettings(20, Duration.ofSeconds(60));
    public static final AuthThrottleSettings OFF = new AuthThrottleSettings(0, Duration.ofSeconds(60));

    public AuthThrottleSettings {
        Objects.requireNonNull(window, "window");
        if (maxFailures < 0) {
            throw new IllegalArgumentException("maxFailures cannot be negative");
        }
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("the window must be positive");
        }
    }

    boolean enabled() {
        return maxFailures > 0;
    }
}
