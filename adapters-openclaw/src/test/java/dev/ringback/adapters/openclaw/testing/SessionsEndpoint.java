package dev.ringback.adapters.openclaw.testing;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code GET /sessions/<urlencoded key>/history} with the gateway token: how a dashboard reads a conversation. */
final class SessionsEndpoint {
    private final FakeOpenClawGateway.Config config;
    private final GatewayState state;

    SessionsEndpoint(FakeOpenClawGateway.Config config, GatewayState state) {
        this.config = config;
        this.state = state;
    }

    static boolean matches(String rawPath) {
        return rawPath.startsWith("/sessions/") && rawPath.endsWith("/history")
                && rawPath.length() > "/sessions//history".length()
                && rawPath.indexOf('/', "/sessions/".length()) == rawPath.length() - "/history".length();
    }

    void handle(HttpExchange exchange) throws IOException {
        if (!"GET".equals(exchange.getRequestMethod())) {
            exchange.getResponseHeaders().set("Allow", "GET");
            Exchanges.text(exchange, 405, "Method Not Allowed");
            return;
        }
        Optional<String> token = Exchanges.bearer(exchange);
        if (token.isEmpty() || !Exchanges.sameSecret(token.get(), config.gatewayToken())) {
            Exchanges.text(exchange, 401, "Unauthorized");
            return;
        }
        String rawPath = exchange.getRequestURI().getRawPath();
        String rawKey = rawPath.substring("/sessions/".length(), rawPath.length() - "/history".length());
        String key = GatewaySessionKeys.canonical(Exchanges.decodePathSegment(rawKey));
        List<Map<String, String>> messages = state.history(key).stream()
                .map(entry -> Map.of("role", entry.role(), "content", entry.text()))
                .toList();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("sessionKey", key);
        body.put("messages", messages);
        Exchanges.json(exchange, 200, body);
    }
}
