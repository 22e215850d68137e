package dev.ringback.adapters.http;

import java.net.URI;
import java.util.Objects;

/**
 * Where the API listens and the public base URL that outside systems (Bland's webhook) use to
 * reach it. Port 0 picks a free port (tests).
 */
public record HttpServerSettings(String host, int port, URI publicBaseUrl, int maxBodyBytes) {
    public static final int DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

    public HttpServerSettings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(publicBaseUrl, "publicBaseUrl");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0 to 65535");
        }
        if (maxBodyBytes < 1024) {
            throw new IllegalArgumentException("the body limit must be at least 1 KiB");
        }
    }
}
