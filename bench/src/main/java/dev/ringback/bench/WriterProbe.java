package dev.ringback.bench;

import dev.ringback.adapters.persistence.PersistenceSettings;
import dev.ringback.adapters.persistence.SqlitePersistence;
import dev.ringback.domain.call.CallOutcome;
import dev.ringback.domain.call.CallRecord;
import dev.ringback.domain.call.CallStatus;
import dev.ringback.domain.call.CompletionResult;
import dev.ringback.domain.delivery.Delivery;
import dev.ringback.domain.delivery.DeliveryId;
import dev.ringback.domain.notify.NotificationPolicy;
import dev.ringback.domain.notify.TranscriptFilePolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The persistence adapter alone: call completions (each with its two deliveries) committed
 * durably from 32 threads, no HTTP. Shows the database's share of webhook ingest.
 * Usage: java -cp bench/target/ringback-bench.jar dev.ringback.bench.WriterProbe BENCH_DB [calls]
 * where BENCH_DB is the ringback.db of a bench run (it has the bench user and machine); a copy is used.
 */
public final class WriterProbe {
    private WriterProbe() {}

    /** wchar, syscw, rchar, syscr of this process's SQLite writer thread (Linux), zeros elsewhere. */
    static long[] writerIo() {
        long[] io = new long[4];
        try (var tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
            for (Path task : tasks) {
                if (Files.readString(task.resolve("comm")).strip().equals("sqlite-writer")) {
                    for (String line : Files.readAllLines(task.resolve("io"))) {
                        String[] kv = line.split(":\\s*");
                        int at = List.of("wchar", "syscw", "rchar", "syscr").indexOf(kv[0]);
                        if (at >= 0) {
                            io[at] = Long.parseLong(kv[1].strip());
                        }
                    }
                }
            }
        } catch (java.io.IOException | RuntimeException notLinux) {
            return io;
        }
        return io;
    }

    public static void main(String[] args) throws Exception {
        int calls = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        Path dir = Files.createTempDirectory("writer-probe");
        Path db = dir.resolve("probe.db");
        Files.copy(Path.of(args[0]), db, StandardCopyOption.REPLACE_EXISTING);
        System.out.printf("fsync median %.2f ms%n", Bench.fsyncMillis(dir));
        int base = 9_000_000;
        Instant now = Instant.now();
        try (SqlitePersistence seed = SqlitePersistence.open(new PersistenceSettings(db, "NORMAL"))) {
            for (int i = 0; i < calls; i++) {
                seed.calls().insert(Bench.call(base + i, now));
            }
        }
        try (SqlitePersistence persistence = SqlitePersistence.open(PersistenceSettings.durable(db))) {
            AtomicInteger next = new AtomicInteger();
            CountDownLatch done = new CountDownLatch(32);
            CpuMeter.Snapshot cpuBefore = CpuMeter.self().snapshot();
            long[] ioBefore = writerIo();
            long t0 = System.nanoTime();
            for (int t = 0; t < 32; t++) {
                new Thread(() -> {
                    for (int i; (i = next.getAndIncrement()) < calls; ) {
                        CallRecord call = persistence.calls().findById(Bench.call(base + i, now).id()).orElseThrow();
                        CompletionResult r = call.complete(new CallOutcome(CallStatus.COMPLETED, 84, "user: hi", "ok",
                                Optional.empty(), Optional.of(now)), now);
                        CallRecord c = r.call();
                        persistence.calls().recordCompletion(c, List.of(
                                Delivery.ofNotification(new DeliveryId(UUID.randomUUID().toString()), c.id(), c.machineId().orElseThrow(),
                                        NotificationPolicy.compose(c), now),
                                Delivery.ofTranscript(new DeliveryId(UUID.randomUUID().toString()), c.id(), c.machineId().orElseThrow(),
                                        TranscriptFilePolicy.fileFor(c), now)));
                    }
                    done.countDown();
                }).start();
            }
            done.await();
            double seconds = (System.nanoTime() - t0) / 1e9;
            System.out.printf("%d completions in %.2f s = %.0f/s%n", calls, seconds, calls / seconds);
            long[] io = writerIo();
            System.out.printf("writer thread per completion: %.1f KB written in %.1f writes, %.1f KB read in %.1f reads%n",
                    (io[0] - ioBefore[0]) / 1024.0 / calls, (io[1] - ioBefore[1]) / (double) calls,
                    (io[2] - ioBefore[2]) / 1024.0 / calls, (io[3] - ioBefore[3]) / (double) calls);
            System.out.println("CPU: " + CpuMeter.self().snapshot().since(cpuBefore).perRequest(calls));
        }
    }
}
