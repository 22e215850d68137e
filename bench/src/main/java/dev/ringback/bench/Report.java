package dev.ringback.bench;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** The figures of one run, printed as a table with each target and whether it was met. */
final class Report {
    private static final int CORES = Runtime.getRuntime().availableProcessors();
    static final double INGEST_TARGET = 0.30;
    static final double SESSIONS_TARGET = 0.50;

    private final String profile;
    private final List<String> jvmFlags;
    private final List<String> ceilingFlags;
    private final List<String> rows = new ArrayList<>();
    private double ceiling = Double.NaN;
    private boolean ok;
    private long peakRssKb = -1;

    Report(String profile, List<String> jvmFlags, List<String> ceilingFlags) {
        this.profile = profile;
        this.jvmFlags = jvmFlags;
        this.ceilingFlags = ceilingFlags;
    }

    private String machine = "";
    private Durability durability = Durability.DEFAULT;

    void durability(Durability chosen) {
        this.durability = chosen;
    }

    void machine(double fsyncMillis, String load) {
        machine = String.format(Locale.ROOT, "fsync (4 KiB write + force, median): %.2f ms; load average before: %s",
                fsyncMillis, load);
    }

    void loadAfter(String load) {
        machine += ", after: " + load;
    }

    /** A ceiling row; the ratios of the rows after it are to this one. */
    void ceiling(String name, LoadGenerator.Result r) {
        ceiling = r.perSecond();
        rows.add(row(name, r, "-"));
    }

    void webhooks(LoadGenerator.Result r) {
        double ratio = r.perSecond() / ceiling;
        double p99 = r.latencies().percentileMillis(99);
        rows.add(row("webhook ingest (signed, committed)", r,
                target(ratio >= INGEST_TARGET && p99 <= 20, ">=0.30 and p99<=20ms")));
        cutShort(r);
    }

    /** A window whose prepared requests ran out ended early, with connections going idle: say so. */
    private void cutShort(LoadGenerator.Result r) {
        if (r.ranOut()) {
            rows.add(String.format(Locale.ROOT, "  window cut short: the prepared calls ran out after %.1f s; seed more", r.seconds()));
        }
    }

    void sessions(LoadGenerator.Result r) {
        rows.add(row("POST /api/user/sessions/active", r, target(r.perSecond() / ceiling >= SESSIONS_TARGET, ">=0.50")));
    }

    /** Information only: the target is the changing-key row above, which waits for a commit. */
    void repeatedSessions(LoadGenerator.Result r) {
        rows.add(row("  the same key again (read only)", r, "-"));
    }

    void endToEnd(double rate, LoadGenerator.Result webhook, Latencies e2e, int expected) {
        rows.add(String.format(Locale.ROOT, "%-36s %9.0f %8.2f %8.2f %8.2f %7s  %s", "webhook at " + (int) rate + "/s (open loop)",
                webhook.perSecond(), webhook.latencies().percentileMillis(50), webhook.latencies().percentileMillis(99),
                webhook.latencies().percentileMillis(99.9), "-", "errors=" + webhook.errors()));
        double p50 = e2e.percentileMillis(50);
        double p99 = e2e.percentileMillis(99);
        rows.add(endToEndRow("webhook -> gateway accepted", e2e, expected,
                target(p50 <= 5 && p99 <= 50 && e2e.count() == expected, "p50<=5ms p99<=50ms")));
    }

    /** A row of webhook -> gateway latencies: how many of those expected arrived, p50, p99, p99.9, and a note. */
    private static String endToEndRow(String label, Latencies e2e, int expected, String note) {
        return String.format(Locale.ROOT, "%-36s %9s %8.2f %8.2f %8.2f %7s  %s", label, e2e.count() + "/" + expected,
                e2e.percentileMillis(50), e2e.percentileMillis(99), e2e.percentileMillis(99.9), "-", note);
    }

    /** The paced phase's warm-up ({@link Bench#PACED_WARM_UP_SECONDS}): shown, not judged. */
    void pacedWarmUp(double seconds, Latencies e2e, int expected) {
        rows.add(endToEndRow(String.format(Locale.ROOT, "  its warm-up, %.1f s before it", seconds), e2e, expected,
                "not counted"));
    }

