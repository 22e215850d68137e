package dev.ringback.adapters.http;

import java.time.Duration;
import java.util.Objects;

/**
 * How many failed authentications one client (remote address) may make within a window before
 * it is refused with 429 for the rest of that window. The default is the OpenClaw gateway's own
 * rule (20 in 60 s). {@code maxFailures} 0 turns throttling off. Behind a reverse proxy every
 * client has the proxy's address unless the proxy is listed in {@code proxies}: then the client
 * is the address the proxy forwards for ({@link TrustedProxies}).
 */
public record AuthThrottleSettings(int maxFailures, Duration window, TrustedProxies proxies) {
    public static final AuthThrottleSettings DEFAULT = new AuthThrottleSettings(20, Duration.ofSeconds(60));
    public static final AuthThrottleSettings OFF = new AuthThrottleSettings(0, Duration.ofSeconds(60));

    /** Clients by their TCP peer address, no proxy trusted. */
    public AuthThrottleSettings(int maxFailures, Duration window) {
        this(maxFailures, window, TrustedProxies.NONE);
    }

    public AuthThrottleSettings {
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(proxies, "proxies");
        if (maxFailures < 0) {
            throw new IllegalArgumentException("maxFailures cannot be negative");
        }
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("the window must be positive");
        }
    }

    /** These settings, with clients behind {@code proxies} told apart. */
    public AuthThrottleSettings behindProxies(TrustedProxies proxies) {
        return new AuthThrottleSettings(maxFailures, window, proxies);
    }

    boolean enabled() {
        return maxFailures > 0;
    }
}
