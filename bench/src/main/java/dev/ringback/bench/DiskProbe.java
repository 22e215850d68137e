package dev.ringback.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The disk as the server's commits meet it, watched from outside: a 4 KiB write and fsync beside
 * the database every {@link #INTERVAL_MILLIS} ms for the whole run. A durable commit cannot end
 * before its fsync, so an fsync that the disk holds for 100 ms holds every webhook of that group
 * commit as long; on a VM disk such stalls come every few seconds even on an idle machine. With
 * this, a missed percentile can be read against the stalls in its own window, and a pause in a
 * server's log against {@code disk-stalls.txt}.
 */
final class DiskProbe implements AutoCloseable {
    static final long INTERVAL_MILLIS = 25;
    static final long SLOW_NANOS = 50_000_000L;

    /** One probe's start (System.nanoTime, and the wall clock) and how long its write and fsync took. */
    private record Sample(long at, Instant wallClock, long nanos) {}

    /** Probes whose fsync started inside a window, and how many of them were slow. */
    record Window(int probes, int slow, double maxMillis) {}

    private final Path file;
    private final List<Sample> samples = new ArrayList<>();
    private final Thread thread;
    private volatile boolean stopped;

    DiskProbe(Path dir) {
        this.file = dir.resolve("disk.probe");
        this.thread = new Thread(this::run, "disk-probe");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        ByteBuffer block = ByteBuffer.allocate(4096);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            for (long i = 0; !stopped; i++) {
                block.clear();
                long t0 = System.nanoTime();
                channel.write(block, (i % 256) * 4096);
                channel.force(false);
                long took = System.nanoTime() - t0;
                synchronized (samples) {
                    samples.add(new Sample(t0, Instant.now().minusNanos(System.nanoTime() - t0), took));
                }
                Thread.sleep(INTERVAL_MILLIS);
            }
        } catch (IOException e) {
            System.err.println("disk probe stopped: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The probes that started between {@code from} and {@code to} (System.nanoTime). */
    Window between(long from, long to) {
        int probes = 0;
        int slow = 0;
        long max = 0;
        synchronized (samples) {
            for (Sample sample : samples) {
                if (sample.at() >= from && sample.at() < to) {
                    probes++;
                    if (sample.nanos() >= SLOW_NANOS) {
                        slow++;
                    }
                    max = Math.max(max, sample.nanos());
                }
            }
        }
        return new Window(probes, slow, max / 1e6);
    }

    /** Stops probing and lists every slow probe of the run, by wall clock, next to the servers' logs. */
    @Override
    public void close() throws IOException {
        stopped = true;
        thread.interrupt();
        try {
            thread.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Files.deleteIfExists(file);
        StringBuilder slow = new StringBuilder("# fsyncs of a 4 KiB write that took >= 50 ms: start (UTC), milliseconds\n");
        synchronized (samples) {
            for (Sample sample : samples) {
                if (sample.nanos() >= SLOW_NANOS) {
                    slow.append(sample.wallClock()).append(' ').append(sample.nanos() / 1_000_000).append('\n');
                }
            }
        }
        Files.writeString(file.resolveSibling("disk-stalls.txt"), slow);
    }
}
