package dev.ringback.bench;

import dev.ringback.adapters.persistence.PersistenceSettings;
import dev.ringback.adapters.persistence.SqlitePersistence;
import dev.ringback.domain.account.Machine;
import dev.ringback.domain.account.MachineId;
import dev.ringback.domain.account.NotifierRoute;
import dev.ringback.domain.account.Secret;
import dev.ringback.domain.account.User;
import dev.ringback.domain.account.UserId;
import dev.ringback.domain.call.CallId;
import dev.ringback.domain.call.CallOutcome;
import dev.ringback.domain.call.CallRecord;
import dev.ringback.domain.call.CallStatus;
import dev.ringback.domain.call.ProviderCallId;
import dev.ringback.domain.delivery.Delivery;
import dev.ringback.domain.delivery.DeliveryId;
import dev.ringback.domain.notify.NotificationPolicy;
import dev.ringback.domain.phone.PhoneNumber;
import dev.ringback.domain.session.OriginSession;
import dev.ringback.domain.session.SessionKey;
import dev.ringback.domain.session.SessionSource;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The benchmark run (see BENCHMARKS.md): the ceiling, signed webhooks, session reports, webhook
 * to gateway end to end at a fixed rate, backlog drain, cold start and peak RSS, all against the
 * standalone server jar started as its own process on a fresh SQLite file.
 */
public final class Bench {
    static final String WEBHOOK_SECRET = "bench-webhook-secret";
    static final String USER = "bench";
    static final String MACHINE = "bench-machine";
    /** Machines the second backlog is spread over. */
    static final int SPREAD_MACHINES = 64;
    static final int CONNECTIONS = 32;
    /**
     * The paced phase's warm-up, at its rate on calls of its own, not counted. The phase follows
     * the session reports, and without it the first ~0.25 s of its webhooks (the server's first
     * since the ingest window) took 40-80 ms from commit to gateway, where nearly all the rest
     * took under 25 ms: they were the whole of its p99.
     */
    static final double PACED_WARM_UP_SECONDS = 2;
    /** The server's memory flags, as BENCHMARKS.md and the README give them to operators (OperatorFlagsTest). */
    static final String MEMORY_FLAGS =
            "-XX:+UseSerialGC -Xms32m -Xmx128m -Xss512k -XX:MaxMetaspaceSize=96m -XX:ReservedCodeCacheSize=48m";
    static final String WEBHOOK_PATH = "/api/webhooks/bland/status";
    static final String SESSIONS_PATH = "/api/user/sessions/active";
    /** A realistic Bland body carries a transcript; about 1 KB of it here. */
    static final String TRANSCRIPT = ("user: Hello, this is John speaking. \\n assistant: Hi John, I am calling on behalf of Ada"
            + " about dinner at seven tonight. \\n user: Seven works for me, see you there. \\n ").repeat(4);

    record Profile(String name, int webhookCalls, double warmup, double measure, double rate, double rateSeconds,
            int drainDeliveries) {}

    /**
     * With {@code --settle}: a saturating window opens once the load has run the profile's warm-up
     * and the process's JIT compiler threads took under this share of its CPU over the last
     * second, or at {@link #SETTLE_MAX_SECONDS} (or {@code --settle-max}'s seconds) whatever they do.
     */
    static final double COMPILER_SETTLED = 0.02;
    static final double SETTLE_MAX_SECONDS = 40;
    /** Enough for a settled window at ~6,000 webhooks/s: 40 s of warm-up and 10 s measured. */
    static final int SETTLE_WEBHOOK_CALLS = 320_000;
    /** Calls seeded per second of a longer {@code --settle-max}: a 2-core VM where the JIT takes that long runs ~1,500 a second. */
    static final int SETTLE_CALLS_PER_SECOND = 2_500;

    static final Profile FULL = new Profile("full", 200_000, 15, 10, 500, 10, 10_000);
    static final Profile SMOKE = new Profile("smoke", 4_000, 0.5, 1, 100, 1, 300);
    /**
     * The delivery paths only (end to end at 500/s, backlog drain, RSS): the full run's figures for
     * them in about a minute. The webhook phase only warms the server up and is not reported.
     */
    static final Profile DELIVERY = new Profile("delivery", 8_000, 5, 5, 500, 10, 10_000);
    /** The ceiling and webhook ingest only, with the full run's windows: for working on ingest. */
    static final Profile INGEST = new Profile("ingest", 200_000, 15, 10, 0, 0, 0);
    /**
     * Session reports only (their ceiling, the changing key, the same key), with the full run's
     * windows: for working on them. A short webhook phase first warms up what the two share, as
     * the full run's does; it is not reported.
     */
    static final Profile SESSIONS = new Profile("sessions", 20_000, 15, 10, 0, 0, 0);

