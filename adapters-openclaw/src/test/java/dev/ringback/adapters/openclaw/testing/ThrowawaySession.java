package dev.ringback.adapters.openclaw.testing;

import java.util.List;

/**
 * A transcript a hook run was written to instead of a conversation's history: the session the
 * gateway generated ({@code agent:main:hook:<uuid>}) when no key was sent, or a fresh transcript for
 * the named key when the run was not persistent. Nobody sees it after a page reload.
 */
public record ThrowawaySession(String runId, String sessionKey, List<HistoryEntry> entries) {
    public ThrowawaySession {
        entries = List.copyOf(entries);
    }
}
