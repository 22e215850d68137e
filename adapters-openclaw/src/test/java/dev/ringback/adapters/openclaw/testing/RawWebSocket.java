package dev.ringback.adapters.openclaw.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A plain JDK WebSocket client for driving the double in its own tests: frames in, JSON out. */
final class RawWebSocket implements AutoCloseable {
    static final JsonNode CLOSED = Exchanges.MAPPER.createObjectNode().put("type", "closed");
    private final LinkedBlockingQueue<JsonNode> frames = new LinkedBlockingQueue<>();
    private final WebSocket socket;

    RawWebSocket(URI uri) {
        StringBuilder partial = new StringBuilder();
        try {
            socket = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(uri, new WebSocket.Listener() {
                @Override
                public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                    partial.append(data);
                    if (last) {
                        try {
                            frames.add(Exchanges.MAPPER.readTree(partial.toString()));
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                        partial.setLength(0);
                    }
                    ws.request(1);
                    return null;
                }

                @Override
                public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
                    frames.add(CLOSED);
                    return null;
                }

                @Override
                public void onError(WebSocket ws, Throwable error) {
                    frames.add(CLOSED);
                }
            }).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot connect to " + uri, e);
        }
    }

    void send(String json) {
        socket.sendText(json, true).join();
    }

    /** The next frame, or {@link #CLOSED}; fails the test after 5 s. */
    JsonNode next() {
        try {
            JsonNode frame = frames.poll(5, TimeUnit.SECONDS);
            if (frame == null) {
                throw new AssertionError("no frame within 5 s");
            }
            return frame;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The next response frame, skipping events. */
    JsonNode response() {
        while (true) {
            JsonNode frame = next();
            if (frame == CLOSED || "res".equals(frame.path("type").asText())) {
                return frame;
            }
        }
    }

    @Override
    public void close() {
        socket.abort();
    }
}
