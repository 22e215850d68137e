package dev.ringback.adapters.openclaw;

/** Where things live on a user's machine, relative to its app URL ({@link dev.ringback.domain.account.Machine#under}). */
final class Endpoints {
    private Endpoints() {}

    /** {@code {hooksPath}/agent}; a hooks path of "/" mounts the hooks at the root. */
    static String hookAgentPath(String hooksPath) {
        return ("/".equals(hooksPath) ? "" : hooksPath) + "/agent";
    }
}
