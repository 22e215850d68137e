package dev.ringback.application.port.out;

import dev.ringback.domain.account.TokenHash;
import dev.ringback.domain.account.UserId;
import java.time.Instant;
import java.util.Optional;

/** Bearer tokens issued to dashboard users by an operator; only their hashes are stored. */
public interface DashboardTokenRepository {
    void save(TokenHash hash, UserId user, Instant issuedAt);

    Optional<UserId> findUser(TokenHash hash);

    /** Deletes every token of {@code user}; returns how many there were. */
    int revokeAll(UserId user);
}
