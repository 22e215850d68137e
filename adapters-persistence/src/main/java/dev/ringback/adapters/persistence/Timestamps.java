package dev.ringback.adapters.persistence;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * Instants as fixed-width UTC text with nanoseconds. Fixed width is what makes SQL comparisons
 * and {@code ORDER BY} on the text agree with time order; {@link Instant#toString()} drops
 * trailing zeros and would not.
 */
final class Timestamps {
    private static final Instant FIRST = Instant.parse("0000-01-01T00:00:00Z");
    private static final Instant LAST = Instant.parse("9999-12-31T23:59:59.999999999Z");

    private Timestamps() {}

    /**
     * What {@code uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'} gives, built by hand: every write formats
     * several instants, and DateTimeFormatter was ~3% of the server's CPU samples for session
     * reports alone (TimestampsTest holds it to the pattern).
     */
    static String format(Instant instant) {
        if (instant.isBefore(FIRST) || instant.isAfter(LAST)) {
            throw new IllegalArgumentException("instant outside the years 0000-9999 cannot be stored: " + instant);
        }
        LocalDateTime utc = LocalDateTime.ofEpochSecond(instant.getEpochSecond(), instant.getNano(), ZoneOffset.UTC);
        StringBuilder text = new StringBuilder(30);
        digits(text, utc.getYear(), 4).append('-');
        digits(text, utc.getMonthValue(), 2).append('-');
        digits(text, utc.getDayOfMonth(), 2).append('T');
        digits(text, utc.getHour(), 2).append(':');
        digits(text, utc.getMinute(), 2).append(':');
        digits(text, utc.getSecond(), 2).append('.');
        return digits(text, utc.getNano(), 9).append('Z').toString();
    }

    /** {@code value} in exactly {@code width} decimal digits, zero-padded (the value fits). */
    private static StringBuilder digits(StringBuilder text, int value, int width) {
        for (int unit = pow10(width - 1); unit > 0; unit /= 10) {
            text.append((char) ('0' + value / unit % 10));
        }
        return text;
    }

    private static int pow10(int exponent) {
        int result = 1;
        for (int i = 0; i < exponent; i++) {
            result *= 10;
        }
        return result;
    }

    static String formatNullable(Optional<Instant> instant) {
        return instant.map(Timestamps::format).orElse(null);
    }

    static Instant parse(String text) {
        return Instant.parse(text);
    }

    static Optional<Instant> parseNullable(String text) {
        return Optional.ofNullable(text).map(Instant::parse);
    }
}
