package dev.ringback.adapters.openclaw;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;

/**
 * The one HTTP client Ringback uses towards users' machines. Every exchange is bounded in time
 * and in size and ends as a {@link GatewayAnswer}: a sleeping or restarting machine is an answer
 * to retry later, never an exception that escapes to the delivery loop.
 */
@Singleton
final class GatewayHttp {
    private static final System.Logger LOG = System.getLogger(GatewayHttp.class.getName());
    /** Slack on top of the client's own timers, so they normally fire first and say what happened. */
    private static final Duration GRACE = Duration.ofSeconds(1);

    private final OpenClawSettings settings;
    /**
     * Built on first use (an HTTPS machine, a WebSocket): building one loads the JDK's TLS context
     * and trust store (~150 ms of a ~0.7 s cold start) and starts a selector thread, which a server
     * whose machines are all plain {@code http://} never needs.
     */
    private volatile HttpClient client;
    private final Duration requestTimeout;
    private final Duration overallDeadline;
    /** Plain {@code http://} machines; the JDK client keeps HTTPS and WebSockets. */
    private final SocketHttpClient sockets;
    private final Duration socketDeadline;
    private final Clock clock;

    @Inject
    GatewayHttp(OpenClawSettings settings) {
        this(settings, Clock.systemUTC());
    }

    GatewayHttp(OpenClawSettings settings, Clock clock) {
        this.settings = settings;
        this.requestTimeout = settings.requestTimeout();
        this.overallDeadline = settings.connectTimeout().plus(settings.requestTimeout()).plus(GRACE);
        this.sockets = new SocketHttpClient(settings.connectTimeout());
        this.socketDeadline = settings.connectTimeout().plus(settings.requestTimeout());
        this.clock = clock;
    }

    HttpRequest.Builder request(URI uri) {
        return HttpRequest.newBuilder(uri).timeout(requestTimeout);
    }

    /** The shared client, also used for WebSocket connections to the gateway. */
    HttpClient client() {
        HttpClient built = client;
        if (built == null) {
            synchronized (this) {
                built = client;
                if (built == null) {
                    built = jdkClient(settings);
                    client = built;
                }
            }
        }
        return built;
    }

    /** Whether {@link #client()} has been asked for yet: lets a test see that plain HTTP never needs it. */
    boolean jdkClientBuilt() {
        return client != null;
    }

    private static HttpClient jdkClient(OpenClawSettings settings) {
        return HttpClient.newBuilder()
                .connectTimeout(settings.connectTimeout())
                // A gateway is a small Node server; HTTP/1.1 keeps the exchange predictable (no h2c upgrade).
                .version(HttpClient.Version.HTTP_1_1)
                // A redirect means a misconfigured app URL; following it would resend tokens elsewhere.
                .followRedirects(HttpClient.Redirect.NEVER)
                // The client's own steps (parsing an answer, completing its future) run on its selector
                // thread instead of being handed to a pool thread and back: one thread hand-off less per
                // exchange, 240 -> 175 us per loopback request on a busy two-core machine. Safe because
                // nothing here blocks in a callback: bodies are collected (LimitedBodySubscriber) or
                // scanned (MarkerScanningSubscriber), WebSocket frames queued (GatewayConnection), and
                // callers wait with their own deadlines.
                .executor(Runnable::run)
                .build();
    }

    Instant now() {
        return clock.instant();
    }

    GatewayAnswer exchange(HttpRequest request) {
        return exchange(request, info -> new LimitedBodySubscriber());
    }

    /** {@link #exchange(HttpRequest)} with the caller's reading of the body. */
    GatewayAnswer exchange(HttpRequest request, HttpResponse.BodyHandler<byte[]> body) {
        if (SocketHttpClient.handles(request.uri())) {
            try {
                return sockets.exchange(request, body, socketDeadline);
            } catch (IOException e) {
                return unreachable(describe(e), e);
            }
        }
        CompletableFuture<HttpResponse<byte[]>> pending = client().sendAsync(request, body);
        try {
            HttpResponse<byte[]> response = pending.get(overallDeadline.toMillis(), TimeUnit.MILLISECONDS);
            return new GatewayAnswer.Response(response.statusCode(), response.headers(), response.body());
        } catch (TimeoutException e) {
            pending.cancel(true);
            return unreachable("timeout", e);
        } catch (InterruptedException e) {
            pending.cancel(true);
            Thread.currentThread().interrupt();
            return unreachable("interrupted", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            return unreachable(describe(cause), cause);
        }
    }

    private static GatewayAnswer unreachable(String detail, Throwable cause) {
        // The class name is enough to diagnose; exception messages may carry URLs.
        LOG.log(Level.DEBUG, "machine unreachable: {0} ({1})", detail, cause.getClass().getName());
        return new GatewayAnswer.Unreachable(detail);
    }

    private static String describe(Throwable failure) {
        if (failure instanceof HttpConnectTimeoutException || failure instanceof SocketHttpClient.ConnectTimeout) {
            return "connect timeout";
        }
        if (failure instanceof HttpTimeoutException || failure instanceof SocketTimeoutException) {
            return "timeout";
        }
        if (failure instanceof ConnectException) {
            return "connection failed";
        }
        if (failure instanceof SSLException) {
            return "tls failure";
        }
        if (failure instanceof IOException) {
            return "io failure " + failure.getClass().getSimpleName();
        }
        return "failure " + failure.getClass().getSimpleName();
    }
}
