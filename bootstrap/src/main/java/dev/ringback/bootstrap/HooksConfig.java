package dev.ringback.bootstrap;

import dev.ringback.domain.account.Machine;
import dev.ringback.domain.account.NotifierRoute;
import java.util.stream.Collectors;

/**
 * The OpenClaw gateway settings a machine needs so Ringback's notifications land in the right
 * conversation (reference: openclaw-gateway.md, section 2). Printed for the operator to paste
 * into the machine's {@code openclaw.json}.
 */
final class HooksConfig {
    private HooksConfig() {}

    static String render(Machine machine) {
        String agents = machine.allowedAgentIds().stream().sorted()
                .map(id -> "\"" + id + "\"").collect(Collectors.joining(", "));
        if (machine.route() == NotifierRoute.CHAT) {
            return "// OpenClaw up to 2026.7 (e.g. 2026.1.30): notifications arrive over the WebSocket chat.send\n"
                    + "// with the gateway token; these gateways refuse to start with the newer hook session-key settings.\n"
                    + "// The idle reset keeps conversations from being reset daily at 04:00.\n"
                    + "// Ringback connects to " + webSocketUrl(machine) + " (set with --ws-path) using the gateway token.\n"
                    + "{\n"
                    + "  hooks: { enabled: true, token: \"" + machine.hookToken().value() + "\", path: \"" + machine.hooksPath() + "\" },\n"
                    + "  session: { reset: { mode: \"idle\", idleMinutes: 525600 } }\n"
                    + "}\n";
        }
        String prefixes = machine.allowedAgentIds().stream().sorted()
                .map(id -> "\"agent:" + id + ":\"").collect(Collectors.joining(", "));
        return "// OpenClaw from about 2026-07-29 (e.g. 2026.9.6): /hooks/agent with a persistent session.\n"
                + "// The hook token must differ from the gateway token.\n"
                + "{\n"
                + "  hooks: {\n"
                + "    enabled: true,\n"
                + "    token: \"" + machine.hookToken().value() + "\",\n"
                + "    path: \"" + machine.hooksPath() + "\",\n"
                + "    allowedAgentIds: [" + agents + "],\n"
                + "    allowRequestSessionKey: true,\n"
                + "    allowedSessionKeyPrefixes: [" + prefixes + ", \"hook:\"]\n"
                + "  }\n"
                + "}\n";
    }

    /** Shown to the operator only; the notifier builds its own from the same two fields. */
    private static String webSocketUrl(Machine machine) {
        String base = machine.appUrl().toString().replaceFirst("(?i)^http", "ws");
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        return base + machine.websocketPath();
    }
}
