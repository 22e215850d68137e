package dev.ringback.bench;

import io.undertow.Undertow;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The user's OpenClaw gateway, reduced to what a benchmark needs: it accepts every hook and
 * every file upload at once with the answers Ringback counts as delivered, and notes when each
 * call's notification arrived (System.nanoTime, the load generator's clock).
 */
final class GatewayDouble implements AutoCloseable {
    static final String HOOK_PREFIX = "ringback-call-";
    private static final ByteBuffer ANSWER = ByteBuffer.wrap(
            "{\"ok\":true,\"runId\":\"bench-run\",\"success\":true,\"size\":1}".getBytes(StandardCharsets.US_ASCII));

    private final Undertow server;
    private final int port;
    final Map<String, Long> notifiedAt = new ConcurrentHashMap<>();
    final AtomicLong requests = new AtomicLong();
    final AtomicLong firstAt = new AtomicLong(Long.MAX_VALUE);
    final AtomicLong lastAt = new AtomicLong(Long.MIN_VALUE);

    GatewayDouble() {
        server = Undertow.builder()
                .setIoThreads(1)
                .addHttpListener(0, "127.0.0.1")
                .setHandler(this::handle)
                .build();
        server.start();
        port = ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
    }

    int port() {
        return port;
    }

    private void handle(HttpServerExchange exchange) {
        exchange.getRequestReceiver().receiveFullBytes((ex, body) -> {
            long now = System.nanoTime();
            requests.incrementAndGet();
            firstAt.accumulateAndGet(now, Math::min);
            lastAt.accumulateAndGet(now, Math::max);
            String key = ex.getRequestHeaders().getFirst("Idempotency-Key");
            if (key != null && key.startsWith(HOOK_PREFIX)) {
                notifiedAt.putIfAbsent(key.substring(HOOK_PREFIX.length()), now);
            }
            ex.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
            ex.getResponseSender().send(ANSWER.duplicate());
        });
    }

    void reset() {
        notifiedAt.clear();
        requests.set(0);
        firstAt.set(Long.MAX_VALUE);
        lastAt.set(Long.MIN_VALUE);
    }

    @Override
    public void close() {
        server.stop();
    }
}
