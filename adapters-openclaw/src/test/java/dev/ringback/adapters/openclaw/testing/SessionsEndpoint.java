package dev.ringback.adapters.openclaw.testing;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /sessions/<urlencoded key>/history[?limit=N]} with the gateway token: how a dashboard
 * reads a conversation. As 2026.9.6: a session with no transcript is 404, {@code limit} keeps the
 * newest N messages and must be a positive integer (400 otherwise).
 */
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
        Optional<Integer> limit = limit(exchange.getRequestURI().getRawQuery());
        if (limit.isPresent() && limit.get() <= 0) {
            Exchanges.json(exchange, 400, Map.of("ok", false,
                    "error", Map.of("type", "invalid_request", "message", "limit must be a positive integer")));
            return;
        }
        List<HistoryEntry> entries = state.history(key);
        if (entries.isEmpty()) {
            Exchanges.json(exchange, 404, Map.of("ok", false,
                    "error", Map.of("type", "not_found", "message", "Session not found: " + key)));
            return;
        }
        // The real route reads at most 1,000 messages, whatever the limit asks for.
        int from = limit.map(n -> Math.max(0, entries.size() - Math.min(n, MAX_LIMIT))).orElse(0);
        List<Map<String, String>> messages = entries.subList(from, entries.size()).stream()
                .map(entry -> Map.of("role", entry.role(), "content", entry.text()))
                .toList();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("sessionKey", key);
        body.put("messages", messages);
        Exchanges.json(exchange, 200, body);
    }

    static final int MAX_LIMIT = 1_000;

    /** Empty without a limit; a value that is not a positive integer comes back as 0 (refused). */
    private static Optional<Integer> limit(String rawQuery) {
        if (rawQuery == null) {
            return Optional.empty();
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.startsWith("limit=")) {
                String value = pair.substring("limit=".length());
                return Optional.of(value.matches("[1-9]\\d{0,5}") ? Integer.parseInt(value) : 0);
            }
        }
        return Optional.empty();
    }
}
