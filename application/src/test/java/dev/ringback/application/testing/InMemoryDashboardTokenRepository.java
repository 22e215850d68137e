package dev.ringback.application.testing;

import dev.ringback.application.port.out.DashboardTokenRepository;
import dev.ringback.domain.account.TokenHash;
import dev.ringback.domain.account.UserId;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

public final class InMemoryDashboardTokenRepository implements DashboardTokenRepository {
    private final Map<TokenHash, UserId> owners = new HashMap<>();

    @Override
    public synchronized void save(TokenHash hash, UserId user, Instant issuedAt) {
        owners.put(hash, user);
    }

    @Override
    public synchronized Optional<UserId> findUser(TokenHash hash) {
        return Optional.ofNullable(owners.get(hash));
    }

    @Override
    public synchronized int revokeAll(UserId user) {
        int before = owners.size();
        owners.values().removeIf(user::equals);
        return before - owners.size();
    }
}
