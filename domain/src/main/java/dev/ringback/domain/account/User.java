package dev.ringback.domain.account;

import dev.ringback.domain.phone.PhoneNumber;
import java.util.Objects;
import java.util.Optional;

/** A platform user: the owner of one machine and, once provisioned, of one phone number. */
public record User(UserId id, String name, String plan, Optional<PhoneNumber> phoneNumber, Optional<String> voiceId) {
    public User {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(plan, "plan");
        Objects.requireNonNull(phoneNumber, "phoneNumber");
        Objects.requireNonNull(voiceId, "voiceId");
    }

    public static User register(UserId id, String name, String plan) {
        return new User(id, name, plan, Optional.empty(), Optional.empty());
    }

    public User withPlan(String newPlan) {
        return new User(id, name, newPlan, phoneNumber, voiceId);
    }

    public User withPhoneNumber(PhoneNumber number, Optional<String> voice) {
        return new User(id, name, plan, Optional.of(number), voice);
    }
}
