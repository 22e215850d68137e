package dev.ringback.adapters.http;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/** Exact-path routing: an unknown path is a 404, a known path with another method a 405. */
final class Router implements HttpHandler {
    static final String NOT_FOUND = "Not found";
    static final String METHOD_NOT_ALLOWED = "Method not allowed";

    private final Map<String, Map<String, HttpHandler>> byPath = new HashMap<>();

    Router(Collection<Route> routes) {
        for (Route route : routes) {
            // Sorted, so that the Allow header is stable.
            HttpHandler previous = byPath.computeIfAbsent(route.path(), path -> new TreeMap<>())
                    .putIfAbsent(route.method(), route.handler());
            if (previous != null) {
                throw new IllegalArgumentException("two routes for " + route.method() + " " + route.path());
            }
        }
    }

    /** Whether the request's handler begins it on the I/O thread ({@link StartsOnIoThread}). */
    boolean startsOnIoThread(HttpServerExchange exchange) {
        Map<String, HttpHandler> methods = byPath.get(exchange.getRequestPath());
        HttpHandler handler = methods == null ? null : methods.get(exchange.getRequestMethod().toString());
        return handler instanceof StartsOnIoThread && ((StartsOnIoThread) handler).startsOnIoThread();
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        Map<String, HttpHandler> methods = byPath.get(exchange.getRequestPath());
        if (methods == null) {
            throw ApiError.of(404, NOT_FOUND);
        }
        HttpHandler handler = methods.get(exchange.getRequestMethod().toString());
        if (handler == null) {
            exchange.getResponseHeaders().put(Headers.ALLOW, String.join(", ", methods.keySet()));
            throw ApiError.of(405, METHOD_NOT_ALLOWED);
        }
        handler.handleRequest(exchange);
    }
}
