package dev.ringback.domain.session;

import java.util.Optional;

/**
 * Decides which conversation a new call belongs to. The agent knows its own session for certain;
 * the dashboard's last report is only a guess about the user's focus (another tab, a chat channel
 * or a scheduled job can place calls too); the main session is the last resort.
 *
 * <p>The answer is taken once, when the call is placed, and stored with the call: later reports
 * from the dashboard never move a call that is already under way.
 */
public final class OriginSessionPolicy {
    private OriginSessionPolicy() {}

    public static OriginSession attribute(Optional<SessionKey> declaredByAgent, Optional<SessionKey> reportedByDashboard) {
        if (declaredByAgent.isPresent()) {
            return new OriginSession(declaredByAgent.get(), SessionSource.AGENT);
        }
        return reportedByDashboard
                .map(key -> new OriginSession(key, SessionSource.DASHBOARD))
                .orElseGet(() -> new OriginSession(SessionKey.MAIN, SessionSource.DEFAULT));
    }
}
