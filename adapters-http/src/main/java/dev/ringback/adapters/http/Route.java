package dev.ringback.adapters.http;

import io.undertow.server.HttpHandler;
import java.util.Locale;
import java.util.Objects;

/**
 * One endpoint: an exact path and a method. Modules contribute routes into a set (Dagger
 * {@code @IntoSet}), so an embedding application can add its own next to Ringback's.
 *
 * <p>The handler runs on a worker thread in blocking mode, inside the server's error handling:
 * it may block and may throw; a thrown exception becomes a JSON error body.
 */
public record Route(String method, String path, HttpHandler handler) {
    public Route {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(handler, "handler");
        if (method.isBlank() || !method.chars().allMatch(c -> c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z')) {
            throw new IllegalArgumentException("an HTTP method is a word of letters: " + method);
        }
        method = method.toUpperCase(Locale.ROOT);
        if (!path.startsWith("/") || path.contains("?") || path.contains("#")) {
            throw new IllegalArgumentException("a route path starts with '/' and has no query or fragment: " + path);
        }
    }

    public static Route get(String path, HttpHandler handler) {
        return new Route("GET", path, handler);
    }

    public static Route post(String path, HttpHandler handler) {
        return new Route("POST", path, handler);
    }
}
