package dev.ringback.application.port.out;

import dev.ringback.domain.account.User;
import dev.ringback.domain.account.UserId;
import java.util.Optional;

public interface UserRepository {
    /** Inserts or replaces the user. */
    void save(User user);

    Optional<User> findById(UserId id);
}
