package dev.ringback.adapters.openclaw;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import javax.net.ssl.SSLException;

/**
 * One WebSocket connection to a gateway, speaking its frame protocol: {@code req} frames out,
 * {@code res} and {@code event} frames in. Incoming frames are queued and read with a deadline,
 * so the caller decides how long each step may take. Not thread-safe: one notifier attempt owns it.
 */
final class GatewayConnection implements AutoCloseable {
    /** A frame the gateway sent, or the end of the connection. */
    sealed interface Incoming permits Frame, Closed {}

    record Frame(JsonNode json) implements Incoming {}

    record Closed(String why) implements Incoming {}

    /** Why reading stopped without the frame asked for. */
    enum Stop { TIMEOUT, CLOSED }

    static final class Failure extends Exception {
        private final Stop stop;
        private final transient GatewayAnswer.Response upgradeAnswer;

        Failure(Stop stop, String detail) {
            this(stop, detail, null);
        }

        private Failure(Stop stop, String detail, GatewayAnswer.Response upgradeAnswer) {
            super(detail, null, false, false);
            this.stop = stop;
            this.upgradeAnswer = upgradeAnswer;
        }

        Stop stop() {
            return stop;
        }

        /** The HTTP answer the machine gave instead of switching to WebSocket (404, 503...), if that is what failed. */
        Optional<GatewayAnswer.Response> upgradeAnswer() {
            return Optional.ofNullable(upgradeAnswer);
        }
    }

    private static final int MAX_FRAME_CHARS = 16 * 1024 * 1024;
    private static final int MAX_UNREAD = 256;

    private final LinkedBlockingQueue<Incoming> incoming = new LinkedBlockingQueue<>();
    /** Frames read while waiting for another one (e.g. an event before a response); later reads see them first. */
    private final List<JsonNode> unread = new ArrayList<>();
    private final AtomicInteger ids = new AtomicInteger();
    private final WebSocket socket;
    private volatile boolean closed;

    private GatewayConnection(HttpClient client, URI uri, Duration connectTimeout) throws Failure {
        Listener listener = new Listener();
        CompletableFuture<WebSocket> opening = client.newWebSocketBuilder()
                .connectTimeout(connectTimeout)
                .buildAsync(uri, listener);
        try {
            // The builder's timeout covers the TCP connect; this one also covers a stalled upgrade.
            this.socket = opening.get(connectTimeout.toMillis() * 2, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            opening.cancel(true);
            throw new Failure(Stop.CLOSED, "interrupted");
        } catch (TimeoutException e) {
            opening.cancel(true);
            throw new Failure(Stop.TIMEOUT, "timed out waiting for the upgrade answer");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException) {
                // The machine answered, just not with a WebSocket: its status says whether a retry can help.
                HttpResponse<?> answer = ((WebSocketHandshakeException) e.getCause()).getResponse();
                throw new Failure(Stop.CLOSED, "websocket upgrade answered " + answer.statusCode(),
                        new GatewayAnswer.Response(answer.statusCode(), answer.headers(), new byte[0]));
            }
            throw new Failure(Stop.CLOSED, reason(e.getCause()));
        }
    }

    /**
     * Why a connection failed, in words an operator can act on. The JDK wraps its causes (an unknown
     * host is a ConnectException caused by an UnresolvedAddressException, a connect timeout is
     * caused by a ConnectException), so the whole chain is read, most telling cause first. Never a
     * class name: "ConnectException" tells an operator nothing.
     */
    static String reason(Throwable failure) {
        List<Throwable> chain = new ArrayList<>();
        for (Throwable t = failure; t != null && !chain.contains(t) && chain.size() < 16; t = t.getCause()) {
            chain.add(t);
        }
        if (chain.stream().anyMatch(t -> t instanceof UnresolvedAddressException || t instanceof UnknownHostException)) {
            return "unknown host";
        }
        if (chain.stream().anyMatch(t -> t instanceof SSLException)) {
            // Its message can name certificate-path classes; the operator needs to know it was TLS.
            return "TLS handshake failed";
        }
        if (chain.stream().anyMatch(t -> t instanceof HttpConnectTimeoutException)) {
            return "connection timed out";
        }
        if (chain.stream().anyMatch(t -> t instanceof HttpTimeoutException)) {
            return "timed out";
        }
        if (chain.stream().anyMatch(t -> t instanceof ConnectException)) {
            return "connection refused";
        }
        // A wrapper's message is its cause's toString(), class name included: the cause's own message is wanted.
        return chain.stream()
                .filter(t -> t.getMessage() != null && !t.getMessage().isBlank()
                        && (t.getCause() == null || !t.getMessage().equals(t.getCause().toString())))
                .map(t -> t.getMessage().strip().lines().findFirst().orElse(""))
                .findFirst()
                .orElse("connection failed");
    }

