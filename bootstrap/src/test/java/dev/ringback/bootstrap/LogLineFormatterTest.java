package dev.ringback.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Random;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The cheap formatter writes exactly the line SimpleFormatter writes with the server's format. */
class LogLineFormatterTest {
    private final String previous = System.getProperty("java.util.logging.SimpleFormatter.format");

    @AfterEach
    void restore() {
        if (previous == null) {
            System.clearProperty("java.util.logging.SimpleFormatter.format");
        } else {
            System.setProperty("java.util.logging.SimpleFormatter.format", previous);
        }
    }

    @Test
    void sameLineAsSimpleFormatterWithTheServersFormat() {
        System.setProperty("java.util.logging.SimpleFormatter.format", Main.LINE_FORMAT);
        SimpleFormatter reference = new SimpleFormatter();
        LogLineFormatter cheap = new LogLineFormatter(ZoneId.systemDefault());

        LogRecord plain = record(Level.INFO, "POST /api/webhooks/bland/status 200 3ms: recorded", null);
        LogRecord withParameters = record(Level.WARNING, "call {0} refused: {1}", null);
        withParameters.setParameters(new Object[] {"call-1", "busy"});
        LogRecord withThrowable = record(Level.SEVERE, "request failed", new IllegalStateException("boom"));

        for (LogRecord record : new LogRecord[] {plain, withParameters, withThrowable}) {
            assertThat(cheap.format(record)).isEqualTo(reference.format(record));
        }
        assertThat(new LogLineFormatter(ZoneOffset.UTC).format(plain)).startsWith("2026-11-26T04:59:34.207Z INFO dev.ringback.x: POST");
    }

    @Test
    void theTimeIsDateTimeFormattersForAnyInstantZoneAndOrder() {
        DateTimeFormatter reference = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'");
        Random random = new Random(20261126);
        for (ZoneId zone : List.of(ZoneOffset.UTC, ZoneId.of("Asia/Kolkata"), ZoneId.of("America/New_York"))) {
            LogLineFormatter cheap = new LogLineFormatter(zone);
            Instant start = Instant.parse("2026-03-08T06:59:58.990Z"); // New York's spring-forward is at 07:00Z
            for (int i = 0; i < 5_000; i++) {
                // Mostly in order a few ms apart (crossing seconds and the DST change), now and then far off.
                Instant at = random.nextInt(10) == 0
                        ? Instant.ofEpochSecond(random.nextInt(2_000_000_000), random.nextInt(1_000_000_000))
                        : start.plusNanos(i * 1_700_000L + random.nextInt(1_000_000));
                LogRecord record = record(Level.INFO, "m", null);
                record.setInstant(at);
                assertThat(cheap.format(record)).startsWith(reference.format(at.atZone(zone)) + " INFO ");
            }
        }
    }

    private static LogRecord record(Level level, String message, Throwable thrown) {
        LogRecord record = new LogRecord(level, message);
        record.setInstant(Instant.parse("2026-11-26T04:59:34.207123Z").atZone(ZoneOffset.UTC).toInstant());
        record.setLoggerName("dev.ringback.x");
        record.setThrown(thrown);
        return record;
    }
}
