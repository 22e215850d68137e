package dev.ringback.adapters.http.bland;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ringback.application.port.out.TelephonyProvider;
import dev.ringback.domain.account.Secret;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import javax.net.ssl.SSLHandshakeException;

/**
 * Places calls through Bland's {@code POST /v1/calls}. It asks exactly once: Bland has no
 * idempotency key, so every answer that does not prove the call was refused is reported as
 * {@link Placement.Uncertain} and left for the completion webhook to settle.
 */
public final class BlandTelephonyProvider implements TelephonyProvider {
    private static final System.Logger LOG = System.getLogger(BlandTelephonyProvider.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Supplier<HttpClient> http;
    private final URI callsEndpoint;
    private final Secret apiKey;
    private final String defaultVoiceId;
    private final Duration timeout;
    private final Duration answerDeadline;
    private final Supplier<URI> webhookUrl;

    /**
     * @param webhookUrl the public URL of Ringback's {@code /api/webhooks/bland/status}, read for
     *     every call (the server's address may only be known once it listens)
     */
    public BlandTelephonyProvider(BlandSettings settings, Supplier<URI> webhookUrl) {
        this.apiKey = settings.apiKey()
                .orElseThrow(() -> new IllegalArgumentException("the Bland client needs an API key"));
        this.webhookUrl = Objects.requireNonNull(webhookUrl, "webhookUrl");
        this.callsEndpoint = endpoint(settings.apiBaseUrl(), "v1/calls");
        this.defaultVoiceId = settings.defaultVoiceId();
        this.timeout = settings.requestTimeout();
        this.answerDeadline = settings.longestAnswer();
        this.http = BlandHttpClients.lazy(timeout);
    }

    @Override
    public Placement place(OutboundCall call) {
        URI webhook;
        try {
            webhook = webhookUrl.get();
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "call {0} not sent to Bland: webhook URL unavailable ({1})", call.callId(), e.toString());
            return new Placement.Rejected(0, "webhook URL not configured");
        }
        byte[] body;
        try {
            body = JSON.writeValueAsBytes(BlandCallRequest.body(JSON, call, defaultVoiceId, webhook));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of strings always serialises", e);
        }
        HttpRequest request = HttpRequest.newBuilder(callsEndpoint)
                .timeout(timeout)
                .header("Authorization", apiKey.value())
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        Placement placement = send(request);
        log(call, placement);
        return placement;
    }

    private Placement send(HttpRequest request) {
        CompletableFuture<HttpResponse<byte[]>> answer = http.get().sendAsync(request, HttpResponse.BodyHandlers.ofByteArray());
        try {
            HttpResponse<byte[]> response = answer.get(answerDeadline.toMillis(), TimeUnit.MILLISECONDS);
            return BlandAnswer.read(JSON, response.statusCode(), response.body());
        } catch (TimeoutException e) {
            answer.cancel(true);
            return new Placement.Uncertain("timed out reading Bland's answer");
        } catch (InterruptedException e) {
            answer.cancel(true);
            Thread.currentThread().interrupt();
            return new Placement.Uncertain("interrupted while waiting for Bland");
        } catch (ExecutionException e) {
            return failure(e.getCause());
        }
    }

    /**
     * Only a connection that was never made proves that nothing reached Bland. A failed TLS
     * handshake is one: the request is written only once the handshake has completed.
     */
    static Placement failure(Throwable cause) {
        if (cause instanceof HttpConnectTimeoutException || cause instanceof ConnectException) {
            return new Placement.Rejected(0, "provider unreachable");
        }
        if (cause instanceof SSLHandshakeException) {
            return new Placement.Rejected(0, "TLS handshake with Bland failed (check BLAND_API_URL and the JVM's trusted certificates)");
        }
        if (cause instanceof HttpTimeoutException) {
            return new Placement.Uncertain("timed out waiting for Bland");
        }
        if (cause instanceof IOException) {
            return new Placement.Uncertain("connection to Bland failed: " + cause.getClass().getSimpleName());
        }
        return new Placement.Uncertain("Bland request failed: " + cause.getClass().getSimpleName());
    }

    private static void log(OutboundCall call, Placement placement) {
        if (placement instanceof Placement.Queued) {
            LOG.log(Level.DEBUG, "call {0} queued by Bland as {1}", call.callId(),
                    ((Placement.Queued) placement).providerCallId());
        } else if (placement instanceof Placement.Rejected) {
            Placement.Rejected rejected = (Placement.Rejected) placement;
            LOG.log(Level.WARNING, "call {0} refused by Bland: {1}", call.callId(), rejected.reason());
        } else {
            LOG.log(Level.WARNING, "call {0}: the answer from Bland is unknown ({1}); not retried",
                    call.callId(), ((Placement.Uncertain) placement).reason());
        }
    }

    static URI endpoint(URI base, String path) {
        String text = base.toString();
        return URI.create(text.endsWith("/") ? text + path : text + "/" + path);
    }
}
