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

    /** Where {@link #format}'s text has a digit ('9') and which separators it has elsewhere. */
    private static final String FIXED_SEPARATORS = "9999-99-99T99:99:99.999999999Z";
    private static final int FIXED_WIDTH = FIXED_SEPARATORS.length();

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
        return isFixedWidth(text) ? parseFixedWidth(text) : Instant.parse(text);
    }

    static Optional<Instant> parseNullable(String text) {
        return Optional.ofNullable(text).map(Timestamps::parse);
    }

    /**
     * The text {@link #format} writes, read by hand: a claim reads three or four per delivery,
     * 128 deliveries at a time, and {@link Instant#parse} was ~3% of the delivery side's CPU
     * samples. Any other ISO-8601 text still goes through {@link Instant#parse}.
     */
    private static Instant parseFixedWidth(String text) {
        LocalDateTime utc = LocalDateTime.of(number(text, 0, 4), number(text, 5, 2), number(text, 8, 2),
                number(text, 11, 2), number(text, 14, 2), number(text, 17, 2), number(text, 20, 9));
        return utc.toInstant(ZoneOffset.UTC);
    }

    /**
     * {@code uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'}: digits and separators in their places; the values
     * themselves (month 13, February 30) are checked by LocalDateTime.
     */
    private static boolean isFixedWidth(String text) {
        if (text.length() != FIXED_WIDTH) {
            return false;
        }
        for (int i = 0; i < FIXED_WIDTH; i++) {
            char c = text.charAt(i);
            char separator = FIXED_SEPARATORS.charAt(i);
            if (separator == '9' ? c < '0' || c > '9' : c != separator) {
                return false;
            }
        }
        return true;
    }

    private static int number(String text, int from, int width) {
        int value = 0;
        for (int i = from; i < from + width; i++) {
            value = value * 10 + (text.charAt(i) - '0');
        }
        return value;
    }
}