    /**
     * The WebSocket URL as it may be shown to an operator or stored in a delivery's error: scheme,
     * host, port and path, without user info, query or fragment, where a credential could be.
     */
    static String shown(URI uri) {
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() == -1 ? "" : ":" + uri.getPort())
                + (uri.getRawPath() == null ? "" : uri.getRawPath());
    }

    static GatewayConnection open(HttpClient client, URI uri, Duration connectTimeout) throws Failure {
        return new GatewayConnection(client, uri, connectTimeout);
    }

    /** Sends a request and returns its id. */
    String request(String method, ObjectNode params) throws Failure {
        String id = "rb-" + ids.incrementAndGet();
        ObjectNode frame = Json.object();
        frame.put("type", "req");
        frame.put("id", id);
        frame.put("method", method);
        frame.set("params", params);
        try {
            socket.sendText(new String(Json.bytes(frame), StandardCharsets.UTF_8), true).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Failure(Stop.CLOSED, "interrupted");
        } catch (ExecutionException | TimeoutException e) {
            throw new Failure(Stop.CLOSED, "send failed");
        }
        return id;
    }

    /** The answer to request {@code id}. */
    JsonNode response(String id, Instant deadline) throws Failure {
        return next(frame -> "res".equals(frame.path("type").asText()) && id.equals(frame.path("id").asText()), deadline);
    }

    /** The next event named {@code name} whose payload matches. */
    JsonNode event(String name, Predicate<JsonNode> payload, Instant deadline) throws Failure {
        return next(frame -> "event".equals(frame.path("type").asText()) && name.equals(frame.path("event").asText())
                && payload.test(frame.path("payload")), deadline);
    }

    /** The first frame that matches, from those already read or arriving before the deadline. */
    private JsonNode next(Predicate<JsonNode> wanted, Instant deadline) throws Failure {
        for (Iterator<JsonNode> it = unread.iterator(); it.hasNext(); ) {
            JsonNode frame = it.next();
            if (wanted.test(frame)) {
                it.remove();
                return frame;
            }
        }
        while (true) {
            long waitMillis = Duration.between(Instant.now(), deadline).toMillis();
            Incoming item;
            try {
                item = waitMillis <= 0 ? incoming.poll() : incoming.poll(waitMillis, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Failure(Stop.CLOSED, "interrupted");
            }
            if (item == null) {
                throw new Failure(Stop.TIMEOUT, "timed out");
            }
            if (item instanceof Closed) {
                incoming.add(item); // stays visible to any later read
                throw new Failure(Stop.CLOSED, ((Closed) item).why());
            }
            JsonNode frame = ((Frame) item).json();
            if (wanted.test(frame)) {
                return frame;
            }
            // Ticks and other sessions' events are never wanted; keeping them all would only grow.
            if (unread.size() < MAX_UNREAD) {
                unread.add(frame);
            }
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done")
                    .orTimeout(2, TimeUnit.SECONDS)
                    .whenComplete((ignored, failure) -> socket.abort());
        }
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public void onOpen(WebSocket webSocket) {
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            if (partial.length() + data.length() > MAX_FRAME_CHARS) {
                incoming.add(new Closed("frame too large"));
                webSocket.abort();
                return null;
            }
            partial.append(data);
            if (last) {
                Optional<JsonNode> json = Json.parse(partial.toString().getBytes(StandardCharsets.UTF_8));
                partial.setLength(0);
                json.ifPresent(node -> incoming.add(new Frame(node)));
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            incoming.add(new Closed("closed by gateway (" + statusCode + ")"));
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            incoming.add(new Closed("connection lost: " + reason(error)));
        }
    }
}
