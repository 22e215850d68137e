package dev.ringback.domain.account;

import dev.ringback.domain.InvalidInputException;
import java.util.Arrays;
import java.util.Locale;

/**
 * How a machine's gateway takes a notification into a conversation: current gateways through
 * {@code /hooks/agent} with a persistent session, older ones only through the WebSocket
 * {@code chat.send}.
 */
public enum NotifierRoute {
    HOOKS("hooks"),
    CHAT("chat");

    private final String wireName;

    NotifierRoute(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static NotifierRoute fromWireName(String name) {
        String wanted = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values())
                .filter(route -> route.wireName.equals(wanted))
                .findFirst()
                .orElseThrow(() -> new InvalidInputException("route must be 'hooks' or 'chat'"));
    }
}
