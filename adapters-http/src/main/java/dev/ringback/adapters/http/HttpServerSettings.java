package dev.ringback.adapters.http;

import java.net.URI;
import java.util.Objects;

/**
 * Where the API listens and the public base URL that outside systems (Bland's webhook) use to
 * reach it. Port 0 picks a free port (tests).
 */
public record HttpServerSettings(String host, int port, URI publicBaseUrl, int maxBodyBytes) {
    public static final int DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
    /** Larger bodies are cut off while read whatever the limit (see {@link RequestBodies}), so no limit goes beyond. */
    public static final int LARGEST_MAX_BODY_BYTES = (int) RequestBodies.DRAIN_LIMIT_BYTES;

    public HttpServerSettings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(publicBaseUrl, "publicBaseUrl");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0 to 65535");
        }
        if (maxBodyBytes < 1024 || maxBodyBytes > LARGEST_MAX_BODY_BYTES) {
            throw new IllegalArgumentException("the body limit must be 1 KiB to 2 MiB");
        }
    }
}
