package dev.ringback.domain.notify;

import java.nio.charset.StandardCharsets;

/**
 * A small JSON string escaper written for the tests, independent of {@link JsonSize}: it escapes
 * what JSON requires, plus U+2028/U+2029 and every UTF-16 surrogate as {@code \\uXXXX}, which is
 * what Jackson's UTF-8 generator does by default (each half of an emoji becomes its own escape).
 * Jackson itself cannot be used here: the domain has no dependencies.
 */
final class JsonEscaper {
    private JsonEscaper() {}

    static String escape(CharSequence text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"': out.append("\\\""); break;
                case '\\': out.append("\\\\"); break;
                case '\n': out.append("\\n"); break;
                case '\r': out.append("\\r"); break;
                case '\t': out.append("\\t"); break;
                case '\b': out.append("\\b"); break;
                case '\f': out.append("\\f"); break;
                default:
                    if (c < 0x20 || c == 0x2028 || c == 0x2029 || Character.isSurrogate(c)) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
            }
        }
        return out.toString();
    }

    /** Bytes of the escaped string in UTF-8, without the surrounding quotes. */
    static long utf8Bytes(CharSequence text) {
        return escape(text).getBytes(StandardCharsets.UTF_8).length;
    }

    /**
     * What the most compact valid encoder writes: surrogate pairs as 4 raw UTF-8 bytes, U+2028
     * unescaped. A lone surrogate cannot be written raw, so it is escaped here too.
     */
    static long compactUtf8Bytes(CharSequence text) {
        long bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else if (Character.isSurrogate(c)) {
                bytes += 6;
            } else {
                bytes += escape(String.valueOf(c)).getBytes(StandardCharsets.UTF_8).length;
            }
        }
        return bytes;
    }
}
