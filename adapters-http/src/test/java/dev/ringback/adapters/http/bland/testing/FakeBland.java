package dev.ringback.adapters.http.bland.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A stand-in for Bland's API on 127.0.0.1, following {@code reference/bland.md}: it places
 * calls ({@code POST /v1/calls}), answers {@code GET /v1/calls/{id}}, and posts what Bland posts
 * to a call's {@code webhook}: the completion, duplicates of it, live events, citation events and
 * the delayed second body, signed when a signing secret is set.
 *
 * <p>Rules it enforces: the API key (raw or {@code Bearer}), the validation of
 * {@code phone_number}, {@code task}/{@code pathway_id} and {@code max_duration}, an optional
 * "no balance" switch (402), and Bland's "one call every 10 seconds to the same number" (429)
 * measured with an injectable clock.
 */
public final class FakeBland implements AutoCloseable {
    public static final String DEFAULT_API_KEY = "fake-bland-api-key";
    static final Duration SAME_NUMBER_INTERVAL = Duration.ofSeconds(10);
    static final int MAX_DURATION_MINUTES = 720;
    private static final Duration LONGEST_HOLD = Duration.ofSeconds(60);

    /** One-shot misbehaviours for the next accepted {@code POST /v1/calls}. */
    public enum Fault {
        /** 500 with Bland's error envelope; the call is not placed. */
        SERVER_ERROR,
        /** The call is placed, then the connection is closed without an answer. */
        DROP_CONNECTION,
        /** The call is placed, then a 200 with a body that is not Bland's JSON. */
        GARBLED_SUCCESS
    }

    /** A call Bland accepted, with the request exactly as it arrived. */
    public record PlacedCall(String callId, JsonNode request, String authorization, Instant placedAt) {
        public String phoneNumber() {
            return request.path("phone_number").asText();
        }

        public Optional<URI> webhook() {
            JsonNode webhook = request.path("webhook");
            return webhook.isTextual() ? Optional.of(URI.create(webhook.asText())) : Optional.empty();
        }

        public JsonNode metadata() {
            return request.path("metadata");
        }
    }

    private final ObjectMapper json = new ObjectMapper();
    private final WebhookPoster poster = new WebhookPoster();
    private final String apiKey;
    private final HttpServer server;
    private final ExecutorService executor;
    private final Map<String, PlacedCall> calls = new ConcurrentHashMap<>();
    private final List<PlacedCall> placed = new ArrayList<>();
    private final Map<String, Instant> lastCallTo = new HashMap<>();
    private final Map<String, byte[]> completions = new ConcurrentHashMap<>();
    private final Queue<Fault> faults = new ConcurrentLinkedQueue<>();
    private final AtomicInteger attempts = new AtomicInteger();
    private volatile Supplier<Instant> clock = Instant::now;
    private volatile Optional<String> signingSecret = Optional.empty();
    private volatile boolean outOfBalance;
    private volatile CountDownLatch hold = new CountDownLatch(0);

    private FakeBland(String apiKey) throws IOException {
        this.apiKey = Objects.requireNonNull(apiKey, "apiKey");
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        this.executor = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "fake-bland");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    public static FakeBland start() {
        return start(DEFAULT_API_KEY);
    }

    public static FakeBland start(String apiKey) {
        try {
            return new FakeBland(apiKey);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on loopback", e);
        }
    }

    /** What to configure as Bland's API base URL, e.g. {@code http://127.0.0.1:41234}. */
    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public String apiKey() {
        return apiKey;
    }

    /** The account's webhook secret: every body posted from now on carries X-Webhook-Signature. */
    public FakeBland signingSecret(String secret) {
        this.signingSecret = Optional.of(secret);
        return this;
    }

    /** Posts without any signature header from now on (the default). */
    public FakeBland unsigned() {
        this.signingSecret = Optional.empty();
        return this;
    }

    /** The time used for the 10-second rule and the call objects' timestamps. */
    public FakeBland clock(Supplier<Instant> clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        return this;
    }

    /** While set, every placement is refused with 402. */
    public FakeBland outOfBalance(boolean outOfBalance) {
        this.outOfBalance = outOfBalance;
        return this;
    }

    public FakeBland failNextCall(Fault fault) {
        faults.add(fault);
        return this;
    }

    /** Accepted calls are recorded at once but answered only after {@link #releaseAnswers()}. */
    public FakeBland holdAnswers() {
        hold = new CountDownLatch(1);
        return this;
    }

    public FakeBland releaseAnswers() {
        hold.countDown();
        return this;
    }

    /** Every {@code POST /v1/calls} received, accepted or not. */
    public int placementAttempts() {
        return attempts.get();
    }

    /** The calls Bland queued, in order. */
    public List<PlacedCall> placedCalls() {
        synchronized (placed) {
            return List.copyOf(placed);
        }
    }

    public PlacedCall placedCall(String callId) {
        return Optional.ofNullable(calls.get(callId)).orElseThrow(() -> new IllegalArgumentException("no call " + callId));
    }

