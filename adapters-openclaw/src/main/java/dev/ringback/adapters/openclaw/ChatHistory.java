package dev.ringback.adapters.openclaw;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Reads a {@code chat.history} answer. Message shapes differ between gateway versions (text as a
 * string, or as a list of typed parts), so the search looks at every text value in each message.
 */
final class ChatHistory {
    private ChatHistory() {}

    static boolean mentions(JsonNode payload, String marker) {
        JsonNode messages = payload.path("messages");
        if (!messages.isArray()) {
            return false;
        }
        for (JsonNode message : messages) {
            if (containsText(message, marker)) {
                return true;
            }
        }
        return false;
    }

    private static boolean containsText(JsonNode node, String marker) {
        if (node.isTextual()) {
            return node.asText().contains(marker);
        }
        for (JsonNode child : node) {
            if (containsText(child, marker)) {
                return true;
            }
        }
        return false;
    }
}
