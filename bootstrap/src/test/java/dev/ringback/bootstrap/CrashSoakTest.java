package dev.ringback.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ringback.adapters.http.bland.testing.FakeBland;
import dev.ringback.adapters.openclaw.testing.FakeOpenClawGateway;
import dev.ringback.adapters.openclaw.testing.FaultPlan;
import dev.ringback.adapters.openclaw.testing.HookRun;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The delivery guarantees under faults and crashes, end to end: the real server in its own JVM,
 * calls placed through its API, signed webhooks from the Bland double, a gateway double that
 * fails at random (503, 429 with Retry-After, resets before and after the run, slow answers, an
 * outage window), and the server killed with SIGKILL while deliveries are in flight, then started
 * again on the same database. At the end every call's notification ran exactly once per
 * idempotency key, in its own session, and every transcript file was written.
 *
 * <p>Scale comes from system properties ({@code ringback.soak.calls}, {@code ringback.soak.kills},
 * {@code ringback.soak.seed}); {@code scripts/soak.sh} runs the long version. The figures are
 * printed as one summary line.
 */
class CrashSoakTest {
    private static final String GATEWAY_TOKEN = "gw-token-soak-0123456789";
    private static final String HOOK_TOKEN = "hook-token-soak-9876543210";
    private static final String SECRET = "whsec-soak-secret";
    private static final int POSTERS = 8;
    private static final String UNCLEAN_STOP = "left open by a process that did not close it";

