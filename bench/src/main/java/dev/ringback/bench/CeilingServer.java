package dev.ringback.bench;

import io.undertow.Undertow;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.BlockingHandler;
import io.undertow.util.Headers;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;

/**
 * The ceiling: Undertow with the server's threading (a blocking worker thread per request) and
 * nothing else. It reads the whole request body and answers 200 with a small JSON body, as
 * Ringback's webhook does; whatever Ringback does beyond this is what the ratios measure.
 */
public final class CeilingServer {
    private CeilingServer() {}

    public static void main(String[] args) throws InterruptedException {
        Undertow server = Undertow.builder()
                .addHttpListener(0, "127.0.0.1")
                .setHandler(new BlockingHandler(CeilingServer::handle))
                .build();
        server.start();
        int port = ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
        System.out.println("ceiling listening on " + port);
        System.out.flush();
        Thread.currentThread().join();
    }

    private static void handle(HttpServerExchange exchange) throws IOException {
        byte[] buffer = new byte[8192];
        try (InputStream in = exchange.getInputStream()) {
            while (in.read(buffer) >= 0) {
                // drain the body
            }
        }
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
        exchange.getResponseSender().send("{\"ok\":true}");
    }
}
