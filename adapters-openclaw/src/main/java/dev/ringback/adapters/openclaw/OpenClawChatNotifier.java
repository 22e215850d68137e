package dev.ringback.adapters.openclaw;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ringback.application.port.out.AgentNotifier;
import dev.ringback.domain.account.Machine;
import dev.ringback.domain.account.Secret;
import dev.ringback.domain.delivery.AttemptResult;
import dev.ringback.domain.notify.AgentNotification;
import dev.ringback.domain.notify.NotificationPolicy;
import jakarta.inject.Inject;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Hands a call notification to the agent through the gateway's WebSocket {@code chat.send}, the
 * dashboard's own path (reference section 6). It is the only route that appends to a
 * conversation's transcript on gateways up to about 2026-07-28, where {@code /hooks/agent} rolls
 * the conversation over or files the run in a fresh transcript.
 *
 * <p>Exactly-once is ours to keep: the gateway absorbs a repeated idempotency key only in memory,
 * and a restart forgets it. So every attempt first reads {@code chat.history} and reports
 * Delivered without sending when the call's marker is already in the conversation; a connection
 * lost after the send was written is then harmless to retry.
 */
final class OpenClawChatNotifier implements AgentNotifier {
    static final int MIN_PROTOCOL = 3;
    static final int MAX_PROTOCOL = 4;
    static final String CLIENT_ID = "gateway-client";
    static final String CLIENT_MODE = "backend";
    static final String CLIENT_VERSION = "ringback-0.1";
    /** The gateway's own cap on a read; see {@link SessionHistoryCheck#MESSAGES}. */
    static final int HISTORY_LIMIT = SessionHistoryCheck.MESSAGES;

    private static final System.Logger LOG = System.getLogger(OpenClawChatNotifier.class.getName());
    private static final Duration DEFAULT_FINAL_TIMEOUT = Duration.ofSeconds(90);

    /**
     * How long each step may take. The run's final event can take as long as the model needs; 90 s
     * stays below the 2-minute delivery lease, and a run still going after that is checked in the
     * history on the next attempt.
     */
    record Timeouts(Duration connect, Duration answer, Duration finalEvent) {
        Timeouts {
            Objects.requireNonNull(connect, "connect");
            Objects.requireNonNull(answer, "answer");
            Objects.requireNonNull(finalEvent, "finalEvent");
        }

        static Timeouts from(OpenClawSettings settings) {
            return new Timeouts(settings.connectTimeout(), settings.requestTimeout(), DEFAULT_FINAL_TIMEOUT);
        }
    }

    private final GatewayHttp http;
    private final Timeouts timeouts;

    @Inject
    OpenClawChatNotifier(GatewayHttp http, OpenClawSettings settings) {
        this(http, Timeouts.from(settings));
    }

    OpenClawChatNotifier(GatewayHttp http, Timeouts timeouts) {
        this.http = http;
        this.timeouts = timeouts;
    }