    private final Profile profile;
    private final Path serverJar;
    private final Path benchJar;
    private final Path resultsDir;
    private final List<String> jvmFlags;
    private final List<String> ceilingFlags;
    private final Report report;
    private final ThreadLocal<Mac> macs = ThreadLocal.withInitial(Bench::mac);
    /** The saturating webhooks' calls on {@link #SPREAD_MACHINES} machines instead of one. */
    private final boolean spread;
    /** Saturating windows wait for the JIT to settle ({@link #COMPILER_SETTLED}), at most this long; 0 when they do not. */
    private final double settleMaxSeconds;
    private final boolean settle;
    private final Durability durability;

    Bench(Profile profile, Path serverJar, Path benchJar, Path resultsDir, List<String> jvmFlags,
            List<String> ceilingFlags, boolean spread, double settleMaxSeconds, Durability durability) {
        this.durability = durability;
        this.spread = spread;
        this.settleMaxSeconds = settleMaxSeconds;
        this.settle = settleMaxSeconds > 0;
        this.profile = profile;
        this.serverJar = serverJar;
        this.benchJar = benchJar;
        this.resultsDir = resultsDir;
        this.jvmFlags = jvmFlags;
        this.ceilingFlags = ceilingFlags;
        this.report = new Report(profile.name() + (spread ? ", webhook calls on " + SPREAD_MACHINES + " machines" : "")
                + (settle ? ", windows after the JIT settled" : ""), jvmFlags, ceilingFlags);
        report.durability(durability);
    }

