package dev.ringback.domain;

/** Shared shape check for the opaque identifiers of the domain. */
public final class Identifiers {
    private static final int MAX_LENGTH = 128;

    private Identifiers() {}

    /**
     * 1 to 128 of ASCII letters, digits, '.', '_', ':' or '-', starting with a letter or digit.
     * Checked by hand rather than with a regular expression: every request checks several ids,
     * and a matcher per check showed in the server's profile.
     */
    public static String requireOpaqueId(String value, String what) {
        if (!isOpaqueId(value)) {
            throw new InvalidInputException(what + " must be 1 to 128 letters, digits, '.', '_', ':' or '-'");
        }
        return value;
    }

    private static boolean isOpaqueId(String value) {
        if (value == null || value.isEmpty() || value.length() > MAX_LENGTH || !isAsciiLetterOrDigit(value.charAt(0))) {
            return false;
        }
        for (int i = 1; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!isAsciiLetterOrDigit(c) && c != '.' && c != '_' && c != ':' && c != '-') {
                return false;
            }
        }
        return true;
    }

    /** {@code [A-Za-z0-9]}: never {@link Character#isLetterOrDigit}, which accepts all of Unicode. */
    private static boolean isAsciiLetterOrDigit(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }
}
