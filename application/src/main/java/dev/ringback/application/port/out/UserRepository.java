package dev.ringback.application.port.out;

import dev.ringback.domain.account.User;
import dev.ringback.domain.account.UserId;
import dev.ringback.domain.phone.PhoneNumber;
import java.util.List;
import java.util.Optional;

public interface UserRepository {
    /** Inserts or replaces the user. */
    void save(User user);

    Optional<User> findById(UserId id);

    /** Every user, by id: for an operator's review, not for a request's path. */
    List<User> findAll();

    /**
     * The user whose provisioned number this is. Empty when nobody has it, and also when more
     * than one user has it: an inbound call must never be given to the wrong user.
     */
    Optional<User> findByPhoneNumber(PhoneNumber number);
}
