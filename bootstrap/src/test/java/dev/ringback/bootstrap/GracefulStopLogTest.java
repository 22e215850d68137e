package dev.ringback.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the server logs while it stops reaches the log: the JDK closes the log's handlers in a
 * shutdown hook of its own, beside the server's, and the writer's last line (how many jobs it
 * committed) used to be lost with it.
 */
class GracefulStopLogTest {
    @TempDir
    Path dir;

    @Test
    void aServerStoppedBySigtermLogsItsWriterStopping() throws IOException {
        Map<String, String> env = Map.of("RINGBACK_DB", dir.resolve("ringback.db").toString(),
                "RINGBACK_TELEPHONY", "simulated");
        int exit;
        try (ChildServer server = new ChildServer(env, dir)) {
            server.start();
            exit = server.stop();
        }

        assertThat(exit).as("SIGTERM, after the shutdown hook").isIn(0, 143);
        String log = Files.readString(dir.resolve("ringback-1.log"), StandardCharsets.UTF_8);
        assertThat(log).contains("open at schema version").contains("writer stopped after").contains("Ringback stopped");
    }

    /** The line's time ends in 'Z': it must be UTC, not the host's zone with a 'Z' after it. */
    @Test
    void onAHostInAnotherZoneTheLogTimesAreUtc() throws IOException {
        Map<String, String> env = Map.of("RINGBACK_DB", dir.resolve("ringback.db").toString(),
                "RINGBACK_TELEPHONY", "simulated");
        Instant before = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        try (ChildServer server = new ChildServer(env, dir, List.of("-Duser.timezone=Asia/Kolkata"))) {
            server.start();
            server.stop();
        }
        Instant after = Instant.now();

        List<String> lines = Files.readAllLines(dir.resolve("ringback-1.log"), StandardCharsets.UTF_8);
        String stopped = lines.stream().filter(line -> line.contains("Ringback stopped")).findFirst().orElseThrow();
        // Kolkata is 5:30 ahead of UTC: its wall time read as UTC would be hours after the stop.
        assertThat(Instant.parse(stopped.substring(0, stopped.indexOf(' ')))).isBetween(before, after);
    }
}
