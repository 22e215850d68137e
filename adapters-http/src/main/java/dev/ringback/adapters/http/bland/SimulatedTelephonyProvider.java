package dev.ringback.adapters.http.bland;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ringback.application.port.out.TelephonyProvider;
import dev.ringback.domain.account.Secret;
import dev.ringback.domain.call.ProviderCallId;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The trial mode: no Bland account, no phone call. Every call is "queued" at once and, after
 * {@link BlandSettings#simulatedCallDelay()}, its completion is posted to Ringback's own webhook
 * exactly as Bland would post it (same fields, same signature), so the whole path from webhook to
 * agent runs for real.
 */
public final class SimulatedTelephonyProvider implements TelephonyProvider, AutoCloseable {
    private static final System.Logger LOG = System.getLogger(SimulatedTelephonyProvider.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();
    static final int MAX_ATTEMPTS = 4;
    static final Duration DEFAULT_FIRST_BACKOFF = Duration.ofSeconds(2);

    private final Supplier<URI> webhookUrl;
    private final Optional<Secret> signingSecret;
    private final Duration delay;
    private final Duration timeout;
    private final Duration firstBackoff;
    private final Clock clock;
    /** Built on the first completion posted, as Bland's own client is (see BlandHttpClients). */
    private final BlandHttpClients.Lazy http;
    private final ScheduledExecutorService scheduler;
    /** Calls whose completion is still to be posted: what this simulator can say about a call. */
    private final Set<ProviderCallId> inFlight = ConcurrentHashMap.newKeySet();

    public SimulatedTelephonyProvider(BlandSettings settings, Supplier<URI> webhookUrl) {
        this(settings, webhookUrl, Clock.systemUTC(), DEFAULT_FIRST_BACKOFF);
    }

    SimulatedTelephonyProvider(BlandSettings settings, Supplier<URI> webhookUrl, Clock clock, Duration firstBackoff) {
        this.webhookUrl = Objects.requireNonNull(webhookUrl, "webhookUrl");
        this.signingSecret = settings.webhookSecret();
        this.delay = settings.simulatedCallDelay();
        this.timeout = settings.requestTimeout();
        this.firstBackoff = firstBackoff;
        this.clock = clock;
        this.http = BlandHttpClients.lazy(timeout);
        this.scheduler = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "ringback-simulated-calls");
            thread.setDaemon(true);
            return thread;
        });
    }

    @Override
    public Placement place(OutboundCall call) {
        URI webhook;
        try {
            webhook = webhookUrl.get();
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "simulated call {0} not placed: webhook URL unavailable ({1})", call.callId(), e.toString());
            return new Placement.Rejected(0, "webhook URL not configured");
        }
        SimulatedCall simulated = new SimulatedCall(new ProviderCallId(UUID.randomUUID().toString()), call, webhook,
                clock.instant());
        inFlight.add(simulated.id());
        try {
            scheduler.schedule(() -> attempt(simulated, 1), delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopped) {
            inFlight.remove(simulated.id());
            return new Placement.Rejected(0, "call simulator stopped");
        }
        LOG.log(Level.INFO, "simulated call {0} queued as {1}; completion in {2}", call.callId(),
                simulated.id(), delay);
        return new Placement.Queued(simulated.id());
    }

    private void attempt(SimulatedCall call, int attempt) {
        try {
            deliver(call, attempt);
        } catch (RuntimeException e) {
            // A scheduled task's exception would vanish silently; say what went wrong instead.
            LOG.log(Level.ERROR, "simulated call {0}: completion not posted ({1})", call.id(), e.toString());
            inFlight.remove(call.id());
        }
    }

    private void deliver(SimulatedCall call, int attempt) {
        int status = post(call);
        if (status >= 200 && status < 300) {
            LOG.log(Level.INFO, "simulated call {0} completion delivered (HTTP {1})", call.id(), status);
            inFlight.remove(call.id());
            return;
        }
        if (!worthRetrying(status) || attempt >= MAX_ATTEMPTS) {
            LOG.log(Level.WARNING, "simulated call {0} completion not accepted (HTTP {1}) after {2} attempt(s); giving up",
                    call.id(), status, attempt);
            inFlight.remove(call.id());
            return;
        }
        Duration backoff = firstBackoff.multipliedBy(1L << (attempt - 1));
        LOG.log(Level.DEBUG, "simulated call {0} completion attempt {1} failed (HTTP {2}); retrying in {3}",
                call.id(), attempt, status, backoff);
        try {
            scheduler.schedule(() -> attempt(call, attempt + 1), backoff.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopped) {
            // Closing drops the retries of calls still in flight, as a stopped Bland would.
            inFlight.remove(call.id());
        }
    }

    /** Retries only what may succeed later: no answer, overload, server errors (0 means no answer). */
    static boolean worthRetrying(int status) {
        return status == 0 || status == 408 || status == 429 || status >= 500;
    }

    /** The HTTP status of our webhook's answer, or 0 when there was none. */
    private int post(SimulatedCall call) {
        byte[] body = call.body(clock.instant());
        HttpRequest.Builder request = HttpRequest.newBuilder(call.webhook())
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("User-Agent", "ringback-call-simulator")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        signingSecret.ifPresent(secret -> request.header(BlandSignature.HEADER, BlandSignature.sign(secret, body)));
        try {
            return http.get().send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "simulated call {0}: webhook unreachable ({1})", call.id(), e.getClass().getSimpleName());
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "simulated call {0}: cannot post to the webhook URL ({1})", call.id(), e.toString());
            return -1;
        }
    }

    /**
     * Whether this simulator will still post the call's completion. It keeps nothing across
     * restarts, so a call placed before one (or whose completion it gave up on) is not held.
     */
    boolean holds(ProviderCallId call) {
        return inFlight.contains(call);
    }

    /** Whether a completion has needed the JDK client yet; lets a test see that starting never does. */
    boolean httpClientBuilt() {
        return http.built();
    }

    /** Stops the simulator; completions not yet posted are dropped. */
    @Override
    public void close() {
        scheduler.shutdownNow();
        inFlight.clear();
    }

    /** One simulated call; its body is made once, so retries repeat the same bytes as Bland's do. */
    private static final class SimulatedCall {
        private final ProviderCallId id;
        private final OutboundCall call;
        private final URI webhook;
        private final Instant createdAt;
        private byte[] body;

        SimulatedCall(ProviderCallId id, OutboundCall call, URI webhook, Instant createdAt) {
            this.id = id;
            this.call = call;
            this.webhook = webhook;
            this.createdAt = createdAt;
        }

        ProviderCallId id() {
            return id;
        }

        URI webhook() {
            return webhook;
        }

        /** Only the scheduler's single thread calls this. */
        byte[] body(Instant endAt) {
            if (body == null) {
                try {
                    body = JSON.writeValueAsBytes(SimulatedCallObject.completion(JSON, id, call, createdAt, endAt));
                } catch (JsonProcessingException e) {
                    throw new IllegalStateException("a tree of strings always serialises", e);
                }
            }
            return body;
        }
    }
}
