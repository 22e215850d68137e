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
        sendWritten(exchange, status, written(body));
    }

    /** {@code body} as JSON, for an answer that never changes: written once, sent with {@link #sendWritten}. */
    static byte[] written(Object body) {
        try {
            return WRITER.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("response DTO " + body.getClass().getSimpleName() + " cannot be written", e);
        }
    }

    /** Sends JSON already written; the array is only read, so one may serve every request. */
    static void sendWritten(HttpServerExchange exchange, int status, byte[] json) {
        exchange.setStatusCode(status);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, CONTENT_TYPE);
        exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
        exchange.getResponseSender().send(ByteBuffer.wrap(json));
    }

    static void error(HttpServerExchange exchange, int status, String message) {
        send(exchange, status, new ErrorBody(message));
    }
}
