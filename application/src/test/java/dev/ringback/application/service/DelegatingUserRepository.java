package dev.ringback.application.service;

import dev.ringback.application.port.out.UserRepository;
import dev.ringback.domain.account.User;
import dev.ringback.domain.account.UserId;
import dev.ringback.domain.phone.PhoneNumber;
import java.util.List;
import java.util.Optional;

/** Forwards everything; a test overrides one method to interleave another operator's command. */
class DelegatingUserRepository implements UserRepository {
    private final UserRepository delegate;

    DelegatingUserRepository(UserRepository delegate) {
        this.delegate = delegate;
    }

    @Override
    public void save(User user) {
        delegate.save(user);
    }

    @Override
    public boolean add(User user) {
        return delegate.add(user);
    }

    @Override
    public boolean replace(User stored, User changed) {
        return delegate.replace(stored, changed);
    }

    @Override
    public Optional<User> findById(UserId id) {
        return delegate.findById(id);
    }

    @Override
    public List<User> findAll() {
        return delegate.findAll();
    }

    @Override
    public Optional<User> findByPhoneNumber(PhoneNumber number) {
        return delegate.findByPhoneNumber(number);
    }
}