    public PlacedCall lastPlacedCall() {
        synchronized (placed) {
            if (placed.isEmpty()) {
                throw new IllegalStateException("no call was placed");
            }
            return placed.get(placed.size() - 1);
        }
    }

    /**
     * Ends a call: posts the full call object (metadata echoed) to its webhook, signed if a
     * secret is set, and returns the receiver's HTTP status.
     *
     * @param status Bland's word: completed, failed, busy, no-answer, canceled, unknown
     * @param transcript lines such as {@code "user: Hello? \n assistant: Hi"}
     * @param answeredBy human, voicemail, unknown, no-answer, or null
     */
    public int complete(String callId, String status, String transcript, String summary, double minutes,
            String answeredBy) {
        PlacedCall call = placedCall(callId);
        ObjectNode body = CallObjects.ended(json, callId, call.request(), call.placedAt(), clock.get(), status,
                transcript, summary, minutes, Optional.ofNullable(answeredBy));
        byte[] bytes = bytes(body);
        completions.put(callId, bytes);
        return poster.post(webhookOf(call), bytes, signingSecret);
    }

    /**
     * Ends a call whose completion webhook is lost: {@code GET /v1/calls/{id}} returns the ended
     * call object from now on, but nothing is posted. {@link #postDuplicate} posts it later.
     */
    public void endWithoutWebhook(String callId, String status, String transcript, String summary, double minutes,
            String answeredBy) {
        PlacedCall call = placedCall(callId);
        completions.put(callId, bytes(CallObjects.ended(json, callId, call.request(), call.placedAt(), clock.get(), status,
                transcript, summary, minutes, Optional.ofNullable(answeredBy))));
    }

    /** Posts the call's completion again, byte for byte, as Bland's retries and resends do. */
    public int postDuplicate(String callId) {
        byte[] bytes = Optional.ofNullable(completions.get(callId))
                .orElseThrow(() -> new IllegalStateException("call " + callId + " was not completed"));
        return poster.post(webhookOf(placedCall(callId)), bytes, signingSecret);
    }

    /** A live event ({@code webhook_events}): not a completion. */
    public int postLiveEvent(String callId, String message) {
        ObjectNode body = json.createObjectNode()
                .put("message", message)
                .put("call_id", callId)
                .put("category", "call")
                .put("log_level", "info")
                .put("timestamp", clock.get().toString());
        return poster.post(webhookOf(placedCall(callId)), bytes(body), signingSecret);
    }

    /** A citations event: not a completion. */
    public int postCitationsEvent(String callId) {
        ObjectNode body = json.createObjectNode().put("call_id", callId).put("event_type", "citations");
        body.putArray("citations").addObject().put("variable", "appointment_time").put("value", "7 pm");
        return poster.post(webhookOf(placedCall(callId)), bytes(body), signingSecret);
    }

    /** The second post-call body that follows a completion: citations and corrected transcript. */
    public int postDelayedSecondBody(String callId) {
        PlacedCall call = placedCall(callId);
        ObjectNode body = json.createObjectNode().put("call_id", callId);
        body.putArray("citations").addObject().put("variable", "appointment_time").put("value", "7 pm");
        body.put("corrected_transcript", "user: Hello? \n assistant: Hi, calling as planned.");
        body.set("metadata", call.metadata().deepCopy());
        return poster.post(webhookOf(call), bytes(body), signingSecret);
    }

    /** A call received on the user's number, posted to {@code webhook} (no metadata of ours). */
    public int postInboundCall(URI webhook, String from, String to, String transcript, String summary, double minutes) {
        return postInboundCall(webhook, UUID.randomUUID().toString(), from, to, transcript, summary, minutes);
    }

    /** The same, under a chosen call id: posting it twice is a resend of the same call. */
    public int postInboundCall(URI webhook, String callId, String from, String to, String transcript, String summary,
            double minutes) {
        ObjectNode body = CallObjects.inbound(json, callId, from, to, clock.get(), transcript, summary, minutes);
        return poster.post(webhook, bytes(body), signingSecret);
    }

