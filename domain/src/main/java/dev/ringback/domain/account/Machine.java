package dev.ringback.domain.account;

import dev.ringback.domain.InvalidInputException;
import dev.ringback.domain.session.SessionKey;
import java.net.URI;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A user's OpenClaw gateway as Ringback reaches it: its base URL, the gateway token the agent
 * presents to us (and that the machine's file server accepts), the dedicated hook token, which
 * agents it runs and which notification route its gateway version needs.
 */
public record Machine(
        MachineId id,
        UserId userId,
        URI appUrl,
        Secret gatewayToken,
        Secret hookToken,
        String hooksPath,
        Set<String> allowedAgentIds,
        NotifierRoute route,
        Optional<SessionKey> lastReportedSession,
        String websocketPath,
        boolean fileServer) {

    public static final String DEFAULT_HOOKS_PATH = "/hooks";
    /** A bare gateway takes WebSocket upgrades at its root; the hosted platform exposes them at {@code /ws}. */
    public static final String DEFAULT_WEBSOCKET_PATH = "/";
    public static final String HOSTED_WEBSOCKET_PATH = "/ws";
    /** Every machine of the hosted platform is an app {@code <name>.fly.dev}. */
    private static final String HOSTED_DOMAIN = ".fly.dev";

    public Machine {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(appUrl, "appUrl");
        Objects.requireNonNull(gatewayToken, "gatewayToken");
        Objects.requireNonNull(hookToken, "hookToken");
        Objects.requireNonNull(hooksPath, "hooksPath");
        Objects.requireNonNull(route, "route");
        Objects.requireNonNull(lastReportedSession, "lastReportedSession");
        Objects.requireNonNull(websocketPath, "websocketPath");
        allowedAgentIds = Set.copyOf(allowedAgentIds);
        String scheme = appUrl.getScheme();
        if (!"https".equalsIgnoreCase(scheme) && !"http".equalsIgnoreCase(scheme) || appUrl.getHost() == null) {
            throw new InvalidInputException("the machine's app URL must be an absolute http(s) URL");
        }
        if (!hooksPath.startsWith("/") || hooksPath.endsWith("/") && hooksPath.length() > 1) {
            throw new InvalidInputException("the hooks path must start with '/' and not end with one");
        }
        if (!websocketPath.startsWith("/") || websocketPath.contains("?") || websocketPath.contains("#")
                || websocketPath.chars().anyMatch(c -> c <= ' ' || c == 0x7f)) {
            throw new InvalidInputException("the WebSocket path must start with '/' and hold no query, fragment or spaces");
        }
        if (allowedAgentIds.isEmpty()) {
            throw new InvalidInputException("a machine must allow at least one agent");
        }
        allowedAgentIds.forEach(SessionKey::requireAgentId);
        if (gatewayToken.value().equals(hookToken.value())) {
            throw new InvalidInputException("the hook token must differ from the gateway token");
        }
    }

    /**
     * A machine with a file server beside its gateway ({@code POST /files/upload}), as every machine
     * of the hosted platform has; a bare gateway has none ({@code fileServer} false), and its calls'
     * transcripts then reach the agent in the notification only.
     */
    public Machine(MachineId id, UserId userId, URI appUrl, Secret gatewayToken, Secret hookToken, String hooksPath,
            Set<String> allowedAgentIds, NotifierRoute route, Optional<SessionKey> lastReportedSession, String websocketPath) {
        this(id, userId, appUrl, gatewayToken, hookToken, hooksPath, allowedAgentIds, route, lastReportedSession,
                websocketPath, true);
    }

    /** A machine whose gateway takes WebSocket connections at its root ({@link #DEFAULT_WEBSOCKET_PATH}). */
    public Machine(MachineId id, UserId userId, URI appUrl, Secret gatewayToken, Secret hookToken, String hooksPath,
            Set<String> allowedAgentIds, NotifierRoute route, Optional<SessionKey> lastReportedSession) {
        this(id, userId, appUrl, gatewayToken, hookToken, hooksPath, allowedAgentIds, route, lastReportedSession,
                DEFAULT_WEBSOCKET_PATH);
    }

    /**
     * Where the machine's gateway takes WebSocket connections: the app URL (its path kept) with
     * {@code ws}/{@code wss} for {@code http}/{@code https}, and the WebSocket path. Ringback's chat
     * route and the dashboard's own connection both use it.
     *
     * @throws IllegalArgumentException when the result is not a valid URI
     */
    public URI webSocketUrl() {
        return joined("https".equalsIgnoreCase(appUrl.getScheme()) ? "wss" : "ws", appUrl, websocketPath);
    }

    /**
     * An app URL (which may carry a path prefix, e.g. behind a proxy) joined with an absolute path
     * and query: where the machine's hooks, history and file server are.
     *
     * @throws IllegalArgumentException when the result is not a valid URI
     */
    public static URI under(URI appUrl, String pathAndQuery) {
        return joined(appUrl.getScheme(), appUrl, pathAndQuery);
    }

    private static URI joined(String scheme, URI appUrl, String pathAndQuery) {
        String base = scheme + "://" + appUrl.getRawAuthority() + (appUrl.getRawPath() == null ? "" : appUrl.getRawPath());
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        return URI.create(base + pathAndQuery);
    }

    /** Where a machine at this address takes WebSockets unless told otherwise: the hosted platform's path, or the root. */
    public static String defaultWebSocketPathFor(URI appUrl) {
        String host = appUrl.getHost();
        return host != null && host.toLowerCase(Locale.ROOT).endsWith(HOSTED_DOMAIN)
                ? HOSTED_WEBSOCKET_PATH : DEFAULT_WEBSOCKET_PATH;
    }

    /** A key the agent or dashboard sent, canonicalised and checked against this machine's agents. */
    public SessionKey sessionKeyFrom(String raw) {
        return SessionKey.parse(raw).requireAgentIn(allowedAgentIds);
    }

    public Machine withLastReportedSession(SessionKey key) {
        return new Machine(id, userId, appUrl, gatewayToken, hookToken, hooksPath, allowedAgentIds, route, Optional.of(key),
                websocketPath, fileServer);
    }

    public Machine withRoute(NotifierRoute newRoute) {
        return new Machine(id, userId, appUrl, gatewayToken, hookToken, hooksPath, allowedAgentIds, newRoute, lastReportedSession,
                websocketPath, fileServer);
    }

    public Machine withFileServer(boolean hasOne) {
        return new Machine(id, userId, appUrl, gatewayToken, hookToken, hooksPath, allowedAgentIds, route, lastReportedSession,
                websocketPath, hasOne);
    }
}