    @Override
    public AttemptResult deliver(Machine machine, AgentNotification notification) {
        URI uri;
        try {
            uri = machine.webSocketUrl();
        } catch (IllegalArgumentException e) {
            return new AttemptResult.Refused("gateway WebSocket URL cannot be built for this machine");
        }
        List<Secret> hidden = List.of(machine.hookToken(), machine.gatewayToken());
        boolean sent = false;
        try (GatewayConnection connection = GatewayConnection.open(http.client(), uri, timeouts.connect())) {
            Optional<AttemptResult> refused = handshake(connection, machine, hidden);
            if (refused.isPresent()) {
                return refused.get();
            }
            String sessionKey = notification.sessionKey().value();
            Optional<AttemptResult> known = alreadyThere(connection, sessionKey, notification.marker(), hidden);
            if (known.isPresent()) {
                return known.get();
            }
            String sendId = connection.request("chat.send", sendParams(notification));
            sent = true;
            JsonNode answer = connection.response(sendId, deadline(timeouts.answer()));
            if (!answer.path("ok").asBoolean(false)) {
                return failed("chat.send", answer, hidden);
            }
            String runId = textOf(answer.path("payload").path("runId")).orElse(notification.idempotencyKey());
            JsonNode event;
            try {
                event = connection.event("chat", payload -> runId.equals(payload.path("runId").asText())
                        && isSettled(payload.path("state").asText()), deadline(timeouts.finalEvent()));
            } catch (GatewayConnection.Failure failure) {
                if (failure.stop() != GatewayConnection.Stop.TIMEOUT) {
                    throw failure;
                }
                // A long run (or a gateway that does not stream this run's events to us): the
                // message counts as delivered once it is in the conversation's transcript.
                return alreadyThere(connection, sessionKey, notification.marker(), hidden)
                        .filter(result -> result instanceof AttemptResult.Delivered)
                        .<AttemptResult>map(found -> new AttemptResult.Delivered("in chat history; run still going"))
                        .orElseGet(() -> new AttemptResult.Retryable("uncertain after chat.send: no final event",
                                Optional.empty()));
            }
            String state = event.path("payload").path("state").asText();
            if ("final".equals(state)) {
                return new AttemptResult.Delivered("chat.send final" + safe(" runId=", runId, hidden));
            }
            // The run stopped; whether the message was kept is for the next attempt's history check.
            return new AttemptResult.Retryable("chat run " + state, Optional.empty());
        } catch (GatewayConnection.Failure failure) {
            if (failure.upgradeAnswer().isPresent()) {
                return upgradeRefused(failure.upgradeAnswer().get(), hidden);
            }
            String step = sent ? "uncertain after chat.send: " : "chat route: ";
            LOG.log(Level.DEBUG, "chat delivery attempt ended: {0}{1}", step, failure.getMessage());
            return new AttemptResult.Retryable(step + failure.getMessage(), Optional.empty());
        }
    }

    /**
     * Reads the conversation over the WebSocket for the hooks route of a gateway that has no HTTP
     * history route: Delivered when the call's marker is there; empty when it is not; Retryable
     * when the machine cannot answer now; Refused when this machine's WebSocket will not let us
     * read until the operator changes something.
     */
    Optional<AttemptResult> findInHistory(Machine machine, AgentNotification notification) {
        URI uri;
        try {
            uri = machine.webSocketUrl();
        } catch (IllegalArgumentException e) {
            return Optional.of(new AttemptResult.Refused("gateway WebSocket URL cannot be built for this machine"));
        }
        List<Secret> hidden = List.of(machine.hookToken(), machine.gatewayToken());
        try (GatewayConnection connection = GatewayConnection.open(http.client(), uri, timeouts.connect())) {
            Optional<AttemptResult> refused = handshake(connection, machine, hidden);
            if (refused.isPresent()) {
                return refused;
            }
            return alreadyThere(connection, notification.sessionKey().value(), notification.marker(), hidden);
        } catch (GatewayConnection.Failure failure) {
            return Optional.of(failure.upgradeAnswer().isPresent()
                    ? upgradeRefused(failure.upgradeAnswer().get(), hidden)
                    : new AttemptResult.Retryable("chat route: " + failure.getMessage(), Optional.empty()));
        }
    }

    /**
     * The machine answered the upgrade with plain HTTP. The hooks route's guidance applies: 5xx,
     * 408 and 429 are a machine restarting or busy; a 404 (a wrong WebSocket path), 401 or 403
     * stays so until the operator changes something, and a week of retries would only hide it.
     */
    private AttemptResult upgradeRefused(GatewayAnswer.Response answer, List<Secret> hidden) {
        String detail = "chat route: websocket upgrade answered " + answer.status();
        AttemptResult classified = AnswerClassifier.unsuccessful(answer, http.now(), hidden);
        if (classified instanceof AttemptResult.Retryable) {
            return new AttemptResult.Retryable(detail, ((AttemptResult.Retryable) classified).retryAfter());
        }
        return new AttemptResult.Refused(detail + ": check the machine's app URL and WebSocket path");
    }

