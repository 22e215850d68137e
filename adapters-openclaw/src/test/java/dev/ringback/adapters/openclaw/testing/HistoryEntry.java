package dev.ringback.adapters.openclaw.testing;

import java.util.Objects;

/** One message of a session's transcript, as the dashboard shows it. */
public record HistoryEntry(String role, String text) {
    public HistoryEntry {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(text, "text");
    }

    public static HistoryEntry user(String text) {
        return new HistoryEntry("user", text);
    }

    public static HistoryEntry assistant(String text) {
        return new HistoryEntry("assistant", text);
    }
}