    public static void main(String[] args) throws Exception {
        Profile profile = FULL;
        Path serverJar = Path.of("bootstrap/target/ringback.jar");
        Path results = Path.of("bench/results");
        boolean keepDatabase = false;
        boolean spread = false;
        double settleMax = 0;
        // The JDK's default JIT (C1 and C2), as operators run it: see BENCHMARKS.md, "JIT".
        List<String> flags = flags("bench.serverJvm", MEMORY_FLAGS);
        // The ceiling keeps the JDK's default JIT whatever the server uses: the fastest bare server, not a matched one.
        List<String> ceilingFlags = flags("bench.ceilingJvm", MEMORY_FLAGS);
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--smoke": profile = SMOKE; break;
                case "--delivery": profile = DELIVERY; break;
                case "--ingest": profile = INGEST; break;
                case "--sessions": profile = SESSIONS; break;
                case "--server-jar": serverJar = Path.of(args[++i]); break;
                case "--results": results = Path.of(args[++i]); break;
                case "--keep-db": keepDatabase = true; break;
                case "--spread": spread = true; break;
                case "--settle": settleMax = Math.max(settleMax, SETTLE_MAX_SECONDS); break;
                case "--settle-max": settleMax = Double.parseDouble(args[++i]); break;
                default: throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        // Read before anything is built: a wrong value stops the run at once.
        Durability durability = Durability.from(System.getenv());
        Path benchJar = Path.of(Bench.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        String stamp = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(Instant.now());
        Path runDir = results.resolve(stamp + "-" + profile.name());
        Files.createDirectories(runDir);
        String cds = System.getProperty("bench.cds", "");
        // The smoke run only proves the harness works; it skips the training start the archive needs.
        if (!cds.isEmpty() && profile != SMOKE) {
            flags = withClassDataSharing(serverJar.toAbsolutePath(), flags, Path.of(cds).toAbsolutePath(), runDir);
        }
        Bench bench = new Bench(profile, serverJar.toAbsolutePath(), benchJar, runDir, flags, ceilingFlags, spread, settleMax, durability);
        boolean ok = bench.run();
        if (!keepDatabase) {
            // A full run's database is ~0.5 GB: kept by every run, they filled this VM's disk.
            deleteDatabase(runDir.resolve("ringback.db"));
        }
        compressLargeLogs(runDir);
        String text = bench.report.render();
        System.out.print(text);
        Files.writeString(runDir.resolve("results.txt"), text);
        Files.writeString(results.resolve("latest-" + profile.name() + ".txt"), text);
        System.out.println("results written to " + runDir.resolve("results.txt"));
        System.exit(ok ? 0 : 1);
    }

    /** A full run's first server log is ~140 MB of request lines; gzip keeps it at a tenth of that. */
    static void compressLargeLogs(Path runDir) throws IOException {
        try (DirectoryStream<Path> logs = Files.newDirectoryStream(runDir, "*.log")) {
            for (Path log : logs) {
                if (Files.size(log) >= 1024 * 1024) {
                    Path gz = log.resolveSibling(log.getFileName() + ".gz");
                    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz), 64 * 1024)) {
                        Files.copy(log, out);
                    }
                    Files.delete(log);
                }
            }
        }
    }

    private static void deleteDatabase(Path database) throws IOException {
        for (String suffix : new String[] {"", "-wal", "-shm"}) {
            Files.deleteIfExists(Path.of(database + suffix));
        }
    }

    private static List<String> flags(String property, String fallback) {
        return List.of(System.getProperty(property, fallback).trim().split("\\s+"));
    }

    /**
     * AppCDS: the classes the server loads up to its first requests, dumped once from a training
     * start (JDK 17: -XX:ArchiveClassesAtExit) and mapped by every later start.
     */
    static List<String> withClassDataSharing(Path serverJar, List<String> flags, Path archive, Path runDir) throws Exception {
        if (!Files.exists(archive)) {
            Files.createDirectories(archive.toAbsolutePath().getParent());
            List<String> training = new ArrayList<>(flags);
            training.add("-XX:ArchiveClassesAtExit=" + archive);
            Path db = runDir.resolve("cds-training.db");
            Map<String, String> env = Map.of("RINGBACK_DB", db.toString(), "RINGBACK_HOST", "127.0.0.1",
                    "RINGBACK_TELEPHONY", "bland", "BLAND_API_KEY", "bench-api-key", "BLAND_API_URL", "http://127.0.0.1:9",
                    "BLAND_WEBHOOK_SECRET", WEBHOOK_SECRET);
            try (ServerProcess server = ServerProcess.ringback(serverJar, training, env, runDir.resolve("cds-training.log"))) {
                try (HttpConnection connection = new HttpConnection(server.port())) {
                    Bench trainer = new Bench(SMOKE, serverJar, serverJar, runDir, flags, flags, false, 0, Durability.DEFAULT);
                    for (int i = 0; i < 50; i++) {
                        connection.exchange(trainer.webhook(i));
                        connection.exchange(HttpConnection.post(SESSIONS_PATH, "Authorization: Bearer nope\r\n",
                                "{\"sessionKey\":\"main\"}".getBytes(StandardCharsets.UTF_8)));
                    }
                }
            }
            deleteDatabase(db);
        }
        List<String> shared = new ArrayList<>(flags);
        shared.add("-XX:SharedArchiveFile=" + archive);
        return shared;
    }

    /**
     * Cold starts measured before the one that serves the load: a start on this VM varies by
     * ±150 ms from one to the next, so the report judges the median of these and that one.
     */
    static final int COLD_STARTS = 5;

    /** Starts and stops the server {@code count} times on the run's database; each start's spawn to first 200. */
    private List<Double> earlierStarts(Map<String, String> env, int count) throws Exception {
        List<Double> millis = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            try (ServerProcess start = ServerProcess.ringback(serverJar, jvmFlags, env, resultsDir.resolve("start-" + i + ".log"))) {
                millis.add(start.coldStartMillis());
            }
        }
        return millis;
    }

    boolean run() throws Exception {
        boolean ok = true;
        Path database = resultsDir.resolve("ringback.db");
        int webhookCalls = settle ? Math.max(profile.webhookCalls(), Math.max(SETTLE_WEBHOOK_CALLS,
                (int) (SETTLE_CALLS_PER_SECOND * (settleMaxSeconds + profile.measure())))) : profile.webhookCalls();
        int e2eCalls = (int) (profile.rate() * profile.rateSeconds());
        int pacedWarmUpCalls = (int) (profile.rate() * Math.min(profile.warmup(), PACED_WARM_UP_SECONDS));
        int drainCalls = profile.drainDeliveries();
        // The calls of each phase, one range after another.
        int pacedFrom = webhookCalls + pacedWarmUpCalls;
        int backlogFrom = pacedFrom + e2eCalls;
        report.machine(fsyncMillis(resultsDir), loadAverage());
        boolean deliveryOnly = profile == DELIVERY;
        boolean sessionsOnly = profile == SESSIONS;
        boolean webhooksReported = !deliveryOnly && !sessionsOnly;
        try (GatewayDouble gateway = new GatewayDouble(); DiskProbe disk = new DiskProbe(resultsDir)) {
            // 1. The ceiling, with the same bodies and the same JVM flags.
            if (webhooksReported) {
                ok &= ceiling("ceiling: bare Undertow, webhook body", this::webhook, "ceiling.log");
            }

            // 2. A fresh database, set up as an operator would, then the calls the webhooks will end.
            Map<String, String> env = serverEnv(database, gateway);
            ServerProcess.cli(serverJar, env, resultsDir.resolve("setup.log"), "add-user", "--id", USER, "--name", "Bench", "--plan", "pro");
            ServerProcess.cli(serverJar, env, resultsDir.resolve("setup.log"), "add-machine", "--user", USER, "--id", MACHINE,
                    "--app-url", "http://127.0.0.1:" + gateway.port(), "--gateway-token", "gw-bench-token-0123456789",
                    "--hook-token", "hook-bench-token-0123456789");
            String token = ServerProcess.cli(serverJar, env, resultsDir.resolve("setup.log"), "issue-token", "--user", USER).strip();
            if (spread) {
                // The saturating webhooks' calls only; the paced phase and the backlogs keep one machine.
                registerSpreadMachines(database, gateway.port());
                seedSpreadCalls(database, 0, webhookCalls);
                seedCalls(database, webhookCalls, pacedWarmUpCalls + e2eCalls + drainCalls);
            } else {
                seedCalls(database, 0, backlogFrom + drainCalls);
            }

            // 3. The server on that file: cold starts, then each hot path.
            List<Double> starts = earlierStarts(env, profile == SMOKE ? 1 : COLD_STARTS - 1);
            ServerProcess server = ServerProcess.ringback(serverJar, jvmFlags, env, resultsDir.resolve("server-1.log"));
            try {
                starts.add(server.coldStartMillis());
                report.coldStarts(starts);
                LoadGenerator load = new LoadGenerator(server.port(), CONNECTIONS);

                CpuWindow webhookCpu = CpuWindow.ofRingback(server);
                AtomicLong webhooksSent = new AtomicLong();
                OwedWatch owed = new OwedWatch(webhookCpu, webhooksSent, gateway);
                LoadGenerator.Result webhooks = load.saturate(i -> {
                    webhooksSent.incrementAndGet();
                    return webhook(i);
                }, webhookCalls, warmUp(webhookCpu), profile.measure(), owed);
                if (webhooksReported) {
                    report.webhooks(webhooks);
                    report.warmUp(webhooks, webhookCpu);
                    report.cpu(webhookCpu, webhooks.requests());
                    report.owed(owed.atOpen, owed.atClose, webhookCpu.seconds);
                    report.cpuAtTarget(Report.INGEST_TARGET, webhookCpu, webhooks.requests());
                    report.disk(disk.between(webhooks.from(), webhooks.to()));
                }
                ok &= webhooks.errors() == 0;
                ok &= awaitQuiet(gateway, "deliveries of the webhook phase");
                if (profile == INGEST) {
                    report.rss("server under load", server.peakRssKb());
                    report.loadAfter(loadAverage());
                    report.verdict(ok);
                    return ok;
                }

                List<byte[]> sessionBodies = new ArrayList<>();
                for (int i = 0; i < 64; i++) {
                    sessionBodies.add(HttpConnection.post(SESSIONS_PATH, "Authorization: Bearer " + token + "\r\n",
                            ("{\"sessionKey\":\"agent:main:bench-" + i + "\"}").getBytes(StandardCharsets.UTF_8)));
                }
                if (!deliveryOnly) {
                    IntFunction<byte[]> sessionReports = i -> sessionBodies.get(i % sessionBodies.size());
                    // The session reports' own ceiling, taken right before them: their body, not a
                    // webhook's, and this VM's speed drifts over the minutes since the first one.
                    ok &= ceiling("ceiling: bare Undertow, session body", sessionReports, "ceiling-sessions.log");
                    CpuWindow sessionCpu = CpuWindow.ofRingback(server);
                    LoadGenerator.Result sessions = load.saturate(sessionReports, Integer.MAX_VALUE, warmUp(sessionCpu),
                            profile.measure(), sessionCpu);
                    report.sessions(sessions);
                    report.warmUp(sessions, sessionCpu);
                    report.cpu(sessionCpu, sessions.requests());
                    report.cpuAtTarget(Report.SESSIONS_TARGET, sessionCpu, sessions.requests());
                    report.disk(disk.between(sessions.from(), sessions.to()));
                    ok &= sessions.errors() == 0;
                    // What a dashboard mostly sends: the key it reported last time, which is a read only.
                    byte[] sameKey = sessionBodies.get(0);
                    LoadGenerator.Result repeats = load.saturate(i -> sameKey, Integer.MAX_VALUE,
                            Math.min(profile.warmup(), 3), profile.measure());
                    report.repeatedSessions(repeats);
                    ok &= repeats.errors() == 0;
                }
                if (sessionsOnly) {
                    report.rss("server under load", server.peakRssKb());
                    report.loadAfter(loadAverage());
                    report.verdict(ok);
                    return ok;
                }

                gateway.reset();
                Latencies warmUp = new Latencies();
                LoadGenerator.Result warm = pacedCalls(load, gateway, webhookCalls, pacedWarmUpCalls, warmUp);
                ok &= warmUp.count() == pacedWarmUpCalls && warm.errors() == 0;
                ok &= awaitQuiet(gateway, "deliveries of the paced warm-up");
                gateway.reset();
                Latencies e2e = new Latencies();
                StoreMeter writer = new StoreMeter(server.port());
                Optional<StoreMeter.Snapshot> writerBefore = writer.snapshot();
                long pacedStart = System.nanoTime();
                LoadGenerator.Result paced = pacedCalls(load, gateway, pacedFrom, e2eCalls, e2e);
                double pacedSeconds = (System.nanoTime() - pacedStart) / 1e9;
                Optional<StoreMeter.Snapshot> writerSpent = writer.snapshot()
                        .flatMap(after -> writerBefore.map(after::since));
                ok &= e2e.count() == e2eCalls && paced.errors() == 0;
                report.endToEnd(profile.rate(), paced, e2e, e2eCalls);
                report.commitToGateway(commitToGateway(resultsDir.resolve("server-1.log"), pacedFrom, e2eCalls));
                writerSpent.ifPresent(spent -> report.pacedWriter(spent, pacedSeconds));
                report.pacedWarmUp(pacedWarmUpCalls / profile.rate(), warmUp, pacedWarmUpCalls);
                report.disk(disk.between(paced.from(), paced.to()));
                ok &= awaitQuiet(gateway, "deliveries of the paced phase");
                report.rss("server under load", server.peakRssKb());
            } finally {
                server.close();
            }

            // 4. A backlog left by a stopped server: how fast does a restarted one drain it?
            seedBacklog(database, backlogFrom, drainCalls);
            gateway.reset();
            ServerProcess restarted = ServerProcess.ringback(serverJar, jvmFlags, env, resultsDir.resolve("server-2.log"));
            try {
                report.restart(restarted.coldStartMillis());
                boolean drained = awaitCount(gateway, drainCalls, 120);
                ok &= drained;
                report.drain(drainCalls, gateway.requests.get(), (gateway.lastAt.get() - gateway.firstAt.get()) / 1e9);
                report.rss("server draining", restarted.peakRssKb());
            } finally {
                restarted.close();
            }

            // 4c. The same backlog owed to many machines, as after an outage of Ringback itself:
            // one machine takes its deliveries one at a time, many are served in parallel.
            seedSpreadBacklog(database, backlogFrom + drainCalls, drainCalls, gateway.port());
            gateway.reset();
            ServerProcess spread = ServerProcess.ringback(serverJar, jvmFlags, env, resultsDir.resolve("server-3.log"));
            try {
                boolean drained = awaitCount(gateway, drainCalls, 120);
                ok &= drained;
                report.drainSpread(SPREAD_MACHINES, drainCalls, gateway.requests.get(),
                        (gateway.lastAt.get() - gateway.firstAt.get()) / 1e9);
            } finally {
                spread.close();
            }
        }
        report.loadAfter(loadAverage());
        report.verdict(ok);
        return ok;
    }

    /**
     * Deliveries owed when the ingest window opens and closes: two per webhook sent, less what the
     * gateway double has received (the webhooks in flight make it at most 64 too many). Under
     * saturation the delivery side falls behind, and the later the window, the more is owed.
     */
    static final class OwedWatch implements LoadGenerator.WindowWatch {
        private final CpuWindow cpu;
        private final AtomicLong webhooksSent;
        private final GatewayDouble gateway;
        volatile long atOpen = Long.MIN_VALUE;
        volatile long atClose = Long.MIN_VALUE;

        OwedWatch(CpuWindow cpu, AtomicLong webhooksSent, GatewayDouble gateway) {
            this.cpu = cpu;
            this.webhooksSent = webhooksSent;
            this.gateway = gateway;
        }

        private long owedNow() {
            return 2 * webhooksSent.get() - gateway.requests.get();
        }

        @Override
        public void opened() {
            atOpen = owedNow();
            cpu.opened();
        }

        @Override
        public void closed() {
            cpu.closed();
            atClose = owedNow();
        }
    }

    /** CPU of the server (or ceiling) process and of this harness over one measured window. */
    static final class CpuWindow implements LoadGenerator.WindowWatch {
        private final CpuMeter server;
        private final CpuMeter harness = CpuMeter.self();
        private final WriteMeter serverWrites;
        private final GcMeter serverGc;
        private CpuMeter.Snapshot serverBefore;
        private CpuMeter.Snapshot harnessBefore;
        private WriteMeter.Snapshot writesBefore;
        private GcMeter.Snapshot gcBefore;
        private long stolenBefore;
        private long openedAt;
        private final Optional<StoreMeter> store;
        private Optional<StoreMeter.Snapshot> storeBefore = Optional.empty();
        volatile CpuMeter.Snapshot serverSpent;
        /** The server's database writer over the window; empty for the ceiling, or if /metrics did not answer. */
        volatile Optional<StoreMeter.Snapshot> storeSpent = Optional.empty();
        volatile CpuMeter.Snapshot harnessSpent;
        volatile WriteMeter.Snapshot serverWritten;
        volatile GcMeter.Window serverGcs;
        volatile long stolenNanos;
        volatile double seconds;

        CpuWindow(long serverPid) {
            this(serverPid, Optional.empty());
        }

        /** A window of the Ringback server, whose database writer's counters are read at its edges too. */
        static CpuWindow ofRingback(ServerProcess server) {
            return new CpuWindow(server.pid(), Optional.of(new StoreMeter(server.port())));
        }

        private CpuWindow(long serverPid, Optional<StoreMeter> store) {
            this.store = store;
            this.server = new CpuMeter(serverPid);
            this.serverWrites = new WriteMeter(serverPid);
            this.serverGc = new GcMeter(serverPid);
        }

        /** The compiler's share of the process's CPU the last time {@link #compilerQuiet} was asked; -1 before. */
        volatile double compilerShare = -1;

        /**
         * True when, since it was last asked (once a second during a warm-up), the process's JIT
         * compiler threads took under {@code share} of its CPU.
         */
        BooleanSupplier compilerQuiet(double share) {
            return new BooleanSupplier() {
                private CpuMeter.Snapshot last;

                @Override
                public boolean getAsBoolean() {
                    CpuMeter.Snapshot now = server.snapshot();
                    boolean quiet = false;
                    if (last != null) {
                        CpuMeter.Snapshot spent = now.since(last);
                        long compiler = spent.nanosByGroup().entrySet().stream()
                                .filter(group -> group.getKey().contains("CompilerThre"))
                                .mapToLong(Map.Entry::getValue).sum();
                        compilerShare = spent.total() > 0 ? (double) compiler / spent.total() : 0;
                        quiet = compilerShare < share;
                    }
                    last = now;
                    return quiet;
                }
            };
        }

        @Override
        public void opened() {
            // The wall clock brackets the CPU snapshots, as closed() does: cores busy is their quotient.
            openedAt = System.nanoTime();
            stolenBefore = HostCpu.stolenNanos();
            serverBefore = server.snapshot();
            harnessBefore = harness.snapshot();
            writesBefore = serverWrites.snapshot();
            gcBefore = serverGc.snapshot();
            storeBefore = store.flatMap(StoreMeter::snapshot);
        }

        @Override
        public void closed() {
            serverSpent = server.snapshot().since(serverBefore);
            harnessSpent = harness.snapshot().since(harnessBefore);
            stolenNanos = HostCpu.stolenNanos() - stolenBefore;
            seconds = (System.nanoTime() - openedAt) / 1e9;
            serverWritten = serverWrites.snapshot().since(writesBefore);
            serverGcs = serverGc.snapshot().since(gcBefore);
            Optional<StoreMeter.Snapshot> before = storeBefore;
            storeSpent = store.flatMap(StoreMeter::snapshot).flatMap(after -> before.map(after::since));
        }
    }

    private static final Pattern WEBHOOK_LINE = Pattern.compile(
            "^(\\S+) INFO \\S*RequestLog: POST " + WEBHOOK_PATH + " 200 .*recorded the end of call (bc-\\d+)");
    private static final Pattern NOTIFIED_LINE = Pattern.compile(
            "^(\\S+) INFO \\S*DeliverDueService: delivery \\S+ \\(notification of call (bc-\\d+)\\) attempt 1: .*-> delivered");

    /**
     * The delivery side alone: from the webhook's answer (sent after its outcome committed) to the
     * attempt that the gateway accepted, both as the server logged them (millisecond timestamps),
     * for the paced calls. The webhook's own queueing and ingest time are left out.
     */
    static Latencies commitToGateway(Path serverLog, int from, int count) throws IOException {
        Map<String, Instant> committed = new HashMap<>();
        Map<String, Instant> notified = new HashMap<>();
        try (Stream<String> lines = Files.lines(serverLog, StandardCharsets.UTF_8)) {
            lines.forEach(line -> {
                Matcher m = WEBHOOK_LINE.matcher(line);
                if (m.find()) {
                    committed.put(m.group(2), Instant.parse(m.group(1)));
                } else if ((m = NOTIFIED_LINE.matcher(line)).find()) {
                    notified.putIfAbsent(m.group(2), Instant.parse(m.group(1)));
                }
            });
        }
        Latencies latencies = new Latencies();
        for (int i = from; i < from + count; i++) {
            Instant at = committed.get(callId(i));
            Instant accepted = notified.get(callId(i));
            if (at != null && accepted != null) {
                latencies.add(Duration.between(at, accepted).toNanos());
            }
        }
        return latencies;
    }

    /** Median time of a 4 KiB write + fsync where the database lives: the floor under every durable commit. */
    static double fsyncMillis(Path dir) throws IOException {
        Path probe = dir.resolve("fsync.probe");
        long[] samples = new long[50];
        try (FileChannel channel = FileChannel.open(probe, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            ByteBuffer block = ByteBuffer.allocate(4096);
            for (int i = 0; i < samples.length; i++) {
                block.clear();
                long t0 = System.nanoTime();
                channel.write(block, (long) i * 4096);
                channel.force(false);
                samples[i] = System.nanoTime() - t0;
            }
        } finally {
            Files.deleteIfExists(probe);
        }
        java.util.Arrays.sort(samples);
        return samples[samples.length / 2] / 1e6;
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+", 4)[0];
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }

    /** The profile's warm-up; with {@code --settle}, longer until the JIT in the process {@code cpu} watches settles. */
    private LoadGenerator.WarmUp warmUp(CpuWindow cpu) {
        if (!settle) {
            return LoadGenerator.WarmUp.fixed(profile.warmup());
        }
        return new LoadGenerator.WarmUp(profile.warmup(), Math.max(profile.warmup(), settleMaxSeconds),
                cpu.compilerQuiet(COMPILER_SETTLED));
    }

    /**
     * Measures the bare server on {@code requests} and makes it the reference of the rows that
     * follow; true when no request failed.
     */
    private boolean ceiling(String name, IntFunction<byte[]> requests, String log) throws Exception {
        try (ServerProcess ceiling = ServerProcess.ceiling(benchJar, ceilingFlags, resultsDir.resolve(log))) {
            CpuWindow cpu = new CpuWindow(ceiling.pid());
            LoadGenerator.Result result = new LoadGenerator(ceiling.port(), CONNECTIONS)
                    .saturate(requests, Integer.MAX_VALUE, warmUp(cpu), profile.measure(), cpu);
            report.ceiling(name, result);
            report.warmUp(result, cpu);
            report.cpu(cpu, result.requests());
            return result.errors() == 0;
        }
    }

    private Map<String, String> serverEnv(Path database, GatewayDouble gateway) {
        return Map.of(
                "RINGBACK_DB", database.toAbsolutePath().toString(),
                "RINGBACK_HOST", "127.0.0.1",
                "RINGBACK_TELEPHONY", "bland",
                "BLAND_API_KEY", "bench-api-key",
                "BLAND_API_URL", "http://127.0.0.1:9",
                "BLAND_WEBHOOK_SECRET", WEBHOOK_SECRET,
                "RINGBACK_METRICS_TOKEN", StoreMeter.TOKEN,
                Durability.VARIABLE, durability.synchronous());
    }

    static String callId(int i) {
        return String.format(Locale.ROOT, "bc-%07d", i);
    }

    static String providerId(int i) {
        return String.format(Locale.ROOT, "bland-%07d", i);
    }

    /** Bland's completion for call {@code i}, signed as Bland signs it. */
    byte[] webhook(int i) {
        byte[] body = ("{\"call_id\":\"" + providerId(i) + "\",\"status\":\"completed\",\"completed\":true,"
                + "\"call_length\":1.4,\"answered_by\":\"human\",\"to\":\"+12025550199\",\"from\":\"+12025550100\","
                + "\"summary\":\"John confirmed dinner at seven.\",\"concatenated_transcript\":\"" + TRANSCRIPT + "\","
                + "\"metadata\":{\"ringback_call_id\":\"" + callId(i) + "\"}}").getBytes(StandardCharsets.UTF_8);
        String signature = HexFormat.of().formatHex(macs.get().doFinal(body));
        return HttpConnection.post(WEBHOOK_PATH, "X-Webhook-Signature: " + signature + "\r\n", body);
    }

    private static Mac mac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(WEBHOOK_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static CallRecord call(int i, Instant now) {
        return call(i, new UserId(USER), new MachineId(MACHINE), now);
    }

    /** Call {@code i} on machine {@code i % SPREAD_MACHINES} ({@link #registerSpreadMachines}). */
    private static CallRecord spreadCall(int i, Instant now) {
        int m = i % SPREAD_MACHINES;
        return call(i, new UserId(spreadUser(m)), new MachineId(spreadMachine(m)), now);
    }

    /** Call {@code i} placed for {@code user} from {@code machine} and accepted by Bland. */
    private static CallRecord call(int i, UserId user, MachineId machine, Instant now) {
        return CallRecord.placeOutbound(new CallId(callId(i)), user, machine, new PhoneNumber("+12025550100"),
                new PhoneNumber("+12025550199"), "Ask John whether dinner at 7 works",
                new OriginSession(SessionKey.MAIN, SessionSource.DEFAULT), now)
                .acceptedByProvider(new ProviderCallId(providerId(i)));
    }

    /**
     * Ends call {@code i} of a backlog of {@code count} from {@code from} and saves its owed
     * notification, as a server stopped mid-backlog leaves them.
     */
    private static void endWithNotificationOwed(SqlitePersistence persistence, CallRecord placed, int from, int count,
            int i, Instant now) {
        CallRecord ended = placed.complete(new CallOutcome(CallStatus.COMPLETED, 84, TRANSCRIPT.replace("\\n", "\n"),
                "John confirmed dinner at seven.", Optional.empty(), Optional.of(now)), now).call();
        persistence.calls().updateUnfinished(ended);
        // Owed since the server stopped, one after another: a backlog builds up over time.
        Instant owedSince = now.minusMillis(from + count - i);
        persistence.deliveries().save(Delivery.ofNotification(new DeliveryId("bd-" + callId(i)), ended.id(),
                ended.machineId().orElseThrow(), NotificationPolicy.compose(ended), owedSince));
    }

    /** Calls placed and accepted by Bland, waiting for their end (written fast: seeding is not measured). */
    private static void seedCalls(Path database, int from, int count) throws Exception {
        Instant now = Instant.now();
        inParallel(database, from, count, (persistence, i) -> persistence.calls().insert(call(i, now)));
    }

    /** Ended calls whose notifications are owed and due now, as a server stopped mid-backlog leaves them. */
    private static void seedBacklog(Path database, int from, int count) throws Exception {
        Instant now = Instant.now();
        inParallel(database, from, count,
                (persistence, i) -> endWithNotificationOwed(persistence, call(i, now), from, count, i, now));
    }

    /**
     * {@link #seedBacklog} spread over {@link #SPREAD_MACHINES} machines of as many users, each
     * machine registered as {@code add-machine} would (written directly: seeding is not measured).
     */
    private static void seedSpreadBacklog(Path database, int from, int count, int gatewayPort) throws Exception {
        registerSpreadMachines(database, gatewayPort);
        Instant now = Instant.now();
        inParallel(database, from, count, (persistence, i) -> {
            CallRecord placed = spreadCall(i, now);
            persistence.calls().insert(placed);
            endWithNotificationOwed(persistence, placed, from, count, i, now);
        });
    }

    /** The {@link #SPREAD_MACHINES} users and machines, once (written directly: seeding is not measured). */
    private static void registerSpreadMachines(Path database, int gatewayPort) throws Exception {
        try (SqlitePersistence persistence = SqlitePersistence.open(new PersistenceSettings(database, "NORMAL"))) {
            if (persistence.users().findById(new UserId(spreadUser(0))).isPresent()) {
                return;
            }
            for (int m = 0; m < SPREAD_MACHINES; m++) {
                persistence.users().save(new User(new UserId(spreadUser(m)), "Bench " + m, "pro", Optional.empty(),
                        Optional.empty()));
                persistence.machines().save(new Machine(new MachineId(spreadMachine(m)), new UserId(spreadUser(m)),
                        URI.create("http://127.0.0.1:" + gatewayPort), new Secret("gw-bench-token-" + m + "-0123456789"),
                        new Secret("hook-bench-token-" + m + "-0123456789"), Machine.DEFAULT_HOOKS_PATH, Set.of("main"),
                        NotifierRoute.HOOKS, Optional.empty()));
            }
        }
    }

    /**
     * Calls in flight as {@link #seedCalls} makes them, call {@code i} on machine
     * {@code i % SPREAD_MACHINES}: each machine's deliveries then go by a thread of their own.
     */
    private static void seedSpreadCalls(Path database, int from, int count) throws Exception {
        Instant now = Instant.now();
        inParallel(database, from, count, (persistence, i) -> persistence.calls().insert(spreadCall(i, now)));
    }

    private static String spreadUser(int m) {
        return "bench-user-" + m;
    }

    private static String spreadMachine(int m) {
        return "bench-machine-" + m;
    }

    interface Seed {
        void write(SqlitePersistence persistence, int i);
    }

    private static void inParallel(Path database, int from, int count, Seed seed) throws Exception {
        try (SqlitePersistence persistence = SqlitePersistence.open(new PersistenceSettings(database, "NORMAL"))) {
            ExecutorService pool = Executors.newFixedThreadPool(16);
            try {
                List<Future<?>> futures = new ArrayList<>();
                int threads = 16;
                for (int t = 0; t < threads; t++) {
                    int first = from + t;
                    futures.add(pool.submit(() -> {
                        for (int i = first; i < from + count; i += threads) {
                            seed.write(persistence, i);
                        }
                    }));
                }
                for (Future<?> future : futures) {
                    future.get();
                }
            } finally {
                pool.shutdown();
            }
        }
    }

    /** Waits until the gateway has seen no request for a while: the outbox is empty. */
    private static boolean awaitQuiet(GatewayDouble gateway, String what) throws InterruptedException {
        long deadline = System.nanoTime() + 180_000_000_000L;
        long seen = -1;
        long stableSince = System.nanoTime();
        while (System.nanoTime() < deadline) {
            long now = gateway.requests.get();
            if (now != seen) {
                seen = now;
                stableSince = System.nanoTime();
            } else if (System.nanoTime() - stableSince > 1_500_000_000L) {
                return true;
            }
            Thread.sleep(50);
        }
        System.err.println("timed out waiting for " + what);
        return false;
    }

    /**
     * Calls {@code from} to {@code from + count} ended at the profile's rate, open loop; each one's
     * time from its intended send to its notification at the gateway goes to {@code e2e}.
     */
    private LoadGenerator.Result pacedCalls(LoadGenerator load, GatewayDouble gateway, int from, int count, Latencies e2e)
            throws InterruptedException {
        long[] intended = new long[count];
        LoadGenerator.Result paced = load.fixedRate(i -> webhook(from + i), count, profile.rate(), (i, at) -> intended[i] = at);
        awaitNotifications(gateway, from, count);
        for (int i = 0; i < count; i++) {
            Long at = gateway.notifiedAt.get(callId(from + i));
            if (at != null) {
                e2e.add(at - intended[i]);
            }
        }
        return paced;
    }

    /** Waits up to a minute for the calls' notifications; the caller judges by the latencies it collects. */
    private static void awaitNotifications(GatewayDouble gateway, int from, int count) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline) {
            int missing = 0;
            for (int i = 0; i < count && missing == 0; i++) {
                if (!gateway.notifiedAt.containsKey(callId(from + i))) {
                    missing++;
                }
            }
            if (missing == 0) {
                return;
            }
            Thread.sleep(20);
        }
        System.err.println("some paced calls were never notified");
    }

    private static boolean awaitCount(GatewayDouble gateway, int count, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (gateway.requests.get() >= count) {
                return true;
            }
            Thread.sleep(5);
        }
        System.err.println("backlog not drained: " + gateway.requests.get() + " of " + count);
        return false;
    }
}
