package dev.ringback.adapters.http;

import dev.ringback.application.port.out.Clock;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderValues;
import io.undertow.util.HttpString;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Failed-authentication throttling per client, as the OpenClaw gateway does it: a client's
 * window opens at its first failure; once it has failed {@code maxFailures} times in the window,
 * every authenticated request from it (right or wrong credentials, so guessing cannot go on) is
 * refused with 429 and {@code Retry-After} until the window ends. Successes are not counted.
 * Bland's webhooks are the exception: only a signature that fails is refused, because a valid
 * one cannot be guessed and others sharing Bland's address must not hold up real results.
 *
 * <p>The client is the TCP peer's address (an IPv6 one by its /64). Forwarding headers are
 * trusted only from the proxies the operator lists ({@link TrustedProxies}): from anyone else they
 * would buy a fresh budget per request.
 */
final class AuthThrottle {
    static final String TOO_MANY_FAILURES = "Too many failed authentication attempts; retry later";
    /** Above this many tracked clients, expired windows are swept so that memory stays bounded. */
    static final int SWEEP_ABOVE = 10_000;
    private static final HttpString X_FORWARDED_FOR = new HttpString("X-Forwarded-For");

    private final AuthThrottleSettings settings;
    private final Clock clock;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();
    private final LongAdder sweeps = new LongAdder();
    /** The size that triggers the next sweep; racing writers at worst sweep twice. */
    private volatile int sweepAbove = SWEEP_ABOVE;

    AuthThrottle(AuthThrottleSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    private record Window(Instant start, int failures) {}

    /** 429 with {@code Retry-After} when the client is blocked; nothing otherwise. */
    void checkAllowed(HttpServerExchange exchange) {
        if (windows.isEmpty()) {
            // Nobody failed lately, the usual case: the client's address text need not even be made.
            return;
        }
        retryAfter(client(exchange)).ifPresent(wait -> {
            exchange.getResponseHeaders().put(io.undertow.util.Headers.RETRY_AFTER, Long.toString(wait.toSeconds()));
            throw ApiError.of(429, TOO_MANY_FAILURES);
        });
    }

    void recordFailure(HttpServerExchange exchange) {
        recordFailure(client(exchange));
    }

    private String client(HttpServerExchange exchange) {
        InetSocketAddress source = exchange.getSourceAddress();
        if (source == null) {
            return "unknown";
        }
        HeaderValues forwarded = exchange.getRequestHeaders().get(X_FORWARDED_FOR);
        return settings.proxies().client(source, forwarded == null ? List.of() : forwarded);
    }

    /** How long the client must still wait, rounded up to whole seconds; empty if it may try. */
    Optional<Duration> retryAfter(String client) {
        if (!settings.enabled()) {
            return Optional.empty();
        }
        Window window = windows.get(client);
        Instant now = clock.now();
        if (window == null || window.failures() < settings.maxFailures()) {
            return Optional.empty();
        }
        Instant end = window.start().plus(settings.window());
        if (!now.isBefore(end)) {
            return Optional.empty();
        }
        long millis = Duration.between(now, end).toMillis();
        return Optional.of(Duration.ofSeconds(Math.max(1, (millis + 999) / 1000)));
    }

    void recordFailure(String client) {
        if (!settings.enabled()) {
            return;
        }
        Instant now = clock.now();
        windows.compute(client, (key, window) -> window == null || expired(window, now)
                ? new Window(now, 1)
                : new Window(window.start(), window.failures() + 1));
        if (windows.size() > sweepAbove) {
            windows.values().removeIf(window -> expired(window, now));
            sweeps.increment();
            // What is left is all open windows: sweeping again before the map doubles would walk
            // them all for nothing, on every failure (quadratic under many clients at once).
            sweepAbove = Math.max(SWEEP_ABOVE, 2 * windows.size());
        }
    }

    /** How many times the windows were swept: a test's view of the work done. */
    long sweeps() {
        return sweeps.sum();
    }

    int trackedClients() {
        return windows.size();
    }

    private boolean expired(Window window, Instant now) {
        return !now.isBefore(window.start().plus(settings.window()));
    }
}
