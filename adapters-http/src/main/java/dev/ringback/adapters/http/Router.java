package dev.ringback.adapters.http;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Exact-path routing: an unknown path is a 404, a known path with another method a 405. HEAD is
 * answered wherever GET is, by the GET handler (Undertow sends a HEAD answer's headers without its
 * body): health checks of load balancers often use it.
 */
final class Router implements HttpHandler {
    static final String NOT_FOUND = "Not found";
    static final String METHOD_NOT_ALLOWED = "Method not allowed";
    private static final String GET = "GET";
    private static final String HEAD = "HEAD";

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
        HttpHandler handler = methods == null ? null : handlerFor(methods, exchange.getRequestMethod().toString());
        return handler instanceof StartsOnIoThread && ((StartsOnIoThread) handler).startsOnIoThread();
    }

    private static HttpHandler handlerFor(Map<String, HttpHandler> methods, String method) {
        HttpHandler handler = methods.get(method);
        return handler == null && HEAD.equals(method) ? methods.get(GET) : handler;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        Map<String, HttpHandler> methods = byPath.get(exchange.getRequestPath());
        if (methods == null) {
            throw ApiError.of(404, NOT_FOUND);
        }
        HttpHandler handler = handlerFor(methods, exchange.getRequestMethod().toString());
        if (handler == null) {
            Set<String> allowed = new TreeSet<>(methods.keySet());
            if (allowed.contains(GET)) {
                allowed.add(HEAD);
            }
            exchange.getResponseHeaders().put(Headers.ALLOW, String.join(", ", allowed));
            throw ApiError.of(405, METHOD_NOT_ALLOWED);
        }
        handler.handleRequest(exchange);
    }
}
