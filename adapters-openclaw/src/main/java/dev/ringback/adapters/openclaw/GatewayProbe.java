package dev.ringback.adapters.openclaw;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ringback.domain.account.Machine;
import dev.ringback.domain.account.NotifierRoute;
import dev.ringback.domain.account.Secret;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Asks a machine's gateway which OpenClaw version it runs and recommends the notification route
 * for it. The version comes from the WebSocket {@code connect} answer ({@code hello-ok}
 * {@code server.version}), which every gateway from 2026.1 on gives to a client holding the
 * gateway token; unlike the HTTP health endpoints it needs no version-specific path.
 */
public final class GatewayProbe {
    /** The first gateways whose {@code /hooks/agent} keeps a persistent session (reference section 2). */
    static final int[] FIRST_HOOKS_VERSION = {2026, 7, 29};
    private static final Pattern CALENDAR_VERSION = Pattern.compile("v?(\\d{4})\\.(\\d{1,2})\\.(\\d{1,2})(?:\\D.*)?");

    /** What the probe found out. */
    public sealed interface Result permits Detected, Failed {}

    /**
     * The gateway answered.
     *
     * @param recommended {@code hooks} for gateways from about 2026-07-29, otherwise {@code chat}
     *     (which works on every version, so it is also the answer for a version we cannot read)
     */
    public record Detected(String version, int protocol, NotifierRoute recommended) implements Result {
        public Detected {
            Objects.requireNonNull(version, "version");
            Objects.requireNonNull(recommended, "recommended");
        }
    }

    /** The gateway could not be asked: unreachable, refused our token, or answered something else. */
    public record Failed(String reason) implements Result {
        public Failed {
            Objects.requireNonNull(reason, "reason");
        }
    }

    private final GatewayHttp http;
    private final Duration connectTimeout;
    private final Duration answerTimeout;

    @Inject
    GatewayProbe(GatewayHttp http, OpenClawSettings settings) {
        this.http = http;
        this.connectTimeout = settings.connectTimeout();
        this.answerTimeout = settings.requestTimeout();
    }

    public static GatewayProbe create(OpenClawSettings settings) {
        return new GatewayProbe(new GatewayHttp(settings), settings);
    }

    public Result probe(Machine machine) {
        URI uri;
        try {
            uri = machine.webSocketUrl();
        } catch (IllegalArgumentException e) {
            return new Failed("the gateway WebSocket URL cannot be built for this machine");
        }
        List<Secret> hidden = List.of(machine.gatewayToken(), machine.hookToken());
        String where = GatewayConnection.shown(uri);
        GatewayConnection opened;
        try {
            opened = GatewayConnection.open(http.client(), uri, connectTimeout);
        } catch (GatewayConnection.Failure failure) {
            return new Failed(failure.upgradeAnswer()
                    .map(answer -> "the gateway at " + where + " answered HTTP " + answer.status() + hint(answer.status()))
                    .orElseGet(() -> "gateway not reachable over WebSocket at " + where + ": " + failure.getMessage()));
        }
        try (GatewayConnection connection = opened) {
            connection.event("connect.challenge", payload -> true, Instant.now().plus(connectTimeout));
            String id = connection.request("connect", OpenClawChatNotifier.connectParams(machine.gatewayToken()));
            JsonNode answer = connection.response(id, Instant.now().plus(answerTimeout));
            if (!answer.path("ok").asBoolean(false)) {
                String code = Optional.of(answer.path("error").path("code")).filter(JsonNode::isTextual)
                        .flatMap(node -> AnswerClassifier.logSafe(node.asText(), hidden)).orElse("error");
                return new Failed("the gateway refused the connection: " + code);
            }
            JsonNode hello = answer.path("payload");
            Optional<String> version = Optional.of(hello.path("server").path("version")).filter(JsonNode::isTextual)
                    .flatMap(node -> AnswerClassifier.logSafe(node.asText(), hidden));
            // Connected with the gateway token but silent about its version: the route that works on
            // every version, as for a version that cannot be read.
            String said = version.orElse(UNKNOWN_VERSION);
            return new Detected(said, hello.path("protocol").asInt(0), recommend(said));
        } catch (GatewayConnection.Failure failure) {
            return new Failed("the WebSocket at " + where + " opened but the gateway did not complete the connect exchange: "
                    + failure.getMessage());
        }
    }

    /** What the operator can change when the machine answers the upgrade with plain HTTP. */
    private static String hint(int status) {
        switch (status) {
            case 401:
                return ": it refused the gateway token (check --gateway-token)";
            case 404:
                return " at that path (check --ws-path)";
            default:
                return "";
        }
    }

    static final String UNKNOWN_VERSION = "unknown";

    /** {@code hooks} from 2026.7.29 on; {@code chat} before, and when the version cannot be read. */
    public static NotifierRoute recommend(String version) {
        Matcher m = CALENDAR_VERSION.matcher(version.strip());
        if (!m.matches()) {
            return NotifierRoute.CHAT;
        }
        int[] found = {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3))};
        for (int i = 0; i < found.length; i++) {
            if (found[i] != FIRST_HOOKS_VERSION[i]) {
                return found[i] > FIRST_HOOKS_VERSION[i] ? NotifierRoute.HOOKS : NotifierRoute.CHAT;
            }
        }
        return NotifierRoute.HOOKS;
    }
}
