package dev.ringback.adapters.http;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Where the API listens and the public base URL that outside systems (Bland's webhook) use to
 * reach it. Port 0 picks a free port (tests).
 *
 * @param allowedOrigins the origins (scheme://host[:port]) of a dashboard served elsewhere that may
 *     call the user API from the browser; none by default (same origin only)
 */
public record HttpServerSettings(String host, int port, URI publicBaseUrl, int maxBodyBytes, Set<String> allowedOrigins) {
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
        allowedOrigins = allowedOrigins.stream().map(HttpServerSettings::asBrowsersSendIt).collect(Collectors.toUnmodifiableSet());
    }

    /** Same origin only. */
    public HttpServerSettings(String host, int port, URI publicBaseUrl, int maxBodyBytes) {
        this(host, port, publicBaseUrl, maxBodyBytes, Set.of());
    }

    /**
     * An origin as a browser sends it in {@code Origin}: an http(s) scheme and authority, nothing
     * more, with scheme and host in lower case and no default port. Compared as written,
     * {@code https://Dash.example.com:443} would never match.
     *
     * @throws IllegalArgumentException when it is not an origin (a path, '*', user info)
     */
    static String asBrowsersSendIt(String origin) {
        URI uri;
        try {
            uri = new URI(origin);
        } catch (URISyntaxException notAUri) {
            uri = null;
        }
        if (uri == null || !("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
                || uri.getHost() == null || uri.getRawUserInfo() != null || !uri.getRawPath().isEmpty()
                || uri.getRawQuery() != null || uri.getRawFragment() != null
                || !origin.equals(uri.getScheme() + "://" + uri.getRawAuthority())) {
            throw new IllegalArgumentException("an allowed origin is scheme://host[:port], without a path or '*': " + origin);
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        int port = uri.getPort();
        boolean defaultPort = port == -1 || ("https".equals(scheme) && port == 443) || ("http".equals(scheme) && port == 80);
        return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
    }
}
