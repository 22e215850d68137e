package dev.ringback.bootstrap.realgateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The dashboard's side of the gateway: its WebSocket, as the browser uses it (connect handshake,
 * {@code chat.send}, {@code chat.history}). A new instance is a page reload.
 */
final class GatewayWs implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final List<JsonNode> events = new CopyOnWriteArrayList<>();
    private final CompletableFuture<JsonNode> challenge = new CompletableFuture<>();
    private final AtomicInteger ids = new AtomicInteger();
    private WebSocket socket;
    private int protocol;

    private GatewayWs() {}

    static GatewayWs connect(int port, String gatewayToken) {
        GatewayWs ws = new GatewayWs();
        ws.socket = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5))
                .buildAsync(URI.create("ws://127.0.0.1:" + port + "/"), ws.new Listener())
                .orTimeout(10, TimeUnit.SECONDS).join();
        await(ws.challenge, Duration.ofSeconds(10), "connect.challenge");
        ObjectNode params = JSON.createObjectNode();
        params.put("minProtocol", 3).put("maxProtocol", 4);
        params.putObject("client").put("id", "gateway-client").put("mode", "backend").put("version", "ringback-e2e")
                .put("platform", "linux");
        params.put("role", "operator");
        params.putArray("scopes").add("operator.read").add("operator.write");
        params.putObject("auth").put("token", gatewayToken);
        JsonNode hello = ws.request("connect", params);
        ws.protocol = hello.path("protocol").asInt();
        return ws;
    }

    int protocol() {
        return protocol;
    }

    /** Sends a request and returns the response's payload; an {@code ok:false} answer fails. */
    JsonNode request(String method, ObjectNode params) {
        JsonNode response = call(method, params);
        if (!response.path("ok").asBoolean()) {
            throw new GatewayRefused(method + " refused: " + response.path("error"));
        }
        return response.path("payload");
    }

    private JsonNode call(String method, ObjectNode params) {
        String id = "e2e-" + ids.incrementAndGet();
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        pending.put(id, answer);
        ObjectNode frame = JSON.createObjectNode().put("type", "req").put("id", id).put("method", method);
        frame.set("params", params);
        socket.sendText(frame.toString(), true).orTimeout(10, TimeUnit.SECONDS).join();
        return await(answer, Duration.ofSeconds(60), method);
    }

    /** The user types a message in a conversation; returns when the agent's reply is final. */
    void chat(String sessionKey, String message, String idempotencyKey) {
        ObjectNode params = JSON.createObjectNode().put("sessionKey", sessionKey).put("message", message)
                .put("idempotencyKey", idempotencyKey);
        String runId = request("chat.send", params).path("runId").asText();
        Poll.until("the agent's final reply to run " + runId, Duration.ofSeconds(120), () -> events.stream()
                .filter(e -> e.path("event").asText().equals("chat"))
                .map(e -> e.path("payload"))
                .filter(p -> p.path("runId").asText().equals(runId))
                .anyMatch(p -> List.of("final", "error", "aborted").contains(p.path("state").asText())));
    }

    /** What a dashboard shows after a reload: the conversation's current transcript. */
    Transcript history(String sessionKey) {
        JsonNode payload = request("chat.history", JSON.createObjectNode().put("sessionKey", sessionKey).put("limit", 1000));
        List<Transcript.Message> messages = new ArrayList<>();
        for (JsonNode message : payload.path("messages")) {
            messages.add(new Transcript.Message(message.path("role").asText(), text(message.path("content"))));
        }
        return new Transcript(payload.path("sessionId").asText(""), messages);
    }

    private static String text(JsonNode content) {
        if (content.isTextual()) {
            return content.asText();
        }
        StringBuilder text = new StringBuilder();
        for (JsonNode part : content) {
            text.append(part.path("text").asText(""));
        }
        return text.toString();
    }

    private static JsonNode await(CompletableFuture<JsonNode> future, Duration timeout, String what) {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("no answer to " + what + " within " + timeout);
        } catch (ExecutionException e) {
            throw new AssertionError(what + " failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    @Override
    public void close() {
        socket.abort();
    }

    static final class GatewayRefused extends RuntimeException {
        GatewayRefused(String message) {
            super(message);
        }
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String frame = partial.toString();
                partial.setLength(0);
                handle(frame);
            }
            webSocket.request(1);
            return null;
        }

        private void handle(String frame) {
            JsonNode message;
            try {
                message = JSON.readTree(frame);
            } catch (JsonProcessingException e) {
                return;
            }
            if (message.path("type").asText().equals("res")) {
                CompletableFuture<JsonNode> answer = pending.remove(message.path("id").asText());
                if (answer != null) {
                    answer.complete(message);
                }
            } else if (message.path("type").asText().equals("event")) {
                if (message.path("event").asText().equals("connect.challenge")) {
                    challenge.complete(message);
                }
                events.add(message);
            }
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            challenge.completeExceptionally(error);
            pending.values().forEach(answer -> answer.completeExceptionally(error));
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            IllegalStateException closed = new IllegalStateException("gateway closed the socket: " + statusCode + " " + reason);
            challenge.completeExceptionally(closed);
            pending.values().forEach(answer -> answer.completeExceptionally(closed));
            return null;
        }
    }
}
