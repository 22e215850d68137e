package dev.ringback.application.testing;

import dev.ringback.application.port.out.UserRepository;
import dev.ringback.domain.account.User;
import dev.ringback.domain.account.UserId;
import dev.ringback.domain.phone.PhoneNumber;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

public final class InMemoryUserRepository implements UserRepository {
    private final Map<UserId, User> users = new HashMap<>();

    @Override
    public synchronized void save(User user) {
        users.put(user.id(), user);
    }

    @Override
    public synchronized boolean add(User user) {
        return users.putIfAbsent(user.id(), user) == null;
    }

    @Override
    public synchronized boolean replace(User stored, User changed) {
        UserRepository.requireSameUser(stored, changed);
        return users.replace(stored.id(), stored, changed);
    }

    @Override
    public synchronized Optional<User> findById(UserId id) {
        return Optional.ofNullable(users.get(id));
    }

    @Override
    public synchronized List<User> findAll() {
        return users.values().stream().sorted(Comparator.comparing(user -> user.id().value())).toList();
    }

    @Override
    public synchronized Optional<User> findByPhoneNumber(PhoneNumber number) {
        List<User> holders = users.values().stream()
                .filter(user -> user.phoneNumber().map(number::equals).orElse(false))
                .collect(Collectors.toList());
        return holders.size() == 1 ? Optional.of(holders.get(0)) : Optional.empty();
    }
}
