package dev.ringback.adapters.openclaw.testing;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * {@code POST {hooks.path}/agent} of a current (2026.9.6) gateway, with the checks in the
 * gateway's order (reference section 1) and the session policy of section 2.
 */
final class HookEndpoint {
    static final int BODY_LIMIT = 256 * 1024;
    static final int MAX_IDEMPOTENCY_KEY = 256;
    /** Fields that decide what a run does; a replay must repeat all of them. */
    private static final List<String> DISPATCH_FIELDS = List.of("message", "name", "sessionKey", "sessionMode",
            "wakeMode", "deliver", "channel", "to", "agentId", "model", "thinking", "timeoutSeconds", "waitForCompletion");
    private static final Set<String> SESSION_MODES = Set.of("isolated", "persistent");
    private static final Set<String> WAKE_MODES = Set.of("now", "next-heartbeat");

    private final FakeOpenClawGateway.Config config;
    private final GatewayState state;
    private final AuthFailureLimiter limiter;

    HookEndpoint(FakeOpenClawGateway.Config config, GatewayState state, AuthFailureLimiter limiter) {
        this.config = config;
        this.state = state;
        this.limiter = limiter;
    }

    void handle(HttpExchange exchange, byte[] body) throws IOException {
        if (Exchanges.query(exchange.getRequestURI().getRawQuery()).containsKey("token")) {
            Exchanges.text(exchange, 400, "Hook token must be sent in a header, not in the query string");
            return;
        }
        if (!"POST".equals(exchange.getRequestMethod())) {
            exchange.getResponseHeaders().set("Allow", "POST");
            Exchanges.text(exchange, 405, "Method Not Allowed");
            return;
        }
        String client = exchange.getRemoteAddress().getAddress().getHostAddress();
        Optional<Duration> lockout = limiter.lockout(client);
        if (lockout.isPresent()) {
            long seconds = Math.max(1, (lockout.get().toMillis() + 999) / 1000);
            exchange.getResponseHeaders().set("Retry-After", Long.toString(seconds));
            Exchanges.text(exchange, 429, "Too Many Requests");
            return;
        }
        Optional<String> token = presentedToken(exchange);
        if (token.isEmpty() || !Exchanges.sameSecret(token.get(), config.hookToken())) {
            limiter.recordFailure(client);
            Exchanges.text(exchange, 401, "Unauthorized");
            return;
        }
        if (body.length > BODY_LIMIT) {
            Exchanges.gatewayError(exchange, 413, "payload too large");
            return;
        }
        JsonNode payload;
        try {
            payload = Exchanges.MAPPER.readTree(body);
        } catch (IOException e) {
            Exchanges.gatewayError(exchange, 400, "invalid JSON body");
            return;
        }
        if (payload == null || !payload.isObject()) {
            Exchanges.gatewayError(exchange, 400, "payload must be a JSON object");
            return;
        }
        Optional<String> refusal = validate(payload);
        if (refusal.isPresent()) {
            Exchanges.gatewayError(exchange, 400, refusal.get());
            return;
        }
        Optional<String> idempotencyKey = idempotencyKey(exchange, payload);
        if (idempotencyKey.isPresent() && idempotencyKey.get().length() > MAX_IDEMPOTENCY_KEY) {
            Exchanges.gatewayError(exchange, 400, "idempotencyKey must be at most 256 characters");
            return;
        }
        admit(exchange, body, payload, token.get(), idempotencyKey);
    }

    private void admit(HttpExchange exchange, byte[] body, JsonNode payload, String token, Optional<String> idempotencyKey)
            throws IOException {
        boolean keyGiven = payload.hasNonNull("sessionKey");
        String sessionKey = keyGiven
                ? GatewaySessionKeys.canonical(payload.get("sessionKey").asText())
                // hooks.defaultSessionKey is unset: a throwaway session, the original bug.
                : GatewaySessionKeys.canonical("hook:" + UUID.randomUUID());
        boolean persistent = "persistent".equals(payload.path("sessionMode").asText("isolated"));
        String path = exchange.getRequestURI().getRawPath();
        Optional<String> fingerprint = idempotencyKey.map(key -> token + "\n" + path + "\n" + dispatchFields(payload) + "\n" + key);
        Map<String, Object> asMap = Exchanges.MAPPER.convertValue(payload, new TypeReference<Map<String, Object>>() {});
        Map<String, List<String>> headers = new LinkedHashMap<>(exchange.getRequestHeaders());
        GatewayState.Admission admission = state.admit(fingerprint, new GatewayState.RunRequest(sessionKey, persistent,
                idempotencyKey, asMap, body, headers, payload.get("message").asText(), payload.path("name").asText("Hook")));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("ok", true);
        answer.put("runId", admission.runId());
        Exchanges.json(exchange, 200, answer);
    }

