package dev.ringback.bootstrap;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.logging.Formatter;
import java.util.logging.LogRecord;

/**
 * The server's log line, {@code 2026-11-26T04:59:34.207Z INFO logger: message}, exactly as
 * {@link Main#LINE_FORMAT} gives it through {@code SimpleFormatter} in the same zone (the server
 * passes UTC, which the line's 'Z' promises; SimpleFormatter can only use the host's), but cheaper: SimpleFormatter
 * walks the stack for the caller's class on every record (even though the line never shows it)
 * and parses its format string each time. With one line per request that was ~5% of the
 * server's CPU samples under load.
 */
final class LogLineFormatter extends Formatter {
    private static final DateTimeFormatter TO_THE_SECOND = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.");

    private final ZoneId zone;
    /**
     * The line's time up to its second, formatted once per second: DateTimeFormatter per record
     * was ~5% of the server's CPU samples while it answered session reports (C1 JIT).
     */
    private volatile SecondText second = new SecondText(Long.MIN_VALUE, "");

    LogLineFormatter(ZoneId zone) {
        this.zone = zone;
    }

    @Override
    public String format(LogRecord record) {
        StringBuilder line = new StringBuilder(128);
        appendTime(record.getInstant(), line);
        line.append(' ').append(record.getLevel().getLocalizedName())
                .append(' ').append(record.getLoggerName())
                .append(": ").append(formatMessage(record));
        if (record.getThrown() != null) {
            StringWriter trace = new StringWriter();
            try (PrintWriter out = new PrintWriter(trace)) {
                out.println();
                record.getThrown().printStackTrace(out);
            }
            line.append(trace);
        }
        return line.append(System.lineSeparator()).toString();
    }

    /** {@code yyyy-MM-dd'T'HH:mm:ss.SSS'Z'} in the formatter's zone. */
    private void appendTime(Instant at, StringBuilder line) {
        SecondText current = second;
        if (current.epochSecond != at.getEpochSecond()) {
            current = new SecondText(at.getEpochSecond(), TO_THE_SECOND.format(at.atZone(zone)));
            second = current;
        }
        int millis = at.getNano() / 1_000_000;
        line.append(current.text)
                .append((char) ('0' + millis / 100))
                .append((char) ('0' + millis / 10 % 10))
                .append((char) ('0' + millis % 10))
                .append('Z');
    }

    /** One second's formatted text; replaced whole, so threads never see a half-updated pair. */
    private static final class SecondText {
        final long epochSecond;
        final String text;

        SecondText(long epochSecond, String text) {
            this.epochSecond = epochSecond;
            this.text = text;
        }
    }
}
