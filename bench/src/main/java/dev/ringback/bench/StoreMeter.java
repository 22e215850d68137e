package dev.ringback.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * The server's database writer over a window, from its own {@code /metrics} counters: how much of
 * the wall clock it spent running writes and committing them, and how many writes a commit held.
 * Where the CPU figures say what a request cost, this says whether the one writer, which every
 * webhook passes through in turn, was the limit.
 */
final class StoreMeter {
    static final String TOKEN = "bench-metrics-token-0123456789";

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI metrics;

    StoreMeter(int port) {
        this.metrics = URI.create("http://127.0.0.1:" + port + "/metrics");
    }

    /** The counters now; empty when the server does not answer with them. */
    Optional<Snapshot> snapshot() {
        try {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(metrics).timeout(Duration.ofSeconds(5))
                    .header("Authorization", "Bearer " + TOKEN).GET().build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? Snapshot.parse(response.body()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    record Snapshot(long writes, long commits, double writingSeconds, double committingSeconds, long durableCommits,
            double durableCommittingSeconds, long restarts, double restartingSeconds) {
        static Optional<Snapshot> parse(String text) {
            // Each sample line is "name{labels} value"; the counters are found by name and labels.
            Map<String, String> samples = new HashMap<>();
            for (String line : text.split("\n")) {
                int space = line.lastIndexOf(' ');
                if (!line.startsWith("#") && space > 0) {
                    samples.put(line.substring(0, space), line.substring(space + 1).trim());
                }
            }
            String doing = "ringback_store_writer_seconds_total{doing=";
            try {
                return Optional.of(new Snapshot(Long.parseLong(sample(samples, "ringback_store_writes_total")),
                        Long.parseLong(sample(samples, "ringback_store_commits_total")),
                        Double.parseDouble(sample(samples, doing + "\"writing\"}")),
                        Double.parseDouble(sample(samples, doing + "\"committing\"}")),
                        Long.parseLong(sample(samples, "ringback_store_durable_commits_total")),
                        Double.parseDouble(sample(samples, "ringback_store_durable_commit_seconds_total")),
                        Long.parseLong(sample(samples, "ringback_store_wal_restarts_total")),
                        Double.parseDouble(sample(samples, doing + "\"restarting\"}"))));
            } catch (NoSuchElementException serverWithoutThem) {
                return Optional.empty();
            }
        }

        private static String sample(Map<String, String> samples, String name) {
            String value = samples.get(name);
            if (value == null) {
                throw new NoSuchElementException(name);
            }
            return value;
        }

        Snapshot since(Snapshot before) {
            return new Snapshot(writes - before.writes, commits - before.commits, writingSeconds - before.writingSeconds,
                    committingSeconds - before.committingSeconds, durableCommits - before.durableCommits,
                    durableCommittingSeconds - before.durableCommittingSeconds, restarts - before.restarts,
                    restartingSeconds - before.restartingSeconds);
        }

        /**
         * "busy 97 % of the window (writing 45 %, committing 50 %, restarting the WAL 2 %, 30 times);
         * 14.1 writes per commit; 100 of 200 commits durable, of 3.00 ms each".
         */
        String over(double windowSeconds) {
            if (!(windowSeconds > 0) || commits <= 0) {
                return "no commits";
            }
            return String.format(Locale.ROOT,
                    "busy %.0f %% of the window (writing %.0f %%, committing %.0f %%, restarting the WAL %.0f %%, %d times);"
                            + " %.1f writes per commit; %d of %d commits durable, of %.2f ms each",
                    100 * (writingSeconds + committingSeconds + restartingSeconds) / windowSeconds,
                    100 * writingSeconds / windowSeconds, 100 * committingSeconds / windowSeconds,
                    100 * restartingSeconds / windowSeconds, restarts, (double) writes / commits, durableCommits, commits,
                    durableCommits > 0 ? 1000 * durableCommittingSeconds / durableCommits : 0.0);
        }
    }
}
