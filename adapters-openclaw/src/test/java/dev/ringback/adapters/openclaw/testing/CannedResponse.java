package dev.ringback.adapters.openclaw.testing;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A fault to inject: the fake gateway serves it instead of its normal handling to the next
 * request whose path starts with {@link #pathPrefix()}, after {@link #delay()} (the server's own
 * wait, for timeout tests).
 */
public record CannedResponse(int status, Map<String, String> headers, String body, Duration delay, String pathPrefix) {
    public CannedResponse {
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(delay, "delay");
        Objects.requireNonNull(pathPrefix, "pathPrefix");
        headers = Map.copyOf(headers);
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("not an HTTP status: " + status);
        }
    }

    public static CannedResponse status(int status) {
        return new CannedResponse(status, Map.of("Content-Type", "text/plain; charset=utf-8"), "", Duration.ZERO, "/");
    }

    public static CannedResponse json(int status, String body) {
        return new CannedResponse(status, Map.of("Content-Type", "application/json; charset=utf-8"), body, Duration.ZERO, "/");
    }

    public CannedResponse withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new CannedResponse(status, more, body, delay, pathPrefix);
    }

    public CannedResponse delayedBy(Duration wait) {
        return new CannedResponse(status, headers, body, wait, pathPrefix);
    }

    public CannedResponse onlyFor(String prefix) {
        return new CannedResponse(status, headers, body, delay, prefix);
    }
}