    /** From the server's log: the webhook's answer (after commit) to the gateway's acceptance, ms resolution. */
    void commitToGateway(Latencies latencies) {
        rows.add(String.format(Locale.ROOT, "%-36s %9s %8.0f %8.0f %8.0f %7s  %s", "  of which: commit -> accepted (log)",
                latencies.count() + "", latencies.percentileMillis(50), latencies.percentileMillis(99),
                latencies.percentileMillis(99.9), "-", "server log, 1 ms resolution"));
    }

    /**
     * The database writer over the paced phase: every webhook's commit, and every delivery run's
     * claim and save, pass through it in turn, so its busy share is what the latencies above queue on.
     */
    void pacedWriter(StoreMeter.Snapshot spent, double seconds) {
        rows.add("  database writer: " + spent.over(seconds));
    }

    /** How long the load ran before the window and, with {@code --settle}, whether the JIT had settled by then. */
    void warmUp(LoadGenerator.Result r, Bench.CpuWindow window) {
        if (window.compilerShare < 0) {
            rows.add(String.format(Locale.ROOT, "  warm-up: %.1f s", r.warmupSeconds()));
            return;
        }
        boolean settled = window.compilerShare < Bench.COMPILER_SETTLED;
        rows.add(String.format(Locale.ROOT, "  warm-up: %.1f s, %s (JIT compiler at %.1f %% of the process's CPU in its last second)",
                r.warmupSeconds(), settled ? "until the JIT settled" : "the longest allowed",
                100 * window.compilerShare));
    }

    /** See {@link Bench.OwedWatch}; nothing when the window never opened. */
    void owed(long atOpen, long atClose, double seconds) {
        if (atOpen == Long.MIN_VALUE || atClose == Long.MIN_VALUE) {
            return;
        }
        rows.add(String.format(Locale.ROOT, "  deliveries owed (2 per webhook sent, less those at the gateway): %,d when the window"
                + " opened, %,d when it closed%s", atOpen, atClose,
                seconds > 0 ? String.format(Locale.ROOT, " (%+,.0f/s)", (atClose - atOpen) / seconds) : ""));
    }

    /** Information: the CPU the row above's measured window cost, per request, by thread group. */
    void cpu(Bench.CpuWindow window, long requests) {
        if (window.serverSpent == null) {
            return;
        }
        rows.add("  CPU, server:  " + window.serverSpent.perRequest(requests));
        rows.add("  CPU, harness: " + window.harnessSpent.perRequest(requests) + " (load generator, gateway double)");
        if (window.serverWritten != null && !window.serverWritten.bytesByGroup().isEmpty()) {
            rows.add("  storage writes, server: " + window.serverWritten.perRequest(requests) + " (by thread)");
        }
        if (window.serverGcs != null && window.serverGcs.read()) {
            rows.add("  memory, server: " + window.serverGcs.perRequest(requests, window.seconds));
        }
        if (window.seconds > 0) {
            double server = window.serverSpent.total() / 1e9 / window.seconds;
            double harness = window.harnessSpent.total() / 1e9 / window.seconds;
            double stolen = window.stolenNanos / 1e9 / window.seconds;
            rows.add(String.format(Locale.ROOT, "  cores busy: %.2f of %d (server %.2f, harness %.2f); taken by the hypervisor %.2f",
                    server + harness, CORES, server, harness, stolen));
            String waiting = window.serverSpent.waitingOver(window.seconds);
            if (!waiting.isEmpty()) {
                rows.add("  server threads ready but without a core: " + waiting + " of the window");
            }
            window.storeSpent.ifPresent(store -> rows.add("  database writer: " + store.over(window.seconds)));
            if (requests > 0 && window.serverSpent.timesScheduled() > 0) {
                rows.add(String.format(Locale.ROOT, "  server threads put on a core: %.1f times per request",
                        (double) window.serverSpent.timesScheduled() / requests));
            }
        }
    }

    /**
     * Information, under a ratio target: the server CPU per request that the target's rate would
     * leave on these cores once the harness has taken its measured share, next to what the server
     * spent. A path whose cores are all busy cannot reach its target while it spends more.
     */
    void cpuAtTarget(double ratio, Bench.CpuWindow window, long requests) {
        if (window.serverSpent == null || requests <= 0 || !(ceiling > 0)) {
            return;
        }
        double rate = ratio * ceiling;
        double perRequest = CORES * 1e6 / rate;
        double harness = window.harnessSpent.total() / 1e3 / requests;
        double server = window.serverSpent.total() / 1e3 / requests;
        rows.add(String.format(Locale.ROOT,
                "  CPU at the target: %.2f of the ceiling = %.0f/s leaves %.0f us/request on %d cores, %.0f us for the server after the harness's %.0f (spent %.0f)",
                ratio, rate, perRequest, CORES, perRequest - harness, harness, server));
    }

