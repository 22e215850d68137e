package dev.ringback.adapters.openclaw.testing;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The hosted platform's file server beside the gateway (reference section 5): upload and read. */
final class FileServerEndpoint {
    static final String ROOT = "/home/node/.openclaw";
    static final String UPLOAD = "/files/upload";
    static final String READ = "/files/read";

    private final FakeOpenClawGateway.Config config;
    private final GatewayState state;

    FileServerEndpoint(FakeOpenClawGateway.Config config, GatewayState state) {
        this.config = config;
        this.state = state;
    }

    void upload(HttpExchange exchange, byte[] body) throws IOException {
        Optional<String> path = authorisedPath(exchange, "POST");
        if (path.isEmpty()) {
            return;
        }
        state.storeFile(path.get(), new String(body, StandardCharsets.UTF_8));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("success", true);
        answer.put("path", path.get());
        answer.put("size", body.length);
        Exchanges.json(exchange, 200, answer);
    }

    void read(HttpExchange exchange) throws IOException {
        Optional<String> path = authorisedPath(exchange, "GET");
        if (path.isEmpty()) {
            return;
        }
        Optional<String> content = state.file(path.get());
        if (content.isEmpty()) {
            error(exchange, 404, "file not found");
            return;
        }
        Exchanges.send(exchange, 200, "text/plain; charset=utf-8", content.get().getBytes(StandardCharsets.UTF_8));
    }

    /** Method, gateway token and path checks; answers the request itself when one fails. */
    private Optional<String> authorisedPath(HttpExchange exchange, String method) throws IOException {
        if (!method.equals(exchange.getRequestMethod())) {
            exchange.getResponseHeaders().set("Allow", method);
            error(exchange, 405, "method not allowed");
            return Optional.empty();
        }
        Optional<String> token = Exchanges.bearer(exchange);
        if (token.isEmpty() || !Exchanges.sameSecret(token.get(), config.gatewayToken())) {
            error(exchange, 401, "unauthorized");
            return Optional.empty();
        }
        String path = Exchanges.query(exchange.getRequestURI().getRawQuery()).getOrDefault("path", "");
        if (path.isEmpty()) {
            error(exchange, 400, "path is required");
            return Optional.empty();
        }
        if (path.contains("..") || !(path.equals(ROOT) || path.startsWith(ROOT + "/"))) {
            error(exchange, 400, "path must be under " + ROOT);
            return Optional.empty();
        }
        return Optional.of(path);
    }

    private static void error(HttpExchange exchange, int status, String message) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("success", false);
        body.put("error", message);
        Exchanges.json(exchange, status, body);
    }
}
