package dev.ringback.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time the hypervisor gave to other guests while this one had work ({@code steal} on the
 * first line of Linux's {@code /proc/stat}). On a shared VM, a window whose server spent more CPU
 * per request than the window before may simply have had less of the cores; this rules that in or
 * out. Off Linux it is always zero.
 */
final class HostCpu {
    private HostCpu() {}

    /** Nanoseconds stolen so far, summed over the cores. */
    static long stolenNanos() {
        try {
            return stolenNanos(Files.readAllLines(Path.of("/proc/stat")).get(0));
        } catch (IOException | RuntimeException notLinux) {
            return 0;
        }
    }

    /** From {@code cpu  user nice system idle iowait irq softirq steal ...}, in ticks. */
    static long stolenNanos(String cpuLine) {
        String[] fields = cpuLine.trim().split("\\s+");
        if (!fields[0].equals("cpu") || fields.length < 9) {
            throw new IllegalArgumentException("not the cpu line of /proc/stat");
        }
        return Long.parseLong(fields[8]) * CpuMeter.NANOS_PER_TICK;
    }
}
