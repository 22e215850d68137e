package dev.ringback.adapters.http.bland.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A small webhook endpoint on 127.0.0.1 for tests: it records every POST and answers with the
 * next scripted status (200 once the script is used up).
 */
public final class WebhookReceiver implements AutoCloseable {
    public static final String PATH = "/api/webhooks/bland/status";

    /** One POST as received. {@code header} looks names up case-insensitively. */
    public record Delivery(Function<String, Optional<String>> header, byte[] body) {}

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "webhook-receiver");
        thread.setDaemon(true);
        return thread;
    });
    private final BlockingQueue<Delivery> deliveries = new LinkedBlockingQueue<>();
    private final Queue<Integer> script = new ConcurrentLinkedQueue<>();

    private WebhookReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.createContext(PATH, this::handle);
        server.start();
    }

    public static WebhookReceiver start() {
        try {
            return new WebhookReceiver();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + PATH);
    }

    /** The next POSTs get these statuses, in order. */
    public WebhookReceiver answer(int... statuses) {
        for (int status : statuses) {
            script.add(status);
        }
        return this;
    }

    /** The next delivery, waiting at most {@code timeout}; fails the test when none arrives. */
    public Delivery await(Duration timeout) {
        try {
            Delivery delivery = deliveries.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (delivery == null) {
                throw new AssertionError("no webhook delivery within " + timeout);
            }
            return delivery;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** Deliveries received and not yet awaited. */
    public int pending() {
        return deliveries.size();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange; InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readAllBytes();
            var headers = exchange.getRequestHeaders();
            deliveries.add(new Delivery(name -> Optional.ofNullable(headers.getFirst(name)), body));
            int status = Optional.ofNullable(script.poll()).orElse(200);
            exchange.sendResponseHeaders(status, -1);
        }
    }
}
