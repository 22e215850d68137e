package dev.ringback.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * CPU time of a process, thread by thread, from Linux's {@code /proc/<pid>/task/<tid>}. Two
 * snapshots around a measured window say how much CPU each request cost and which of the
 * process's threads spent it, without a profiler attached; on a two-core machine where the load
 * generator, the server and the gateway double share the cores, that split is what a ratio to the
 * ceiling is made of. Threads are grouped by name with their numbers left out
 * ({@code XNIO-1 task-7} and {@code XNIO-1 task-12} are {@code XNIO-# task-#}). Off Linux every
 * snapshot is empty.
 */
final class CpuMeter {
    /**
     * Linux reports a thread's utime and stime, and /proc/stat's times (HostCpu), in clock ticks of
     * 1/100 s on every platform the JDK runs on.
     */
    static final long NANOS_PER_TICK = 10_000_000L;

    private final long pid;

    CpuMeter(long pid) {
        this.pid = pid;
    }

    static CpuMeter self() {
        return new CpuMeter(ProcessHandle.current().pid());
    }

    /**
     * CPU nanoseconds so far, by thread group, of the threads alive now, and how many times those
     * threads have been put on a core (the third field of {@code schedstat}: every wake-up of a
     * parked thread is one; zero where the kernel has no {@code schedstat}), and how long they were
     * ready to run but waited for a core (its second field; empty where there is none).
     */
    record Snapshot(Map<String, Long> nanosByGroup, long timesScheduled, Map<String, Long> waitingByGroup) {
        long total() {
            return nanosByGroup.values().stream().mapToLong(Long::longValue).sum();
        }

        /** What each group spent since {@code before}; threads that ended in between are not counted. */
        Snapshot since(Snapshot before) {
            return new Snapshot(CpuMeter.since(nanosByGroup, before.nanosByGroup), timesScheduled - before.timesScheduled,
                    CpuMeter.since(waitingByGroup, before.waitingByGroup));
        }

        /**
         * "sqlite-writer 16 %, XNIO-# I/O-# 38 %": each group's time ready to run but without a core,
         * as a share of {@code seconds} (a group of several threads can pass 100 %), groups under 2 % left out.
         */
        String waitingOver(double seconds) {
            return waitingByGroup.entrySet().stream()
                    .filter(e -> e.getValue() / 1e9 >= 0.02 * seconds)
                    .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                    .map(e -> String.format(Locale.ROOT, "%s %d %%", e.getKey(), Math.round(100 * e.getValue() / 1e9 / seconds)))
                    .collect(Collectors.joining(", "));
        }

        /** "820 µs/request: XNIO-# task-# 41%, ..." for {@code requests} requests, groups under 2 % left out. */
        String perRequest(long requests) {
            long total = total();
            if (requests <= 0 || total <= 0) {
                return "not measured";
            }
            String groups = nanosByGroup.entrySet().stream()
                    .filter(e -> e.getValue() * 50 >= total)
                    .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                    .map(e -> String.format(Locale.ROOT, "%s %d%%", e.getKey(), Math.round(100.0 * e.getValue() / total)))
                    .collect(Collectors.joining(", "));
            return String.format(Locale.ROOT, "%.0f us/request (%s)", total / 1e3 / requests, groups);
        }
    }

    /**
     * Each thread's CPU time is the first field of its {@code schedstat}, the scheduler's own count
     * in nanoseconds, or, where the kernel has none, its {@code stat}'s utime and stime. Those are
     * whole clock ticks per thread: over a window, each of the harness's 32 load threads could be
     * off by up to 10 ms, which in a short window was all of their CPU.
     */
    Snapshot snapshot() {
        long[] timesScheduled = {0};
        Map<String, Long> waiting = new HashMap<>();
        Map<String, Long> nanos = byThreadGroup(pid, task -> {
            try {
                long[] schedstat = schedstat(task);
                timesScheduled[0] += schedstat[2];
                waiting.merge(group(Files.readString(task.resolve("comm")).strip()), schedstat[1], Long::sum);
                return schedstat[0];
            } catch (NoSuchFileException noSchedulerStatistics) {
                String stat = Files.readString(task.resolve("stat"));
                // After the name: state is field 3, utime field 14, stime field 15.
                List<String> fields = List.of(stat.substring(stat.lastIndexOf(')') + 2).split(" "));
                return (Long.parseLong(fields.get(11)) + Long.parseLong(fields.get(12))) * NANOS_PER_TICK;
            }
        });
        return new Snapshot(nanos, timesScheduled[0], waiting);
    }

    /** A thread's {@code schedstat}: nanoseconds on a core, nanoseconds waiting for one, times put on one. */
    private static long[] schedstat(Path task) throws IOException {
        String[] fields = Files.readString(task.resolve("schedstat")).trim().split(" ");
        return new long[] {Long.parseLong(fields[0]), Long.parseLong(fields[1]), Long.parseLong(fields[2])};
    }

    /** One figure of a thread, read from its {@code /proc/<pid>/task/<tid>} directory. */
    @FunctionalInterface
    interface TaskFigure {
        long of(Path task) throws IOException;
    }

    /**
     * {@code figure} of each thread of process {@code pid} alive now, summed by thread group
     * ({@link #group}); threads that end while they are read are left out, and off Linux the map
     * is empty.
     */
    static Map<String, Long> byThreadGroup(long pid, TaskFigure figure) {
        Map<String, Long> byGroup = new HashMap<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/" + pid + "/task"))) {
            for (Path task : tasks) {
                try {
                    String name = group(Files.readString(task.resolve("comm")).strip());
                    byGroup.merge(name, figure.of(task), Long::sum);
                } catch (IOException | RuntimeException threadEnded) {
                    // the thread ended between listing and reading, or its figure is not ours to read
                }
            }
        } catch (IOException | RuntimeException notLinux) {
            return Map.of();
        }
        return byGroup;
    }

    /** Each group's figure now less what it was {@code before}; groups gone since are not counted. */
    static Map<String, Long> since(Map<String, Long> now, Map<String, Long> before) {
        Map<String, Long> difference = new HashMap<>();
        now.forEach((group, value) -> difference.put(group, value - before.getOrDefault(group, 0L)));
        return difference;
    }

    /** A thread's name with its numbers replaced, so that a pool's threads add up. */
    static String group(String threadName) {
        return threadName.replaceAll("[0-9]+", "#");
    }
}