    @Override
    public void close() {
        hold.countDown();
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            if (path.equals("/v1/calls") && method.equals("POST")) {
                placeCall(exchange);
            } else if (path.startsWith("/v1/calls/") && method.equals("GET")) {
                getCall(exchange, path.substring("/v1/calls/".length()));
            } else {
                send(exchange, 404, errorEnvelope("Not found", "NOT_FOUND"));
            }
        }
    }

    private void placeCall(HttpExchange exchange) throws IOException {
        attempts.incrementAndGet();
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        if (!authorized(authorization)) {
            send(exchange, 401, authFailure());
            return;
        }
        JsonNode request;
        try (InputStream in = exchange.getRequestBody()) {
            request = json.readTree(in.readAllBytes());
        } catch (JsonProcessingException e) {
            send(exchange, 400, errorEnvelope("Invalid JSON body", "INVALID_JSON"));
            return;
        }
        if (request == null || !request.isObject()) {
            send(exchange, 400, errorEnvelope("Request body must be a JSON object", "INVALID_JSON"));
            return;
        }
        List<String> invalid = validate(request);
        if (!invalid.isEmpty()) {
            send(exchange, 400, errorEnvelope("Invalid request", invalid.toArray(String[]::new)));
            return;
        }
        if (outOfBalance) {
            send(exchange, 402, errorEnvelope("Insufficient balance. Please add funds to your account.", "INSUFFICIENT_BALANCE"));
            return;
        }
        Optional<PlacedCall> accepted = accept(request, authorization);
        if (accepted.isEmpty()) {
            send(exchange, 429, errorEnvelope("Calls can only be sent every 10 seconds to the same number", "RATE_LIMITED"));
            return;
        }
        answerPlacement(exchange, accepted.get());
    }

    private void answerPlacement(HttpExchange exchange, PlacedCall call) throws IOException {
        Fault fault = faults.poll();
        if (fault == Fault.SERVER_ERROR) {
            forget(call);
            send(exchange, 500, errorEnvelope("Internal server error", "INTERNAL_ERROR"));
            return;
        }
        awaitRelease();
        if (fault == Fault.DROP_CONNECTION) {
            return; // closing the exchange before any header closes the connection
        }
        if (fault == Fault.GARBLED_SUCCESS) {
            send(exchange, 200, "<html>upstream hiccup</html>".getBytes(StandardCharsets.UTF_8));
            return;
        }
        ObjectNode success = json.createObjectNode()
                .put("status", "success")
                .put("message", "Call successfully queued.")
                .put("call_id", call.callId());
        success.putNull("batch_id");
        send(exchange, 200, bytes(success));
    }

    private synchronized Optional<PlacedCall> accept(JsonNode request, String authorization) {
        Instant now = clock.get();
        String number = request.path("phone_number").asText();
        Instant last = lastCallTo.get(number);
        if (last != null && now.isBefore(last.plus(SAME_NUMBER_INTERVAL))) {
            return Optional.empty();
        }
        lastCallTo.put(number, now);
        PlacedCall call = new PlacedCall(UUID.randomUUID().toString(), request.deepCopy(), authorization, now);
        calls.put(call.callId(), call);
        synchronized (placed) {
            placed.add(call);
        }
        return Optional.of(call);
    }

    private synchronized void forget(PlacedCall call) {
        calls.remove(call.callId());
        synchronized (placed) {
            placed.remove(call);
        }
        lastCallTo.remove(call.phoneNumber());
    }

    private static List<String> validate(JsonNode request) {
        List<String> errors = new ArrayList<>();
        if (!request.path("phone_number").isTextual() || request.path("phone_number").asText().isBlank()) {
            errors.add("Missing required parameter: phone_number");
        }
        boolean hasTask = request.path("task").isTextual() && !request.path("task").asText().isBlank();
        if (!hasTask && !request.hasNonNull("pathway_id")) {
            errors.add("Missing required parameter: task (or pathway_id)");
        }
        if (request.has("max_duration")) {
            JsonNode max = request.get("max_duration");
            if (!max.isNumber() || max.asDouble() <= 0 || max.asDouble() > MAX_DURATION_MINUTES) {
                errors.add("max_duration must be greater than 0 and at most " + MAX_DURATION_MINUTES + " minutes");
            }
        }
        return errors;
    }

    private void getCall(HttpExchange exchange, String callId) throws IOException {
        if (!authorized(exchange.getRequestHeaders().getFirst("Authorization"))) {
            send(exchange, 401, authFailure());
            return;
        }
        PlacedCall call = calls.get(callId);
        if (call == null) {
            send(exchange, 404, errorEnvelope("Call not found", "NOT_FOUND"));
            return;
        }
        byte[] completion = completions.get(callId);
        send(exchange, 200, completion != null
                ? completion
                : bytes(CallObjects.queued(json, callId, call.request(), call.placedAt())));
    }

    private boolean authorized(String header) {
        return header != null && (header.equals(apiKey) || header.equals("Bearer " + apiKey));
    }

    private void awaitRelease() {
        try {
            if (!hold.await(LONGEST_HOLD.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("held answer never released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private URI webhookOf(PlacedCall call) {
        return call.webhook().orElseThrow(() -> new IllegalStateException("call " + call.callId() + " has no webhook"));
    }

    private byte[] authFailure() {
        ObjectNode body = json.createObjectNode().putNull("data");
        body.putArray("errors").addObject().put("error", "AUTH_FAILURE").put("message", "Unauthorized");
        return bytes(body);
    }

    private byte[] errorEnvelope(String message, String... errors) {
        ObjectNode body = json.createObjectNode().put("status", "error").put("message", message);
        var array = body.putArray("errors");
        for (String error : errors) {
            array.add(error);
        }
        return bytes(body);
    }

    private byte[] bytes(JsonNode node) {
        try {
            return json.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
