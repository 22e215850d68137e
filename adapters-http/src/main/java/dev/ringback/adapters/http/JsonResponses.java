package dev.ringback.adapters.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.nio.ByteBuffer;

/** Writes response DTOs. Every answer of the API, success or failure, is JSON. */
final class JsonResponses {
    static final String CONTENT_TYPE = "application/json";

    // Writing needs no configuration that could differ between deployments, so one is enough.
    private static final ObjectMapper WRITER = new ObjectMapper();

    private JsonResponses() {}

    static void send(HttpServerExchange exchange, int status, Object body) {
        byte[] bytes;
        try {
            bytes = WRITER.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("response DTO " + body.getClass().getSimpleName() + " cannot be written", e);
        }
        exchange.setStatusCode(status);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, CONTENT_TYPE);
        exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
        exchange.getResponseSender().send(ByteBuffer.wrap(bytes));
    }

    static void error(HttpServerExchange exchange, int status, String message) {
        send(exchange, status, new ErrorBody(message));
    }
}
