package dev.ringback.adapters.openclaw.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP server on 127.0.0.1 that behaves like a user's machine with a current OpenClaw
 * gateway (2026.9.6) and the hosted platform's file server, per the reference's sections 1 to 5:
 * {@code POST {hooks.path}/agent}, {@code GET /sessions/<key>/history},
 * {@code POST /files/upload} and {@code GET /files/read}.
 *
 * <p>It keeps per-session histories, so a test can see what a user would see after reloading
 * the page: a persistent hook run is appended to its conversation; a run without a key or
 * without {@code sessionMode:"persistent"} goes to a throwaway transcript instead. Faults can
 * be injected with {@link #enqueue(CannedResponse...)} and {@link #pause()}, at random with
 * {@link #injectFaults(FaultPlan)}, and an answer can be held back with {@link #holdAnswers()}.
 */
public final class FakeOpenClawGateway implements AutoCloseable {
    public static final String VERSION = "2026.9.6";
    public static final String FILE_ROOT = FileServerEndpoint.ROOT;
    private static final System.Logger LOG = System.getLogger(FakeOpenClawGateway.class.getName());
    /** Big enough for any transcript upload; hook bodies have their own, smaller limit. */
    private static final int READ_LIMIT = 8 * 1024 * 1024;

    /** The gateway configuration the double runs with. */
    record Config(String hookToken, String gatewayToken, String hooksPath, boolean allowRequestSessionKey,
            List<String> allowedSessionKeyPrefixes) {}

    private final Config config;
    private final GatewayState state;
    private final AuthFailureLimiter limiter;
    private final HookEndpoint hooks;
    private final SessionsEndpoint sessions;
    private final FileServerEndpoint fileServer;
    private final Queue<CannedResponse> canned = new ConcurrentLinkedQueue<>();
    private final ExecutorService executor;
    private final HttpServer server;
    private volatile boolean paused;
    private volatile FaultPlan plan;
    private volatile FaultPlan.Dice dice;
    private final Map<FaultPlan.Fault, AtomicInteger> faultCounts = new java.util.concurrent.ConcurrentHashMap<>();
    private final Object hold = new Object();
    private boolean holding;
    private int held;

    private FakeOpenClawGateway(Config config, Clock clock) throws IOException {
        this.config = config;
        this.state = new GatewayState(clock);
        this.limiter = new AuthFailureLimiter(clock);
        this.hooks = new HookEndpoint(config, state, limiter);
        this.sessions = new SessionsEndpoint(config, state);
        this.fileServer = new FileServerEndpoint(config, state);
        AtomicInteger threads = new AtomicInteger();
        this.executor = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "fake-openclaw-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A gateway configured as the current contract needs (reference section 2). */
    public static FakeOpenClawGateway start() {
        return builder().start();
    }

    /** The machine's app URL, e.g. {@code http://127.0.0.1:41234}. */
    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + port());
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String hookToken() {
        return config.hookToken();
    }

    public String gatewayToken() {
        return config.gatewayToken();
    }

    public String hooksPath() {
        return config.hooksPath();
    }

    /** Plays "the user chatted in this conversation": entries are appended to the session's history. */
    public void seed(String sessionKey, HistoryEntry... entries) {
        state.seed(GatewaySessionKeys.canonical(sessionKey), Arrays.asList(entries));
    }

    /** A session's persisted history (what survives a page reload); the key is canonicalised. */
    public List<HistoryEntry> history(String sessionKey) {
        return state.history(GatewaySessionKeys.canonical(sessionKey));
    }

    /** Every hook run the gateway started, in order; a replayed request is not a run. */
    public List<HookRun> runs() {
        return state.runs();
    }

    /** Transcripts nobody will find again: hook runs without a key or without persistent mode. */
    public List<ThrowawaySession> throwawaySessions() {
        return state.throwaways();
    }

    /** Every request received, including those answered by a canned response or an outage. */
    public List<RecordedRequest> requests() {
        return state.requests();
    }

    /** Files written through the file server, by absolute path. */
    public Map<String, String> files() {
        return state.files();
    }

    /** Served, in order, before normal handling to the next requests matching their path prefix. */
    public void enqueue(CannedResponse... responses) {
        canned.addAll(Arrays.asList(responses));
    }

    /** From now on every request gets 503 {@code gateway_unavailable}, like a restarting or suspended machine. */
    public void pause() {
        paused = true;
    }

    public void resume() {
        paused = false;
    }

    /** From now on, requests to the hook and the file server meet random faults drawn from the plan. */
    public void injectFaults(FaultPlan plan) {
        this.plan = plan;
        dice = plan.dice();
    }

    public void stopFaults() {
        dice = null;
        plan = null;
    }

    /** How many requests met each fault so far. */
    public Map<FaultPlan.Fault, Integer> faultCounts() {
        Map<FaultPlan.Fault, Integer> counts = new java.util.EnumMap<>(FaultPlan.Fault.class);
        faultCounts.forEach((fault, count) -> counts.put(fault, count.get()));
        return counts;
    }

    /** An outage window: 503 for everything from now until {@code length} has passed. */
    public void outageFor(java.time.Duration length) {
        pause();
        Thread timer = new Thread(() -> {
            try {
                Thread.sleep(length.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            resume();
        }, "fake-openclaw-outage");
        timer.setDaemon(true);
        timer.start();
    }

    /**
     * From now on hook and upload requests are handled (the run starts, the file is written) but
     * their answers are held until {@link #releaseAnswers()}: the moment a sender may die with
     * work done on the machine and not yet recorded on its side.
     */
    public void holdAnswers() {
        synchronized (hold) {
            holding = true;
        }
    }

    public void releaseAnswers() {
        synchronized (hold) {
            holding = false;
            hold.notifyAll();
        }
    }

    /** How many answers are being held right now. */
    public int heldAnswers() {
        synchronized (hold) {
            return held;
        }
    }

    /** Simulates a gateway restart: histories and files stay, the in-memory replay cache and lockouts do not. */
    public void restart() {
        state.forgetReplays();
        limiter.reset();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow(); // wakes handlers still sleeping in a canned delay
    }

    private void handle(HttpExchange exchange) {
        try {
            byte[] body = Exchanges.readCapped(exchange.getRequestBody(), READ_LIMIT);
            String path = exchange.getRequestURI().getRawPath();
            state.record(new RecordedRequest(exchange.getRequestMethod(), path, exchange.getRequestURI().getRawQuery(),
                    new LinkedHashMap<>(exchange.getRequestHeaders()), body));
            CannedResponse fault = nextCanned(path);
            if (fault != null) {
                serveCanned(exchange, fault);
            } else if (paused) {
                Exchanges.gatewayError(exchange, 503, "gateway_unavailable");
            } else if (faultsApplyTo(path)) {
                routeWithFaults(exchange, path, body);
            } else {
                route(exchange, path, body);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // The client went away (e.g. it timed out) or the test is over: nothing to answer.
            LOG.log(Level.DEBUG, "fake gateway exchange ended early: {0}", e.getClass().getName());
        } catch (RuntimeException bug) {
            // A bug in the double must show up as a 500 in the test, not as a dropped connection
            // that the adapter would rightly classify as "retry later".
            LOG.log(Level.WARNING, "fake gateway failed", bug);
            try {
                exchange.sendResponseHeaders(500, -1);
            } catch (IOException | RuntimeException alreadyAnswering) {
                LOG.log(Level.DEBUG, "could not answer 500: {0}", alreadyAnswering.getClass().getName());
            }
        } finally {
            exchange.close();
        }
    }

    private void route(HttpExchange exchange, String path, byte[] body) throws IOException {
        String hookAgent = ("/".equals(config.hooksPath()) ? "" : config.hooksPath()) + "/agent";
        if (path.equals(hookAgent)) {
            hooks.handle(exchange, body);
        } else if (SessionsEndpoint.matches(path)) {
            sessions.handle(exchange);
        } else if (path.equals(FileServerEndpoint.UPLOAD)) {
            fileServer.upload(exchange, body);
        } else if (path.equals(FileServerEndpoint.READ)) {
            fileServer.read(exchange);
        } else {
            Exchanges.text(exchange, 404, "Not Found");
        }
    }

    private boolean faultsApplyTo(String path) {
        String hookAgent = ("/".equals(config.hooksPath()) ? "" : config.hooksPath()) + "/agent";
        return path.equals(hookAgent) || path.equals(FileServerEndpoint.UPLOAD);
    }

    private void routeWithFaults(HttpExchange exchange, String path, byte[] body) throws IOException, InterruptedException {
        FaultPlan.Dice current = dice;
        FaultPlan.Fault fault = current == null ? FaultPlan.Fault.NONE : current.draw();
        faultCounts.computeIfAbsent(fault, f -> new AtomicInteger()).incrementAndGet();
        switch (fault) {
            case UNAVAILABLE:
                Exchanges.gatewayError(exchange, 503, "gateway_unavailable");
                return;
            case TOO_MANY_REQUESTS:
                exchange.getResponseHeaders().set("Retry-After", Integer.toString(currentRetryAfter()));
                Exchanges.text(exchange, 429, "Too Many Requests");
                return;
            case RESET_BEFORE_RUN:
                return; // closed without an answer by handle()
            case RESET_AFTER_RUN:
                route(new CapturingExchange(exchange), path, body);
                return;
            case SLOW:
                Thread.sleep(currentSlowDelay());
                break;
            default:
                break;
        }
        CapturingExchange captured = new CapturingExchange(exchange);
        route(captured, path, body);
        synchronized (hold) {
            if (holding) {
                held++;
                try {
                    while (holding) {
                        hold.wait();
                    }
                } finally {
                    held--;
                }
            }
        }
        captured.answer();
    }

    private int currentRetryAfter() {
        return plan == null ? 1 : plan.retryAfterSeconds();
    }

    private long currentSlowDelay() {
        return plan == null ? 0 : plan.slowDelay().toMillis();
    }

    private CannedResponse nextCanned(String path) {
        synchronized (canned) {
            for (CannedResponse candidate : canned) {
                if (path.startsWith(candidate.pathPrefix())) {
                    canned.remove(candidate);
                    return candidate;
                }
            }
            return null;
        }
    }

    private static void serveCanned(HttpExchange exchange, CannedResponse response) throws IOException, InterruptedException {
        if (!response.delay().isZero()) {
            Thread.sleep(response.delay().toMillis());
        }
        response.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
        byte[] body = response.body().getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(response.status(), body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            exchange.getResponseBody().write(body);
        }
    }

    /** Gateway settings; the defaults are the deployment the current contract needs. */
    public static final class Builder {
        private String hookToken = "fake-hook-token-0123456789";
        private String gatewayToken = "fake-gateway-token-9876543210";
        private String hooksPath = "/hooks";
        private boolean allowRequestSessionKey = true;
        private List<String> allowedSessionKeyPrefixes = List.of("agent:main:", "hook:");
        private Clock clock = Clock.systemUTC();

        private Builder() {}

        public Builder hookToken(String token) {
            this.hookToken = Objects.requireNonNull(token);
            return this;
        }

        public Builder gatewayToken(String token) {
            this.gatewayToken = Objects.requireNonNull(token);
            return this;
        }

        public Builder hooksPath(String path) {
            this.hooksPath = Objects.requireNonNull(path);
            return this;
        }

        public Builder allowRequestSessionKey(boolean allow) {
            this.allowRequestSessionKey = allow;
            return this;
        }

        /** Empty means any key is allowed (the gateway's behaviour when the setting is absent). */
        public Builder allowedSessionKeyPrefixes(String... prefixes) {
            this.allowedSessionKeyPrefixes = List.of(prefixes);
            return this;
        }

        /** Drives the auth lockout and the replay cache's expiry. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock);
            return this;
        }

        public FakeOpenClawGateway start() {
            if (hookToken.isBlank() || gatewayToken.isBlank()) {
                throw new IllegalStateException("tokens must not be blank");
            }
            if (hookToken.equals(gatewayToken)) {
                throw new IllegalStateException("a current gateway refuses to start with hooks.token equal to the gateway token");
            }
            if (!hooksPath.startsWith("/") || hooksPath.length() > 1 && hooksPath.endsWith("/")) {
                throw new IllegalStateException("hooks.path must start with '/' and not end with one");
            }
            if (!allowedSessionKeyPrefixes.isEmpty()
                    && allowedSessionKeyPrefixes.stream().noneMatch(p -> p.toLowerCase(Locale.ROOT).startsWith("hook:"))) {
                // Without a defaultSessionKey the gateway's own hook:<uuid> keys must be allowed too.
                throw new IllegalStateException("allowedSessionKeyPrefixes must include 'hook:' when no defaultSessionKey is set");
            }
            Config config = new Config(hookToken, gatewayToken, hooksPath, allowRequestSessionKey, allowedSessionKeyPrefixes);
            try {
                return new FakeOpenClawGateway(config, clock);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start the fake gateway", e);
            }
        }
    }
}
