package dev.ringback.adapters.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ringback.application.port.in.PlaceCallOnceUseCase.Outcome;
import dev.ringback.application.port.in.PlaceCallOnceUseCase.StoredAnswer;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.function.Consumer;

/**
 * The HTTP side of {@code Idempotency-Key} on call placement: answers are rendered once, kept as
 * JSON text, and sent again byte for byte to a repeat.
 */
final class IdempotentAnswers {
    /** Tells a client that this answer is the stored answer of an earlier request. */
    static final HttpString REPLAYED = new HttpString("Idempotent-Replayed");
    static final String KEY_REUSED = "Idempotency-Key was already used with a different request";
    /** Names the endpoint that lists recent calls: the unfinished request never gave the agent a call id. */
    static final String IN_PROGRESS = "A request with this Idempotency-Key has not finished;"
            + " check recent_calls in GET " + UsageHandler.PATH + " before placing it again with a new key";
    private static final ObjectMapper WRITER = new ObjectMapper();

    private IdempotentAnswers() {}

    /** Where an answer goes: straight to the client, or into the store first. */
    interface Sink {
        void send(int status, Object body);
    }

    record Direct(HttpServerExchange exchange) implements Sink {
        @Override
        public void send(int status, Object body) {
            JsonResponses.send(exchange, status, body);
        }
    }

    private static final class Capturing implements Sink {
        private StoredAnswer answer;

        @Override
        public void send(int status, Object body) {
            answer = new StoredAnswer(status, json(body));
        }
    }

    static StoredAnswer capture(HttpServerExchange exchange, Consumer<Sink> render) {
        Capturing sink = new Capturing();
        render.accept(sink);
        if (sink.answer == null) {
            throw new IllegalStateException("the placement rendered no answer");
        }
        return sink.answer;
    }

    /** The request as the API understood it, so that formatting differences are not "a different request". */
    static String fingerprint(Object request) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(json(request).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    static void send(HttpServerExchange exchange, Outcome outcome) {
        if (outcome instanceof Outcome.Answer) {
            Outcome.Answer answer = (Outcome.Answer) outcome;
            if (answer.repeated()) {
                exchange.getResponseHeaders().put(REPLAYED, "true");
            }
            exchange.setStatusCode(answer.answer().status());
            exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, JsonResponses.CONTENT_TYPE);
            exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
            exchange.getResponseSender().send(ByteBuffer.wrap(answer.answer().body().getBytes(StandardCharsets.UTF_8)));
        } else if (outcome instanceof Outcome.KeyReused) {
            JsonResponses.error(exchange, 422, KEY_REUSED);
        } else {
            JsonResponses.error(exchange, 409, IN_PROGRESS);
        }
    }

    private static String json(Object value) {
        try {
            return WRITER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName(), e);
        }
    }
}
