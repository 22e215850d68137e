package dev.ringback.adapters.http;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;

/**
 * Tells browsers never to guess a response's type: an error body echoing a client's text (a task,
 * a session key) must be read as the JSON it says it is, never sniffed as HTML and run. Set before
 * anything else runs, so that every answer carries it, whoever writes it: a handler, the error
 * handler, the router's 404 and 405, or Undertow's own 503 while draining.
 */
final class NoSniff implements HttpHandler {
    private final HttpHandler next;

    NoSniff(HttpHandler next) {
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        exchange.getResponseHeaders().put(Headers.X_CONTENT_TYPE_OPTIONS, "nosniff");
        next.handleRequest(exchange);
    }
}
