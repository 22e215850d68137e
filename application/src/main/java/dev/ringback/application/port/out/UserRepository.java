package dev.ringback.application.port.out;

import dev.ringback.domain.account.User;
import dev.ringback.domain.account.UserId;
import dev.ringback.domain.phone.PhoneNumber;
import java.util.List;
import java.util.Optional;

public interface UserRepository {
    /** Inserts or replaces the user. */
    void save(User user);

    /**
     * Inserts the user unless one with its id is stored: false then, and nothing written. A store
     * that can should check and insert in one step, so that of two registrations of one id at
     * once only one succeeds; this default cannot.
     */
    default boolean add(User user) {
        if (findById(user.id()).isPresent()) {
            return false;
        }
        save(user);
        return true;
    }

    /**
     * Replaces {@code stored} by {@code changed} (the same id), only while the user is stored as
     * {@code stored}: false, and nothing written, when it was forgotten meanwhile (an operator's
     * change must not bring an erased user back) or changed meanwhile (one operator's change must
     * not undo another's; read again and retry). A store that can should check and write in one
     * step; this default cannot.
     */
    default boolean replace(User stored, User changed) {
        requireSameUser(stored, changed);
        if (!findById(stored.id()).map(stored::equals).orElse(false)) {
            return false;
        }
        save(changed);
        return true;
    }

    /** What every {@link #replace} checks first: a change never moves a user to another id. */
    static void requireSameUser(User stored, User changed) {
        if (!stored.id().equals(changed.id())) {
            throw new IllegalArgumentException("a user keeps their id");
        }
    }

    Optional<User> findById(UserId id);

    /** Every user, by id: for an operator's review, not for a request's path. */
    List<User> findAll();

    /**
     * The user whose provisioned number this is. Empty when nobody has it, and also when more
     * than one user has it: an inbound call must never be given to the wrong user.
     */
    Optional<User> findByPhoneNumber(PhoneNumber number);
}
