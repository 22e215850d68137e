package dev.ringback.application.testing;

import dev.ringback.application.port.out.UserRepository;
import dev.ringback.domain.account.User;
import dev.ringback.domain.account.UserId;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

public final class InMemoryUserRepository implements UserRepository {
    private final Map<UserId, User> users = new HashMap<>();

    @Override
    public synchronized void save(User user) {
        users.put(user.id(), user);
    }

    @Override
    public synchronized Optional<User> findById(UserId id) {
        return Optional.ofNullable(users.get(id));
    }
}
