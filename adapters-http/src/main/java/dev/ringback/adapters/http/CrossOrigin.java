package dev.ringback.adapters.http;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderMap;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import java.util.Set;

/**
 * Lets a dashboard served from another origin call the user API ({@code /api/user/...}) from the
 * browser: the platform's dashboard was same-origin with its API, and a Ringback behind another
 * host name is not. Only the origins the operator lists get the headers, and credentials (the
 * dashboard's bearer token or session cookie) are allowed for them alone, never for any origin.
 * A preflight from a listed origin is answered here, before routing; any other request goes on
 * as before, with the headers added when its origin is listed.
 */
final class CrossOrigin implements HttpHandler {
    static final String SCOPE = "/api/user/";
    static final HttpString ALLOW_ORIGIN = new HttpString("Access-Control-Allow-Origin");
    static final HttpString ALLOW_CREDENTIALS = new HttpString("Access-Control-Allow-Credentials");
    static final HttpString ALLOW_METHODS = new HttpString("Access-Control-Allow-Methods");
    static final HttpString ALLOW_HEADERS = new HttpString("Access-Control-Allow-Headers");
    static final HttpString EXPOSE_HEADERS = new HttpString("Access-Control-Expose-Headers");
    static final HttpString MAX_AGE = new HttpString("Access-Control-Max-Age");
    static final HttpString REQUEST_METHOD = new HttpString("Access-Control-Request-Method");
    private static final HttpString ORIGIN = new HttpString("Origin");
    /** What the user API takes: its methods, and the headers its clients send besides the simple ones. */
    static final String METHODS = "GET, POST";
    static final String HEADERS = "Authorization, Content-Type, Idempotency-Key, X-Api-Key";
    /** What a script may read of an answer beyond the simple headers. */
    static final String EXPOSED = "Idempotent-Replayed, Retry-After";

    private final HttpHandler next;
    private final Set<String> allowedOrigins;

    CrossOrigin(HttpHandler next, Set<String> allowedOrigins) {
        this.next = next;
        this.allowedOrigins = Set.copyOf(allowedOrigins);
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        String origin = exchange.getRequestHeaders().getFirst(ORIGIN);
        if (origin == null || !exchange.getRequestPath().startsWith(SCOPE)) {
            next.handleRequest(exchange);
            return;
        }
        HeaderMap answer = exchange.getResponseHeaders();
        answer.add(Headers.VARY, "Origin");
        if (!allowedOrigins.contains(origin)) {
            next.handleRequest(exchange);
            return;
        }
        answer.put(ALLOW_ORIGIN, origin);
        answer.put(ALLOW_CREDENTIALS, "true");
        if (exchange.getRequestMethod().equals(Methods.OPTIONS) && exchange.getRequestHeaders().contains(REQUEST_METHOD)) {
            answer.put(ALLOW_METHODS, METHODS);
            answer.put(ALLOW_HEADERS, HEADERS);
            answer.put(MAX_AGE, "600");
            exchange.setStatusCode(204);
            exchange.endExchange();
            return;
        }
        answer.put(EXPOSE_HEADERS, EXPOSED);
        next.handleRequest(exchange);
    }
}
