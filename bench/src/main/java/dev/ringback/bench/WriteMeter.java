package dev.ringback.bench;

import java.nio.file.Files;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Bytes a process's threads wrote to storage ({@code write_bytes} of Linux's
 * {@code /proc/<pid>/task/<tid>/io}: file writes as they dirty the page cache, no sockets), grouped
 * by thread name as {@link CpuMeter} groups them. Around a measured window it says what each
 * request cost the disk: the SQLite writer's WAL frames, the checkpointer's copies into the
 * database file, the log. Off Linux, or where the file cannot be read, every snapshot is empty; a
 * kernel without per-task I/O accounting reports zeros.
 */
final class WriteMeter {
    private final long pid;

    WriteMeter(long pid) {
        this.pid = pid;
    }

    /** Bytes written so far, by thread group, of the threads alive now. */
    record Snapshot(Map<String, Long> bytesByGroup) {
        /** What each group wrote since {@code before}; threads that ended in between are not counted. */
        Snapshot since(Snapshot before) {
            return new Snapshot(CpuMeter.since(bytesByGroup, before.bytesByGroup));
        }

        /** "sqlite-writer 18.2 KB, sqlite-checkpoi 6.9 KB" per request; groups under 0.1 KB left out. */
        String perRequest(long requests) {
            if (requests <= 0) {
                return "not measured";
            }
            String groups = bytesByGroup.entrySet().stream()
                    .filter(e -> e.getValue() >= 100L * requests)
                    .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                    .map(e -> String.format(Locale.ROOT, "%s %.1f KB", e.getKey(), e.getValue() / 1e3 / requests))
                    .collect(Collectors.joining(", "));
            return groups.isEmpty() ? "none over 0.1 KB/request" : groups + " per request";
        }
    }

    Snapshot snapshot() {
        return new Snapshot(CpuMeter.byThreadGroup(pid, task -> writeBytes(Files.readString(task.resolve("io")))));
    }

    /** The {@code write_bytes:} line of a task's io file. */
    static long writeBytes(String io) {
        for (String line : io.split("\n")) {
            if (line.startsWith("write_bytes:")) {
                return Long.parseLong(line.substring("write_bytes:".length()).strip());
            }
        }
        throw new IllegalArgumentException("no write_bytes line");
    }
}
