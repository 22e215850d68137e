package dev.ringback.adapters.http;

import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.handlers.GracefulShutdownHandler;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.xnio.Options;

/**
 * The API server. Every request runs on a worker thread in blocking mode (the use cases behind
 * the routes touch the database), inside one error handler and one log line; small bodies are read
 * and answers written on the I/O thread ({@link WorkerDispatch}).
 *
 * <p>{@link #stop()} is graceful: new requests are refused with 503 while the ones already
 * accepted (a webhook whose outcome is being committed) are given time to finish.
 */
public final class RingbackHttpServer implements AutoCloseable {
    public static final Duration DEFAULT_DRAIN_TIMEOUT = Duration.ofSeconds(10);
    /**
     * A read or write that makes no progress for this long closes its connection: a client that
     * stops sending mid-body would otherwise hold a worker thread for good (twenty such uploads
     * held all of them). Between requests {@code NO_REQUEST_TIMEOUT} applies instead.
     */
    static final int STALL_TIMEOUT_MILLIS = 30_000;
    /**
     * Connections held at once; beyond it new ones wait in the listen queue until some close.
     * Each may hold the start of a request body in memory (WorkerDispatch): held-open
     * connections by the thousand ran the heap out.
     */
    static final int MAX_CONNECTIONS = 2_000;
    private static final Duration WORKER_STOP_TIMEOUT = Duration.ofSeconds(1);
    /** What {@link #stop(Duration)} may take beyond its drain: Undertow's own stop of its workers. */
    public static final Duration CLOSING_TIME = WORKER_STOP_TIMEOUT;

    private static final System.Logger LOG = System.getLogger(RingbackHttpServer.class.getName());

    private final HttpServerSettings settings;
    private final int stallTimeoutMillis;
    private final GracefulShutdownHandler graceful;
    private volatile Undertow undertow;
    private volatile int port = -1;

    public RingbackHttpServer(HttpServerSettings settings, Set<Route> routes) {
        this(settings, routes, STALL_TIMEOUT_MILLIS);
    }

    /** {@code stallTimeoutMillis}: see {@link #STALL_TIMEOUT_MILLIS} (tests shorten it). */
    RingbackHttpServer(HttpServerSettings settings, Set<Route> routes, int stallTimeoutMillis) {
        this.stallTimeoutMillis = stallTimeoutMillis;
        this.settings = Objects.requireNonNull(settings, "settings");
        Router router = new Router(List.copyOf(routes));
        this.graceful = new GracefulShutdownHandler(new WorkerDispatch(new ErrorHandler(router), router::startsOnIoThread));
    }

    public synchronized void start() {
        if (undertow != null) {
            throw new IllegalStateException("the server is already started");
        }
        graceful.start();
        Undertow server = Undertow.builder()
                .addHttpListener(settings.port(), settings.host())
                // Without listed origins (the default) no request pays for the check.
                .setHandler(new NoSniff(new RequestLog(settings.allowedOrigins().isEmpty() ? graceful
                        : new CrossOrigin(graceful, settings.allowedOrigins()))))
                // A client that dribbles its request headers must not hold a connection forever.
                .setServerOption(UndertowOptions.REQUEST_PARSE_TIMEOUT, 30_000)
                .setServerOption(UndertowOptions.NO_REQUEST_TIMEOUT, 120_000)
                // Above the largest body RequestBodies reads, so that its own cut-off (a 413 and the
                // connection closed) comes first: Undertow's prints a stack trace to stderr.
                .setServerOption(UndertowOptions.MAX_ENTITY_SIZE, 2 * RequestBodies.DRAIN_LIMIT_BYTES)
                .setSocketOption(Options.READ_TIMEOUT, stallTimeoutMillis)
                .setSocketOption(Options.WRITE_TIMEOUT, stallTimeoutMillis)
                .setSocketOption(Options.CONNECTION_HIGH_WATER, MAX_CONNECTIONS)
                .setSocketOption(Options.CONNECTION_LOW_WATER, MAX_CONNECTIONS * 9 / 10)
                // Without it Undertow waits forever for worker tasks when stopped; the drain in stop() is the real wait.
                .setServerOption(UndertowOptions.SHUTDOWN_TIMEOUT, (int) WORKER_STOP_TIMEOUT.toMillis())
                .build();
        server.start();
        port = ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
        undertow = server;
        LOG.log(Level.INFO, "HTTP API listening on {0}:{1,number,#}", settings.host(), port);
    }

    /** The port actually bound, also when the settings asked for any free port (0). */
    public int port() {
        if (undertow == null) {
            throw new IllegalStateException("the server is not started");
        }
        return port;
    }

    /** {@code http://host:port} as bound; handy for tests and for logs. */
    public URI localUri() {
        String host = settings.host().contains(":") ? "[" + settings.host() + "]" : settings.host();
        return URI.create("http://" + host + ":" + port());
    }

    /** Graceful stop with the default drain time. */
    public void stop() {
        stop(DEFAULT_DRAIN_TIMEOUT);
    }

    /**
     * Stops taking requests, waits up to {@code drainTimeout} for those in flight, then closes
     * the listener. Safe to call more than once.
     */
    public synchronized void stop(Duration drainTimeout) {
        if (undertow == null) {
            return;
        }
        graceful.shutdown();
        try {
            if (!graceful.awaitShutdown(drainTimeout.toMillis())) {
                LOG.log(Level.WARNING, "HTTP API stopped with requests still in flight after {0} ms", drainTimeout.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            undertow.stop();
            undertow = null;
            LOG.log(Level.INFO, "HTTP API stopped");
        }
    }

    @Override
    public void close() {
        stop();
    }
}
