package dev.ringback.domain.session;

import dev.ringback.domain.InvalidInputException;
import java.util.Locale;
import java.util.Set;

/**
 * An OpenClaw session key in its stored form {@code agent:<agentId>:<rest>}, lower case.
 *
 * <p>{@link #parse(String)} applies the gateway's own canonicalisation, so that the key Ringback
 * records is the one the gateway files the conversation under: a bare {@code research} names
 * {@code agent:main:research}, a bare {@code main} (or nothing) the main session.
 */
public record SessionKey(String value) {
    public static final int MAX_LENGTH = 512;
    public static final String DEFAULT_AGENT = "main";

    private static final String PREFIX = "agent:";
    private static final int MAX_AGENT_ID = 64;
    // Declared after MAX_AGENT_ID: static fields initialise in order, and the constructor needs it.
    public static final SessionKey MAIN = new SessionKey("agent:main:main");

    public SessionKey {
        if (value == null) {
            throw new InvalidInputException("session key is required");
        }
        if (value.length() > MAX_LENGTH) {
            throw new InvalidInputException("session key is longer than " + MAX_LENGTH + " characters");
        }
        if (!value.equals(value.toLowerCase(Locale.ROOT))) {
            throw new InvalidInputException("a canonical session key is lower case");
        }
        requirePrintable(value);
        if (!value.startsWith(PREFIX)) {
            throw new InvalidInputException("a canonical session key starts with 'agent:'");
        }
        int secondColon = value.indexOf(':', PREFIX.length());
        if (secondColon < 0 || secondColon == value.length() - 1) {
            throw new InvalidInputException("session key must have the form agent:<agentId>:<name>");
        }
        requireAgentId(value.substring(PREFIX.length(), secondColon));
    }

    /** Canonicalises a key as the gateway does; blank means the main session. */
    public static SessionKey parse(String raw) {
        if (raw == null || raw.isBlank()) {
            return MAIN;
        }
        String trimmed = raw.strip();
        requirePrintable(trimmed);
        String lowered = trimmed.toLowerCase(Locale.ROOT);
        if (lowered.startsWith(PREFIX)) {
            return new SessionKey(lowered);
        }
        return new SessionKey(PREFIX + DEFAULT_AGENT + ":" + lowered);
    }

    public static String requireAgentId(String agentId) {
        if (!isAgentId(agentId)) {
            throw new InvalidInputException(
                    "agent id must be 1 to 64 of a-z, 0-9, '_' or '-', starting with a letter or digit");
        }
        return agentId;
    }

    /** {@code [a-z0-9][a-z0-9_-]{0,63}}, by hand: every report and every call checks one. */
    private static boolean isAgentId(String id) {
        if (id == null || id.isEmpty() || id.length() > MAX_AGENT_ID || !isLowerLetterOrDigit(id.charAt(0))) {
            return false;
        }
        for (int i = 1; i < id.length(); i++) {
            char c = id.charAt(i);
            if (!isLowerLetterOrDigit(c) && c != '_' && c != '-') {
                return false;
            }
        }
        return true;
    }

    private static boolean isLowerLetterOrDigit(char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    }

    public String agentId() {
        return value.substring(PREFIX.length(), value.indexOf(':', PREFIX.length()));
    }

    /** The part after {@code agent:<agentId>:}, e.g. {@code research}. */
    public String name() {
        return value.substring(value.indexOf(':', PREFIX.length()) + 1);
    }

    public SessionKey requireAgentIn(Set<String> allowedAgentIds) {
        if (!allowedAgentIds.contains(agentId())) {
            throw new InvalidInputException("session key addresses agent '" + agentId() + "', which this machine does not run");
        }
        return this;
    }

    private static void requirePrintable(String candidate) {
        boolean surrogates = false;
        for (int i = 0; i < candidate.length(); i++) {
            char c = candidate.charAt(i);
            // Printable ASCII, nearly every key, is none of the below: every report checks its key.
            if (c > ' ' && c < 0x7f) {
                continue;
            }
            // Invisible format characters (zero-width space, bidi overrides) would let two keys that
            // look the same on a dashboard name different conversations.
            if (Character.isWhitespace(c) || Character.isISOControl(c) || Character.isSpaceChar(c)
                    || Character.getType(c) == Character.FORMAT) {
                throw new InvalidInputException("session key must not contain whitespace, control or invisible characters");
            }
            surrogates |= Character.isSurrogate(c);
        }
        // Half a surrogate pair is no character at all: it cannot be written as UTF-8 or JSON.
        if (surrogates && candidate.codePoints()
                .anyMatch(cp -> cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE)) {
            throw new InvalidInputException("session key must be valid Unicode text");
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
