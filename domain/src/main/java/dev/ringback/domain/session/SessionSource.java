package dev.ringback.domain.session;

/** Where a call's origin session came from, strongest first. */
public enum SessionSource {
    /** The agent named its own session when placing the call. */
    AGENT("agent"),
    /** The conversation the dashboard last reported as open. */
    DASHBOARD("dashboard"),
    /** Nothing better was known: the agent's main session. */
    DEFAULT("default");

    private final String wireName;

    SessionSource(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static SessionSource fromWireName(String name) {
        for (SessionSource source : values()) {
            if (source.wireName.equals(name)) {
                return source;
            }
        }
        throw new IllegalArgumentException("unknown session source: " + name);
    }
}
