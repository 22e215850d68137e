package dev.ringback.adapters.openclaw;

import java.time.Duration;
import java.util.Objects;

/**
 * How Ringback talks to users' machines. The request timeout must exceed the gateway's run
 * admission window (up to 15 s) and stay well below the delivery lease (2 minutes).
 */
public record OpenClawSettings(Duration connectTimeout, Duration requestTimeout, String workspaceRoot) {
    public static final String DEFAULT_WORKSPACE_ROOT = "/home/node/.openclaw/workspace";
    public static final OpenClawSettings DEFAULT =
            new OpenClawSettings(Duration.ofSeconds(5), Duration.ofSeconds(30), DEFAULT_WORKSPACE_ROOT);

    public OpenClawSettings {
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        Objects.requireNonNull(workspaceRoot, "workspaceRoot");
        if (connectTimeout.isNegative() || connectTimeout.isZero() || requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("timeouts must be positive");
        }
        if (!workspaceRoot.startsWith("/") || workspaceRoot.endsWith("/")) {
            throw new IllegalArgumentException("the workspace root is an absolute path without a trailing '/'");
        }
    }
}