    private Optional<AttemptResult> handshake(GatewayConnection connection, Machine machine, List<Secret> hidden)
            throws GatewayConnection.Failure {
        // The gateway speaks first; a request before its challenge would be refused.
        connection.event("connect.challenge", payload -> true, deadline(timeouts.connect()));
        String id = connection.request("connect", connectParams(machine.gatewayToken()));
        JsonNode answer = connection.response(id, deadline(timeouts.answer()));
        if (answer.path("ok").asBoolean(false)) {
            return Optional.empty();
        }
        JsonNode error = answer.path("error");
        String code = textOf(error.path("code")).flatMap(c -> AnswerClassifier.logSafe(c, hidden)).orElse("error");
        if (error.path("retryable").asBoolean(false) || "UNAVAILABLE".equals(code)) {
            return Optional.of(new AttemptResult.Retryable("connect " + code, retryAfter(error)));
        }
        // A wrong token or a protocol the gateway does not speak: a retry cannot change that.
        return Optional.of(new AttemptResult.Refused("connect refused: " + code));
    }

    private Optional<AttemptResult> alreadyThere(GatewayConnection connection, String sessionKey, String marker,
            List<Secret> hidden) throws GatewayConnection.Failure {
        ObjectNode params = Json.object();
        params.put("sessionKey", sessionKey);
        params.put("limit", HISTORY_LIMIT);
        String id = connection.request("chat.history", params);
        JsonNode answer = connection.response(id, deadline(timeouts.answer()));
        if (!answer.path("ok").asBoolean(false)) {
            return Optional.of(failed("chat.history", answer, hidden));
        }
        if (ChatHistory.mentions(answer.path("payload"), marker)) {
            return Optional.of(new AttemptResult.Delivered("already in chat history"));
        }
        return Optional.empty();
    }

    /** The operator connect request of a backend client; the token goes here, never in the URL. */
    static ObjectNode connectParams(Secret gatewayToken) {
        ObjectNode params = Json.object();
        params.put("minProtocol", MIN_PROTOCOL);
        params.put("maxProtocol", MAX_PROTOCOL);
        ObjectNode client = params.putObject("client");
        client.put("id", CLIENT_ID);
        client.put("mode", CLIENT_MODE);
        client.put("version", CLIENT_VERSION);
        client.put("platform", "java");
        params.put("role", "operator");
        params.putArray("scopes").add("operator.read").add("operator.write");
        params.putObject("auth").put("token", gatewayToken.value());
        return params;
    }

    /** Exactly the three fields the gateway accepts; it refuses unknown params. */
    private static ObjectNode sendParams(AgentNotification notification) {
        ObjectNode params = Json.object();
        params.put("sessionKey", notification.sessionKey().value());
        params.put("message", NotificationPolicy.chatMessage(notification));
        params.put("idempotencyKey", notification.idempotencyKey());
        return params;
    }

    private static AttemptResult failed(String method, JsonNode answer, List<Secret> hidden) {
        JsonNode error = answer.path("error");
        String code = textOf(error.path("code")).flatMap(c -> AnswerClassifier.logSafe(c, hidden)).orElse("error");
        if ("INVALID_REQUEST".equals(code) && !error.path("retryable").asBoolean(false)) {
            return new AttemptResult.Refused(method + " refused: " + code);
        }
        return new AttemptResult.Retryable(method + " failed: " + code, retryAfter(error));
    }

    private static Optional<Duration> retryAfter(JsonNode error) {
        JsonNode millis = error.path("retryAfterMs");
        return millis.canConvertToLong() && millis.asLong() > 0
                ? Optional.of(Duration.ofMillis(millis.asLong()))
                : Optional.empty();
    }

    private static boolean isSettled(String state) {
        return "final".equals(state) || "error".equals(state) || "aborted".equals(state);
    }

    private static Optional<String> textOf(JsonNode node) {
        return node.isTextual() && !node.asText().isBlank() ? Optional.of(node.asText()) : Optional.empty();
    }

    private static String safe(String label, String value, List<Secret> hidden) {
        return AnswerClassifier.logSafe(value, hidden).map(v -> label + v).orElse("");
    }

    private static Instant deadline(Duration timeout) {
        return Instant.now().plus(timeout);
    }
}
