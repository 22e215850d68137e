package dev.ringback.adapters.openclaw;

import java.net.URI;

/** Where things live on a user's machine, relative to its app URL. */
final class Endpoints {
    private Endpoints() {}

    /** {@code {hooksPath}/agent}; a hooks path of "/" mounts the hooks at the root. */
    static String hookAgentPath(String hooksPath) {
        return ("/".equals(hooksPath) ? "" : hooksPath) + "/agent";
    }

    /**
     * The app URL (which may carry a path prefix, e.g. behind a proxy) joined with an absolute
     * path and query.
     *
     * @throws IllegalArgumentException when the result is not a valid URI
     */
    static URI resolve(URI appUrl, String pathAndQuery) {
        String base = appUrl.getScheme() + "://" + appUrl.getRawAuthority()
                + (appUrl.getRawPath() == null ? "" : appUrl.getRawPath());
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        return URI.create(base + pathAndQuery);
    }
}
