package dev.ringback.bootstrap.realgateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A real OpenClaw gateway on loopback with its own state folder (reference: openclaw-gateway.md,
 * section 7). Stopping and starting it again keeps the state, as a machine restart would.
 */
final class RealGateway implements AutoCloseable {
    static final String GATEWAY_TOKEN = "gw-token-e2e-0123456789";
    static final String HOOK_TOKEN = "hook-token-e2e-9876543210";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final E2eEnvironment env;
    private final Path dir;
    final int port;
    private ChildProcess process;
    private int starts;

    RealGateway(E2eEnvironment env, Path dir, int modelPort) {
        this.env = env;
        this.dir = dir;
        this.port = freePort();
        try {
            for (String sub : List.of("home", "state", "tmp")) {
                Files.createDirectories(dir.resolve(sub));
            }
            Files.writeString(dir.resolve("openclaw.json"), config(modelPort).toPrettyString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    URI baseUri() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** The configuration each version needs (2026.1.30 refuses the newer hook session-key settings). */
    private ObjectNode config(int modelPort) {
        ObjectNode config = JSON.createObjectNode();
        ObjectNode gateway = config.putObject("gateway").put("mode", "local").put("port", port).put("bind", "loopback");
        gateway.putObject("auth").put("mode", "token").put("token", GATEWAY_TOKEN);
        ObjectNode hooks = config.putObject("hooks").put("enabled", true).put("token", HOOK_TOKEN).put("path", "/hooks");
        if (env.legacy()) {
            config.putObject("session").putObject("reset").put("mode", "idle").put("idleMinutes", 525600);
        } else {
            hooks.putArray("allowedAgentIds").add("main");
            hooks.put("allowRequestSessionKey", true);
            hooks.putArray("allowedSessionKeyPrefixes").add("agent:main:").add("hook:");
        }
        ObjectNode models = config.putObject("models").put("mode", "replace");
        ObjectNode fake = models.putObject("providers").putObject("fake")
                .put("baseUrl", "http://127.0.0.1:" + modelPort + "/v1").put("apiKey", "x").put("api", "openai-completions");
        ObjectNode model = fake.putArray("models").addObject().put("id", "fake-model").put("name", "Fake").put("reasoning", false);
        model.putArray("input").add("text");
        model.putObject("cost").put("input", 0).put("output", 0).put("cacheRead", 0).put("cacheWrite", 0);
        model.put("contextWindow", 128000).put("maxTokens", 4096);
        ObjectNode defaults = config.putObject("agents").putObject("defaults");
        defaults.putObject("model").put("primary", "fake/fake-model");
        // No background turns: every model request the suite sees belongs to a scenario's step.
        defaults.putObject("heartbeat").put("every", "0m");
        config.putObject("plugins").put("enabled", false);
        config.putObject("logging").put("file", dir.resolve("openclaw-file.log").toString());
        config.putObject("update").put("checkOnStart", false);
        config.putObject("discovery").putObject("mdns").put("mode", "off");
        config.putObject("browser").put("enabled", false);
        config.putObject("skills").putArray("allowBundled");
        ObjectNode web = config.putObject("tools").putObject("web");
        web.putObject("search").put("enabled", false);
        web.putObject("fetch").put("enabled", false);
        return config;
    }

    /** Starts the gateway and waits until a dashboard can connect. */
    RealGateway start() {
        Map<String, String> environment = new HashMap<>();
        environment.put("PATH", "/usr/bin:/bin");
        environment.put("HOME", dir.resolve("home").toString());
        environment.put("OPENCLAW_HOME", dir.resolve("home").toString());
        environment.put("OPENCLAW_STATE_DIR", dir.resolve("state").toString());
        environment.put("OPENCLAW_CONFIG_PATH", dir.resolve("openclaw.json").toString());
        environment.put("TMPDIR", dir.resolve("tmp").toString());
        environment.put("OPENCLAW_GATEWAY_PORT", Integer.toString(port));
        environment.put("OPENCLAW_NO_RESPAWN", "1");
        environment.put("OPENCLAW_SUPERVISOR_MODE", "external");
        environment.put("OPENCLAW_NO_AUTO_UPDATE", "1");
        environment.put("OPENCLAW_DISABLE_BONJOUR", "1");
        environment.put("OPENCLAW_SKIP_CHANNELS", "1");
        environment.put("OPENCLAW_OFFLINE", "1");
        environment.put("DO_NOT_TRACK", "1");
        // Node's compile cache, kept with the installation (outside the repository): a warm start is
        // about a third faster, and the suite starts the gateway several times.
        environment.put("NODE_COMPILE_CACHE", env.openclawPrefix().resolve("node-compile-cache").toString());
        starts++;
        process = ChildProcess.start("openclaw " + env.version(), List.of(env.node().toString(), env.openclawEntry().toString(),
                "gateway", "run", "--port", Integer.toString(port), "--bind", "loopback"), environment, dir,
                dir.resolve("gateway-" + starts + ".log"));
        Instant deadline = Instant.now().plus(Duration.ofSeconds(180));
        while (true) {
            if (!process.alive()) {
                throw new AssertionError("OpenClaw " + env.version() + " exited during start:\n" + process.tail());
            }
            try (GatewayWs ws = GatewayWs.connect(port, GATEWAY_TOKEN)) {
                return this;
            } catch (RuntimeException | AssertionError notYet) {
                if (Instant.now().isAfter(deadline)) {
                    throw new AssertionError("OpenClaw " + env.version() + " not ready within 180 s:\n" + process.tail());
                }
                Poll.pause();
            }
        }
    }

    void stop() {
        if (process != null) {
            process.kill();
            process = null;
        }
    }

    GatewayWs dashboard() {
        return GatewayWs.connect(port, GATEWAY_TOKEN);
    }

    /** A raw {@code POST /hooks/agent}, as the seed's webhook handler sent it. */
    HttpResponse<String> postHook(String json) {
        return E2eHttp.send(HttpRequest.newBuilder(baseUri().resolve("/hooks/agent"))
                .header("Authorization", "Bearer " + HOOK_TOKEN).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(60)).POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    /**
     * {@code GET /sessions/<key>/history?limit=1000} with the gateway token, as Ringback's hooks
     * route reads it before re-sending a notification that may have landed.
     */
    HttpResponse<String> historyOverHttp(String sessionKey) {
        String segment = URLEncoder.encode(sessionKey, StandardCharsets.UTF_8).replace("+", "%20");
        return E2eHttp.send(HttpRequest.newBuilder(baseUri().resolve("/sessions/" + segment + "/history?limit=1000"))
                .header("Authorization", "Bearer " + GATEWAY_TOKEN).header("Accept", "application/json")
                .timeout(Duration.ofSeconds(30)).GET().build());
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        stop();
    }
}
