package dev.ringback.application.port.out;

import dev.ringback.domain.account.UserId;
import java.util.Optional;

/**
 * Who the dashboard's user is. The standalone server checks operator-issued bearer tokens; a
 * host application embedding Ringback plugs in its own session cookie or JWT check.
 */
public interface DashboardAuthenticator {
    Optional<UserId> authenticate(RequestCredentials credentials);

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
