package dev.ringback.bootstrap.realgateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Ringback's standalone server as an operator runs it (the shaded jar), in trial mode: the
 * simulated telephony "rings" and posts a signed completion to the server itself. Restarting it
 * keeps its SQLite database.
 */
final class RingbackProcess implements AutoCloseable {
    static final String USER = "ada";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final E2eEnvironment env;
    private final Path dir;
    private final Map<String, String> environment = new HashMap<>();
    private ChildProcess server;
    private int starts;
    private int port;
    String dashboardToken;

    RingbackProcess(E2eEnvironment env, Path dir) {
        this.env = env;
        this.dir = dir;
        environment.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        environment.put("RINGBACK_DB", dir.resolve("ringback.db").toString());
        environment.put("RINGBACK_HOST", "127.0.0.1");
        environment.put("RINGBACK_PORT", "0");
        environment.put("RINGBACK_TELEPHONY", "simulated");
        environment.put("RINGBACK_SIMULATED_CALL_DELAY", "1s");
        environment.put("RINGBACK_RETRY_INITIAL", "200ms");
        environment.put("RINGBACK_RETRY_MAX_DELAY", "1s");
        environment.put("RINGBACK_RETRY_MAX_ATTEMPTS", "1000");
        // A delivery whose claim a crash left behind is retried when its lease runs out: with the
        // default 2 minutes the crash scenario waited 117.5 s once, against the 120 s it allows.
        // The scenarios' attempts take a second or two; 20 s stays well above them.
        environment.put("RINGBACK_DELIVERY_LEASE", "20s");
    }

    /** Registers the user and their machine (the real gateway) with the route its version needs. */
    RingbackProcess provision(RealGateway gateway) {
        cli("add-user", "--id", USER, "--name", "Ada", "--plan", "pro");
        cli("add-machine", "--user", USER, "--app-url", gateway.baseUri().toString(), "--gateway-token", RealGateway.GATEWAY_TOKEN,
                "--hook-token", RealGateway.HOOK_TOKEN, "--hooks-path", "/hooks", "--agents", "main", "--route", env.route().wireName());
        cli("assign-number", "--user", USER, "--number", "+12025550100");
        // The command's output interleaves log lines (stderr) with the token (stdout): pick the token by its shape.
        String issued = cli("issue-token", "--user", USER);
        dashboardToken = java.util.regex.Pattern.compile("rbk_[A-Za-z0-9_-]{20,}").matcher(issued).results()
                .map(java.util.regex.MatchResult::group).reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("issue-token printed no token: " + issued));
        return this;
    }

    private String cli(String... args) {
        // Short-lived operator commands: the JIT's top tier would only cost start-up time.
        List<String> command = new ArrayList<>(List.of(java(), "-XX:TieredStopAtLevel=1", "-jar", env.jar().toString()));
        command.addAll(List.of(args));
        return ChildProcess.run("ringback " + args[0], command, environment, dir, dir.resolve("cli-" + args[0] + ".log"));
    }

    RingbackProcess start() {
        starts++;
        server = ChildProcess.start("ringback serve", List.of(java(), "-jar", env.jar().toString(), "serve"), environment, dir,
                dir.resolve("ringback-" + starts + ".log"));
        port = Integer.parseInt(server.awaitOutput(Pattern.compile("serving on port (\\d+)"), Duration.ofSeconds(60)));
        return this;
    }

    /** A crash: no shutdown hook, no chance to finish what was in flight. */
    void crash() {
        server.crash();
        server = null;
    }

    /** The dashboard reports the conversation the user is in. */
    JsonNode reportActive(String sessionKey) {
        return send("POST", "/api/user/sessions/active", dashboardToken, "{\"sessionKey\":\"" + sessionKey + "\"}").body();
    }

    /** The agent's call request (what its curl would send), authenticated with the gateway token. */
    String placeCall(Optional<String> sessionKey) {
        String body = "{\"to\":\"(202) 555-0199\",\"task\":\"Ask John whether dinner at 7 works\""
                + sessionKey.map(k -> ",\"session_key\":\"" + k + "\"").orElse("") + "}";
        Response placed = send("POST", "/api/user/call", RealGateway.GATEWAY_TOKEN, body);
        if (placed.status() != 200) {
            throw new AssertionError("call refused: " + placed);
        }
        return placed.body().path("call_id").asText();
    }

    JsonNode callStatus(String callId) {
        return send("GET", "/api/user/call/status?call_id=" + callId, RealGateway.GATEWAY_TOKEN, null).body();
    }

    Optional<JsonNode> notificationDelivery(String callId) {
        for (JsonNode delivery : callStatus(callId).path("deliveries")) {
            if (delivery.path("kind").asText().equals("notification")) {
                return Optional.of(delivery);
            }
        }
        return Optional.empty();
    }

    private Response send(String method, String path, String token, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(30));
        if (body == null) {
            request.GET();
        } else {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        }
        HttpResponse<String> response = E2eHttp.send(request.build());
        try {
            return new Response(response.statusCode(), JSON.readTree(response.body()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String java() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    @Override
    public void close() {
        if (server != null) {
            server.close();
            server = null;
        }
    }

    record Response(int status, JsonNode body) {}
}