    private Optional<String> validate(JsonNode payload) {
        JsonNode message = payload.get("message");
        if (message == null || !message.isTextual() || message.asText().isBlank()) {
            return Optional.of("message is required");
        }
        JsonNode channel = payload.get("channel");
        JsonNode to = payload.get("to");
        boolean hasChannel = channel != null && !channel.isNull();
        boolean hasTo = to != null && !to.isNull();
        if (hasChannel && "last".equalsIgnoreCase(channel.asText().trim())) {
            return Optional.of("channel \"last\" is not supported for /hooks/agent; omit channel and to");
        }
        if (hasChannel != hasTo) {
            return Optional.of("channel and to must be provided together");
        }
        JsonNode sessionKey = payload.get("sessionKey");
        if (sessionKey != null && !sessionKey.isNull()) {
            if (!config.allowRequestSessionKey()) {
                return Optional.of("sessionKey is disabled for externally supplied hook requests;"
                        + " set hooks.allowRequestSessionKey=true to enable it");
            }
            if (!sessionKey.isTextual() || sessionKey.asText().isBlank()) {
                return Optional.of("sessionKey must be a non-empty string");
            }
            if (!prefixAllowed(sessionKey.asText())) {
                return Optional.of("sessionKey must start with one of: " + String.join(", ", config.allowedSessionKeyPrefixes()));
            }
        }
        JsonNode sessionMode = payload.get("sessionMode");
        if (sessionMode != null && !sessionMode.isNull() && !SESSION_MODES.contains(sessionMode.asText())) {
            return Optional.of("sessionMode must be \"isolated\" or \"persistent\"");
        }
        JsonNode wakeMode = payload.get("wakeMode");
        if (wakeMode != null && !wakeMode.isNull() && !WAKE_MODES.contains(wakeMode.asText())) {
            return Optional.of("wakeMode must be \"now\" or \"next-heartbeat\"");
        }
        return Optional.empty();
    }

    /** Compared against the raw key, ignoring case, as the gateway does. */
    private boolean prefixAllowed(String rawKey) {
        if (config.allowedSessionKeyPrefixes().isEmpty()) {
            return true;
        }
        String lowered = rawKey.toLowerCase(Locale.ROOT);
        return config.allowedSessionKeyPrefixes().stream().anyMatch(p -> lowered.startsWith(p.toLowerCase(Locale.ROOT)));
    }

    /** A non-empty Bearer value wins even when wrong; otherwise {@code x-openclaw-token}. */
    private static Optional<String> presentedToken(HttpExchange exchange) {
        Optional<String> bearer = Exchanges.bearer(exchange);
        if (bearer.isPresent()) {
            return bearer;
        }
        return Optional.ofNullable(exchange.getRequestHeaders().getFirst("x-openclaw-token"))
                .map(String::trim)
                .filter(t -> !t.isEmpty());
    }

    private static Optional<String> idempotencyKey(HttpExchange exchange, JsonNode payload) {
        for (String header : List.of("Idempotency-Key", "X-OpenClaw-Idempotency-Key")) {
            String value = exchange.getRequestHeaders().getFirst(header);
            if (value != null && !value.isBlank()) {
                return Optional.of(value.trim());
            }
        }
        JsonNode field = payload.get("idempotencyKey");
        if (field != null && field.isTextual() && !field.asText().isBlank()) {
            return Optional.of(field.asText().trim());
        }
        return Optional.empty();
    }

    private static String dispatchFields(JsonNode payload) {
        ObjectNode fields = Exchanges.MAPPER.createObjectNode();
        for (String name : DISPATCH_FIELDS) {
            if (payload.has(name)) {
                fields.set(name, payload.get(name));
            }
        }
        return fields.toString();
    }
}