    private final int calls = Integer.getInteger("ringback.soak.calls", 200);
    private final int kills = Integer.getInteger("ringback.soak.kills", 1);
    private final long seed = Long.getLong("ringback.soak.seed", 20261126L);
    private final Duration settleDeadline = Duration.ofSeconds(60).plusMillis(250L * calls);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ObjectMapper json = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void everyAcceptedCallIsDeliveredOncePerKeyToItsOwnSessionAcrossKills() throws Exception {
        Instant began = Instant.now();
        Path database = dir.resolve("ringback.db");
        try (FakeOpenClawGateway gateway = FakeOpenClawGateway.builder().gatewayToken(GATEWAY_TOKEN).hookToken(HOOK_TOKEN).start();
                FakeBland bland = FakeBland.start().signingSecret(SECRET)) {
            Map<String, String> env = new HashMap<>();
            env.put("RINGBACK_DB", database.toString());
            env.put("RINGBACK_TELEPHONY", "bland");
            env.put("BLAND_API_KEY", bland.apiKey());
            env.put("BLAND_API_URL", bland.baseUrl().toString());
            env.put("BLAND_WEBHOOK_SECRET", SECRET);
            env.put("RINGBACK_RETRY_INITIAL", "50ms");
            env.put("RINGBACK_RETRY_MAX_DELAY", "1s");
            env.put("RINGBACK_RETRY_MAX_ATTEMPTS", "1000");
            // Longer than a batch of attempts (8 x the request timeout), short enough that a crash costs seconds.
            env.put("RINGBACK_DELIVERY_LEASE", "5s");
            env.put("OPENCLAW_REQUEST_TIMEOUT", "500ms");
            // WAL with NORMAL loses nothing when the process dies (only on power loss); it keeps the run fast.
            env.put("RINGBACK_DB_SYNCHRONOUS", "NORMAL");
            env.put("RINGBACK_PLAN_MINUTES", "starter:0,pro:10000000,power:10000000");
            // Every call is placed before any completes: the per-user line limit must not be what is tested here.
            env.put("RINGBACK_MAX_CONCURRENT_CALLS", Integer.toString(Math.max(3, calls)));
            operator(env, "add-user", "--name", "Ada", "--id", "ada", "--plan", "pro");
            operator(env, "add-machine", "--user", "ada", "--id", "ada-machine", "--app-url", gateway.baseUri().toString(),
                    "--gateway-token", GATEWAY_TOKEN, "--hook-token", HOOK_TOKEN);
            operator(env, "assign-number", "--user", "ada", "--number", "+12025550100");

            try (ChildServer server = new ChildServer(env, dir)) {
                server.start();
                Map<String, String> sessionOfCall = placeCalls(server);
                Map<String, String> blandIdOfCall = new HashMap<>();
                bland.placedCalls().forEach(c -> blandIdOfCall.put(c.metadata().path("ringback_call_id").asText(), c.callId()));
                assertThat(blandIdOfCall).hasSize(calls);

                long placedMs = Duration.between(began, Instant.now()).toMillis();
                gateway.injectFaults(FaultPlan.mixed(seed));
                Figures figures = new Figures();
                postWebhooksKillingTheServer(server, gateway, bland, new ArrayList<>(sessionOfCall.keySet()), blandIdOfCall,
                        database, figures);
                long postedMs = Duration.between(began, Instant.now()).toMillis();
                gateway.outageFor(Duration.ofSeconds(2));

                List<String> callIds = new ArrayList<>(sessionOfCall.keySet());
                awaitUntil("every notification and transcript reaches the machine", settleDeadline,
                        () -> delivered(gateway, callIds));
                // The machine may have a run whose answer was lost; Ringback settles it on its next attempt.
                awaitUntil("the outbox to settle", settleDeadline, () -> !outboxStates(database).containsKey("pending"));
                long settled = Duration.between(began, Instant.now()).toMillis();
                int exit = server.stop();

                Map<String, Long> outbox = outboxStates(database);
                List<HookRun> runs = gateway.runs();
                Map<String, Long> runsPerKey = runs.stream().collect(Collectors.groupingBy(
                        run -> run.idempotencyKey().orElse("none"), Collectors.counting()));
                long hookRequests = gateway.requests().stream().filter(r -> r.path().endsWith("/agent")).count();
                System.out.printf("SOAK calls=%d kills=%d accepted_webhooks=%d webhook_retries=%d leased_at_kill=%s"
                                + " hook_requests=%d runs=%d distinct_keys=%d duplicate_runs=%d transcript_files=%d"
                                + " outbox=%s faults=%s placed_ms=%d posted_ms=%d settled_ms=%d seconds=%d%n",
                        calls, figures.kills, figures.accepted.get(), figures.webhookRetries.get(), figures.leasedAtKill,
                        hookRequests, runs.size(), runsPerKey.size(),
                        runsPerKey.values().stream().mapToLong(n -> n - 1).sum(), gateway.files().size(),
                        outbox, gateway.faultCounts(), placedMs, postedMs, settled,
                        Duration.between(began, Instant.now()).toSeconds());

                // A JVM stopped by SIGTERM exits with 143 after its shutdown hook ran the graceful close.
                assertThat(exit).as("graceful stop").isIn(0, 143);

                assertThat(figures.kills).isEqualTo(kills);
                assertThat(figures.accepted.get()).isEqualTo(calls);
                assertThat(runsPerKey).as("exactly one run per idempotency key").hasSize(calls)
                        .allSatisfy((key, count) -> assertThat(count).as(key).isEqualTo(1L));
                assertThat(gateway.throwawaySessions()).isEmpty();
                for (HookRun run : runs) {
                    String callId = callIdIn(run);
                    assertThat(run.sessionKey()).as("call %s", callId).isEqualTo(sessionOfCall.get(callId));
                    assertThat(run.persistent()).isTrue();
                }
                assertThat(runs.stream().map(this::callIdIn).collect(Collectors.toSet()))
                        .containsExactlyInAnyOrderElementsOf(callIds);
                assertThat(gateway.files()).hasSize(calls);
                assertThat(outbox).as("nothing pending, dead or failed").containsOnlyKeys("delivered")
                        .containsEntry("delivered", 2L * calls);
                // Each start after a kill knew it followed one (a lost claim is then sent as a resend).
                assertThat(Files.readString(dir.resolve("ringback-1.log"))).doesNotContain(UNCLEAN_STOP);
                for (int start = 2; start <= kills + 1; start++) {
                    assertThat(Files.readString(dir.resolve("ringback-" + start + ".log"))).as("start %d", start)
                            .contains(UNCLEAN_STOP);
                }
            }
        }
    }

