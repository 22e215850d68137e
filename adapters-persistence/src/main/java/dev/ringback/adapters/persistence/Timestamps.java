package dev.ringback.adapters.persistence;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/**
 * Instants as fixed-width UTC text with nanoseconds. Fixed width is what makes SQL comparisons
 * and {@code ORDER BY} on the text agree with time order; {@link Instant#toString()} drops
 * trailing zeros and would not.
 */
final class Timestamps {
    private static final DateTimeFormatter FIXED =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'").withZone(ZoneOffset.UTC);
    private static final Instant FIRST = Instant.parse("0000-01-01T00:00:00Z");
    private static final Instant LAST = Instant.parse("9999-12-31T23:59:59.999999999Z");

    private Timestamps() {}

    static String format(Instant instant) {
        if (instant.isBefore(FIRST) || instant.isAfter(LAST)) {
            throw new IllegalArgumentException("instant outside the years 0000-9999 cannot be stored: " + instant);
        }
        return FIXED.format(instant);
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