    /** Information: the disk's slow fsyncs during the row above's measured window (DiskProbe). */
    void disk(DiskProbe.Window window) {
        rows.add(String.format(Locale.ROOT, "%-36s %9s %8s %8s %8s %7s  %s", "  disk meanwhile: fsync >= 50 ms",
                window.slow() + "/" + window.probes(), "", "", "", "-",
                String.format(Locale.ROOT, "max %.0f ms, one probe every %d ms", window.maxMillis(), DiskProbe.INTERVAL_MILLIS)));
    }

    void drain(int expected, long received, double seconds) {
        double rate = received / seconds;
        rows.add(String.format(Locale.ROOT, "%-36s %9.0f deliveries/s (%d of %d in %.2f s)  %s", "backlog drain, one machine", rate,
                received, expected, seconds, target(rate >= 2000 && received >= expected, ">=2000/s")));
    }

    /** The same backlog over many machines: what a restart after an outage meets. */
    void drainSpread(int machines, int expected, long received, double seconds) {
        double rate = received / seconds;
        rows.add(String.format(Locale.ROOT, "%-36s %9.0f deliveries/s (%d of %d in %.2f s)  %s",
                "backlog drain, " + machines + " machines", rate, received, expected, seconds,
                target(rate >= 2000 && received >= expected, ">=2000/s")));
    }

    /** Spawn to first 200 of several starts: the median judged, every start listed. */
    void coldStarts(List<Double> millis) {
        List<Double> sorted = millis.stream().sorted().toList();
        int n = sorted.size();
        double median = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
        String each = millis.stream().map(ms -> String.format(Locale.ROOT, "%.0f", ms)).collect(Collectors.joining(", "));
        rows.add(String.format(Locale.ROOT, "%-36s %9.0f ms  %s", "cold start to first served request", median,
                target(n > 0 && median <= 1000, "<=1000ms")
                        + String.format(Locale.ROOT, "  (median of %d starts: %s ms)", n, each)));
    }

    void restart(double millis) {
        rows.add(String.format(Locale.ROOT, "%-36s %9.0f ms", "restart with a backlog, first request", millis));
    }

    void rss(String what, long kb) {
        peakRssKb = Math.max(peakRssKb, kb);
        rows.add(String.format(Locale.ROOT, "%-36s %9.1f MB  %s", "peak RSS, " + what, kb / 1024.0,
                target(kb > 0 && kb <= 200 * 1024, "<=200MB")));
    }

    void verdict(boolean ok) {
        this.ok = ok;
    }

    private String row(String name, LoadGenerator.Result r, String target) {
        double ratio = r.perSecond() / ceiling;
        return String.format(Locale.ROOT, "%-36s %9.0f %8.2f %8.2f %8.2f %7.2f  %s%s", name, r.perSecond(),
                r.latencies().percentileMillis(50), r.latencies().percentileMillis(99), r.latencies().percentileMillis(99.9),
                ratio, target, r.errors() == 0 ? "" : "  ERRORS=" + r.errors());
    }

    private static String target(boolean met, String target) {
        return (met ? "met     " : "MISSED  ") + target;
    }

    String render() {
        StringBuilder out = new StringBuilder();
        out.append("Ringback benchmark, profile ").append(profile).append(", ").append(Instant.now())
                .append(", ").append(CORES).append(" cores, ")
                .append(Bench.CONNECTIONS).append(" connections\n");
        out.append("server JVM: ").append(String.join(" ", jvmFlags)).append('\n');
        out.append("ceiling JVM: ").append(String.join(" ", ceilingFlags)).append('\n');
        out.append(durability.describe()).append('\n');
        out.append(machine).append('\n');
        out.append(String.format(Locale.ROOT, "%-36s %9s %8s %8s %8s %7s  %s%n", "path", "req/s", "p50 ms", "p99 ms",
                "p99.9 ms", "ratio", "target"));
        rows.forEach(row -> out.append(row).append('\n'));
        out.append("harness: ").append(ok ? "OK" : "FAILED (see the messages above)").append('\n');
        return out.toString();
    }
}
