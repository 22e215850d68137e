package dev.ringback.bootstrap;

import dev.ringback.adapters.http.HttpServerSettings;
import dev.ringback.adapters.http.RingbackHttpServer;
import dev.ringback.adapters.persistence.SqlitePersistence;
import dev.ringback.application.port.out.TelephonyProvider;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;

/** The running standalone server: API, delivery worker and database, started and stopped in order. */
@Singleton
public final class RingbackServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(RingbackServer.class.getName());
    /** A sweep waits on Bland at most twice its request timeout per call; the rest is asked next start. */
    static final Duration RECONCILER_GRACE = Duration.ofSeconds(5);

    private final RingbackHttpServer http;
    private final DeliveryWorker worker;
    private final CallReconciler reconciler;
    private final SqlitePersistence database;
    private final TelephonyProvider telephony;
    private final PublicUrl publicUrl;
    private final RingbackConfig config;
    private boolean started;
    private boolean stopped;

    @Inject
    RingbackServer(RingbackHttpServer http, DeliveryWorker worker, CallReconciler reconciler, SqlitePersistence database,
            TelephonyProvider telephony, PublicUrl publicUrl, RingbackConfig config) {
        this.http = http;
        this.worker = worker;
        this.reconciler = reconciler;
        this.database = database;
        this.telephony = telephony;
        this.publicUrl = publicUrl;
        this.config = config;
    }

    public synchronized void start() {
        if (started) {
            return;
        }
        started = true;
        listen();
        if (config.configuredPublicUrl().isEmpty()) {
            publicUrl.boundTo(URI.create("http://" + reachableHost(config.http().host()) + ":" + http.port()));
        }
        worker.start();
        reconciler.start();
        LOG.log(Level.INFO, "Ringback listening on port {0} ({1} telephony)", String.valueOf(http.port()),
                config.bland().mode().name().toLowerCase(java.util.Locale.ROOT));
    }

    /**
     * Where this host reaches the server it started: loopback when it listens on every address,
     * else the one address it listens on (trial mode's simulator posted to 127.0.0.1, where a
     * server bound to one interface was not).
     */
    static String reachableHost(String listenHost) {
        String host = listenHost.strip();
        if (host.isEmpty() || host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]")) {
            return "127.0.0.1";
        }
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    /** {@code stop} on a daemon thread of its own; false if it threw (the throw is the thread's to report). */
    private static CompletableFuture<Boolean> inBackground(String name, BooleanSupplier stop) {
        CompletableFuture<Boolean> done = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            boolean finished = false;
            try {
                finished = stop.getAsBoolean();
            } finally {
                done.complete(finished);
            }
        }, name);
        thread.setDaemon(true);
        thread.start();
        return done;
    }

    /** Undertow wraps the bind's IOException (address in use, unknown host) in a RuntimeException. */
    private void listen() {
        try {
            http.start();
        } catch (RuntimeException e) {
            HttpServerSettings where = config.http();
            throw new CannotStartException("cannot listen on " + where.host() + ":" + where.port() + ": " + reason(e), e);
        }
    }

    private static String reason(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof IOException) {
                return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
            }
        }
        return failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
    }

    public int port() {
        return http.port();
    }

    boolean ready() {
        return started && !stopped && worker.isRunning() && reconciler.stillSweeping() && database.isHealthy();
    }

    /**
     * Graceful: the API stops taking requests and finishes those under way (an accepted webhook is
     * committed before it is answered) while the worker stops claiming and finishes its attempts
     * and the reconciliation sweep stops, all within {@code RINGBACK_STOP_GRACE}; then the database
     * closes. The API's requests get the whole grace, not a drain of their own: a call placement
     * may wait for Bland twice {@code BLAND_REQUEST_TIMEOUT}, and one cut off leaves an agent
     * without its answer, whose retry would dial again.
     */
    @Override
    public synchronized void close() {
        if (stopped) {
            return;
        }
        stopped = true;
        boolean attemptsFinished = true;
        if (started) {
            Duration grace = config.stopGrace();
            CompletableFuture<Boolean> attempts = inBackground("ringback-stop-deliveries", () -> worker.stop(grace));
            CompletableFuture<Boolean> sweep = inBackground("ringback-stop-sweep", () -> {
                reconciler.stop(RECONCILER_GRACE.compareTo(grace) < 0 ? RECONCILER_GRACE : grace);
                return true;
            });
            // At least a millisecond: a wait of 0 could be read as no limit.
            Duration drain = grace.minus(RingbackHttpServer.CLOSING_TIME);
            http.stop(drain.compareTo(Duration.ofMillis(1)) < 0 ? Duration.ofMillis(1) : drain);
            sweep.join();
            attemptsFinished = attempts.join();
        }
        if (telephony instanceof AutoCloseable) {
            try {
                ((AutoCloseable) telephony).close();
            } catch (Exception e) {
                LOG.log(Level.WARNING, "telephony provider did not close cleanly: {0}", e.getClass().getSimpleName());
            }
        }
        if (attemptsFinished) {
            database.close();
        } else {
            LOG.log(Level.WARNING, "delivery attempts still under way after RINGBACK_STOP_GRACE ({0}); the next start"
                    + " sends them again at once, after a look at each conversation", config.stopGrace());
            database.closeWithAttemptsUnderWay();
        }
        LOG.log(Level.INFO, "Ringback stopped");
    }
}