    private void operator(Map<String, String> env, String... args) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = new Cli(env, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)).run(args);
        assertThat(status).as(err.toString(StandardCharsets.UTF_8)).isEqualTo(Cli.OK);
    }

    /** Places every call through the API, each asked for from its own conversation; returns call id -> session key. */
    private Map<String, String> placeCalls(ChildServer server) throws Exception {
        Map<String, String> sessionOfCall = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> placed = new ArrayList<>();
            for (int i = 0; i < calls; i++) {
                String session = "agent:main:soak-" + i;
                // Bland allows one call every 10 seconds to the same number: each call has its own.
                String to = String.format("+1%03d555%04d", 202 + i / 10_000, i % 10_000);
                placed.add(pool.submit(() -> {
                    String body = "{\"to\":\"" + to + "\",\"task\":\"Ask about dinner\",\"max_duration\":1,"
                            + "\"session_key\":\"" + session + "\"}";
                    HttpResponse<String> answer = send(HttpRequest.newBuilder(server.url("/api/user/call"))
                            .header("Authorization", "Bearer " + GATEWAY_TOKEN)
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body)));
                    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
                    JsonNode result = json.readTree(answer.body());
                    sessionOfCall.put(result.path("call_id").asText(), session);
                    return null;
                }));
            }
            for (Future<?> future : placed) {
                future.get();
            }
        } finally {
            pool.shutdownNow();
        }
        return sessionOfCall;
    }

    /**
     * Bland posts every completion (retrying until it gets a 200, as Bland does); meanwhile the
     * server is killed {@code kills} times, each time while the gateway holds answers to runs it
     * already started, so deliveries are leased and in flight at the moment of death.
     */
    private void postWebhooksKillingTheServer(ChildServer server, FakeOpenClawGateway gateway, FakeBland bland,
            List<String> callIds, Map<String, String> blandIdOfCall, Path database, Figures figures) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(POSTERS);
        try {
            List<Future<?>> posted = new ArrayList<>();
            for (String callId : callIds) {
                posted.add(pool.submit(() -> {
                    postUntilAccepted(bland, blandIdOfCall.get(callId), figures);
                    return null;
                }));
            }
            for (int k = 1; k <= kills; k++) {
                int killAt = calls * k / (kills + 1);
                awaitUntil("webhook " + killAt + " accepted", settleDeadline, () -> figures.accepted.get() >= killAt);
                gateway.holdAnswers();
                awaitUntil("a delivery in flight", Duration.ofSeconds(30), () -> gateway.heldAnswers() > 0);
                server.kill();
                figures.kills++;
                gateway.releaseAnswers();
                figures.leasedAtKill.add(leasedNow(database));
                server.start();
            }
            for (Future<?> future : posted) {
                future.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static void postUntilAccepted(FakeBland bland, String blandId, Figures figures) {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(5));
        boolean first = true;
        while (Instant.now().isBefore(deadline)) {
            try {
                int status = first ? bland.complete(blandId, "completed", "user: Hello?\nassistant: Is dinner at 7 ok?",
                        "Dinner at 7 works.", 0.5, "human") : bland.postDuplicate(blandId);
                first = false;
                if (status == 200) {
                    figures.accepted.incrementAndGet();
                    return;
                }
            } catch (UncheckedIOException serverDown) {
                // Killed or restarting: Bland tries again later.
                // complete() kept the body before posting it, so later tries resend it byte for byte.
                first = false;
            }
            figures.webhookRetries.incrementAndGet();
            ChildServer.pause(50);
        }
        throw new AssertionError("webhook for " + blandId + " never accepted");
    }

    private boolean delivered(FakeOpenClawGateway gateway, List<String> callIds) {
        if (gateway.files().size() < callIds.size()) {
            return false;
        }
        return gateway.runs().stream().map(this::callIdIn).distinct().count() >= callIds.size();
    }

    private String callIdIn(HookRun run) {
        String message = String.valueOf(run.payload().get("message"));
        int at = message.indexOf("[ringback call ");
        if (at < 0) {
            return "?";
        }
        int end = message.indexOf(']', at);
        return message.substring(at + "[ringback call ".length(), end);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void awaitUntil(String what, Duration limit, BooleanSupplier condition) {
        Instant deadline = Instant.now().plus(limit);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("timed out waiting for " + what);
            }
            ChildServer.pause(20);
        }
    }

    /** Deliveries whose lease had not expired when the server died: in flight at the moment of the kill. */
    private static long leasedNow(Path database) {
        String now = java.time.format.DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'")
                .withZone(java.time.ZoneOffset.UTC).format(Instant.now());
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + database);
                Statement query = db.createStatement();
                ResultSet row = query.executeQuery("SELECT COUNT(*) FROM deliveries WHERE state = 'pending'"
                        + " AND lease_until IS NOT NULL AND lease_until > '" + now + "'")) {
            return row.next() ? row.getLong(1) : 0;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Long> outboxStates(Path database) {
        Map<String, Long> states = new LinkedHashMap<>();
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + database);
                Statement query = db.createStatement();
                ResultSet rows = query.executeQuery("SELECT state, COUNT(*) FROM deliveries GROUP BY state ORDER BY state")) {
            while (rows.next()) {
                states.put(rows.getString(1), rows.getLong(2));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return states;
    }

    private static final class Figures {
        final AtomicInteger accepted = new AtomicInteger();
        final AtomicInteger webhookRetries = new AtomicInteger();
        final List<Long> leasedAtKill = new ArrayList<>();
        int kills;
    }
}
