package dev.ringback.adapters.http.bland;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ringback.application.port.out.CallStatusLookup;
import dev.ringback.domain.account.Secret;
import dev.ringback.domain.call.ProviderCallId;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Asks Bland's {@code GET /v1/calls/{call_id}} what became of a call. The answer is the same call
 * object as the completion webhook, read with the webhook's field mapping. Anything short of a
 * readable call object or a 404 is "ask again later": a wrong "ended" would tell the agent a
 * false outcome, while asking again costs nothing.
 */
public final class BlandCallStatusLookup implements CallStatusLookup {
    private static final System.Logger LOG = System.getLogger(BlandCallStatusLookup.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int DEADLINE_FACTOR = 2;

    private final Supplier<HttpClient> http;
    private final URI callsEndpoint;
    private final Secret apiKey;
    private final Duration timeout;

    public BlandCallStatusLookup(BlandSettings settings) {
        this.apiKey = settings.apiKey()
                .orElseThrow(() -> new IllegalArgumentException("the Bland client needs an API key"));
        this.callsEndpoint = BlandTelephonyProvider.endpoint(settings.apiBaseUrl(), "v1/calls/");
        this.timeout = settings.requestTimeout();
        this.http = BlandHttpClients.lazy(timeout);
    }

    @Override
    public Answer lookUp(ProviderCallId call) {
        HttpRequest request = HttpRequest.newBuilder(
                        callsEndpoint.resolve(URLEncoder.encode(call.value(), StandardCharsets.UTF_8)))
                .timeout(timeout)
                .header("Authorization", apiKey.value())
                .header("Accept", "application/json")
                .GET()
                .build();
        CompletableFuture<HttpResponse<byte[]>> answer = http.get().sendAsync(request, HttpResponse.BodyHandlers.ofByteArray());
        try {
            HttpResponse<byte[]> response = answer.get(timeout.toMillis() * DEADLINE_FACTOR, TimeUnit.MILLISECONDS);
            return read(response.statusCode(), response.body());
        } catch (TimeoutException e) {
            answer.cancel(true);
            return new Answer.Unavailable("timed out waiting for Bland");
        } catch (InterruptedException e) {
            answer.cancel(true);
            Thread.currentThread().interrupt();
            return new Answer.Unavailable("interrupted while waiting for Bland");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            return new Answer.Unavailable((cause instanceof IOException ? "connection to Bland failed: " : "Bland request failed: ")
                    + (cause == null ? "unknown" : cause.getClass().getSimpleName()));
        }
    }

    /** Reads one answer of {@code GET /v1/calls/{id}}; never throws on what Bland sends. */
    static Answer read(int status, byte[] body) {
        if (status == 404) {
            return new Answer.Unknown();
        }
        if (status == 401 || status == 403) {
            LOG.log(Level.ERROR, "Bland refused the call lookup (HTTP {0}): check BLAND_API_KEY", status);
        }
        if (status != 200) {
            return new Answer.Unavailable("HTTP " + status);
        }
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            return new Answer.Unavailable("Bland's answer is not JSON");
        } catch (IOException e) {
            return new Answer.Unavailable("Bland's answer could not be read");
        }
        // An error envelope, or anything else that is not a call object, proves nothing about the call.
        if (root == null || !root.isObject()
                || (BlandWebhookParser.text(root, "call_id").isEmpty() && BlandWebhookParser.text(root, "c_id").isEmpty())) {
            return new Answer.Unavailable("Bland's answer is not a call object");
        }
        if (!BlandCallEnd.hasEnded(root)) {
            return new Answer.NotEnded();
        }
        try {
            return new Answer.Ended(BlandWebhookParser.outcome(root));
        } catch (IllegalArgumentException e) { // includes InvalidInputException
            return new Answer.Unavailable("Bland's call object is unreadable");
        }
    }
}
