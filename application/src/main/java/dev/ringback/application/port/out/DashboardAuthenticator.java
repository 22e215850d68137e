package dev.ringback.application.port.out;

import dev.ringback.domain.account.UserId;
import java.util.Optional;

/**
 * Who the dashboard's user is. The standalone server checks operator-issued bearer tokens; a
 * host application embedding Ringback plugs in its own session cookie or JWT check.
 */
public interface DashboardAuthenticator {
    Optional<UserId> authenticate(RequestCredentials credentials);

    /**
     * True when {@link #authenticate} only reads this application's repositories, so that it may
     * run inside a {@link UnitOfWork} (where nothing may wait on anything else). The standalone
     * server's token check does; a check that calls another service keeps the default and runs
     * on a thread that may block.
     */
    default boolean onlyReadsTheStore() {
        return false;
    }

    /** What a request carries that may identify its user, independent of the HTTP library. */
    interface RequestCredentials {
        Optional<String> header(String name);

        Optional<String> cookie(String name);

        /** The token of an {@code Authorization: Bearer ...} header, if any. */
        default Optional<String> bearerToken() {
            return header("Authorization")
                    .map(String::strip)
                    .filter(value -> value.regionMatches(true, 0, "Bearer ", 0, 7))
                    .map(value -> value.substring(7).strip())
                    .filter(token -> !token.isEmpty());
        }
    }
}
