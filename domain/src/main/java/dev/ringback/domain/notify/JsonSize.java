package dev.ringback.domain.notify;

/**
 * Bytes a string takes once written as a JSON string value in UTF-8, counted the way a
 * conservative encoder escapes it. Used to keep a request under the gateway's body limit
 * whatever the transcript contains.
 *
 * <p>Characters outside the BMP (emoji) count as two {@code \\uXXXX} escapes, 12 bytes, not as
 * their 4 UTF-8 bytes: that is what Jackson's UTF-8 generator writes by default, so a
 * transcript full of emoji would otherwise triple in size on the wire.
 */
public final class JsonSize {
    private static final int SURROGATE_PAIR_BYTES = 12;
    /** The most a UTF-16 char can cost: a {@code \\uXXXX} escape, or half of a pair's two. */
    static final int MAX_BYTES_PER_CHAR = 6;

    private JsonSize() {}

    /**
     * Whether {@code text} takes at most {@code budget} bytes; without counting when even six
     * bytes a char would fit, as every message of a usual call does (counting a notification was
     * 7 % of the HTTP workers' samples under webhook load).
     */
    public static boolean fits(CharSequence text, long budget) {
        return (long) text.length() * MAX_BYTES_PER_CHAR <= budget || escapedBytes(text) <= budget;
    }

    public static long escapedBytes(CharSequence text) {
        long bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            bytes += escapedBytes(text, i);
            if (Character.isHighSurrogate(text.charAt(i)) && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            }
        }
        return bytes;
    }

    /** Bytes of the character (or surrogate pair) that starts at {@code index}. */
    static int escapedBytes(CharSequence text, int index) {
        char c = text.charAt(index);
        if (c == '"' || c == '\\' || c == '\n' || c == '\r' || c == '\t' || c == '\b' || c == '\f') {
            return 2;
        }
        if (c < 0x20 || c == 0x2028 || c == 0x2029) {
            return 6;
        }
        if (c < 0x80) {
            return 1;
        }
        if (c < 0x800) {
            return 2;
        }
        if (Character.isHighSurrogate(c) && index + 1 < text.length() && Character.isLowSurrogate(text.charAt(index + 1))) {
            return SURROGATE_PAIR_BYTES;
        }
        if (Character.isSurrogate(c)) {
            return 6; // a lone surrogate is written as an escape
        }
        return 3;
    }

    /** The longest prefix of {@code text} whose escaped size fits in {@code budget}, never splitting a pair. */
    public static int prefixFitting(CharSequence text, long budget) {
        long used = 0;
        int i = 0;
        while (i < text.length()) {
            int cost = escapedBytes(text, i);
            int width = cost == SURROGATE_PAIR_BYTES ? 2 : 1;
            if (used + cost > budget) {
                break;
            }
            used += cost;
            i += width;
        }
        return i;
    }
}
