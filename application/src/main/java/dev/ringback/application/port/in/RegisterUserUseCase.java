package dev.ringback.application.port.in;

import dev.ringback.domain.InvalidInputException;
import dev.ringback.domain.account.User;
import java.util.Optional;

/** Operator: a new platform user. */
public interface RegisterUserUseCase {
    User register(Command command);

    record Command(Optional<String> id, String name, String plan) {
        public Command {
            if (name == null || name.isBlank()) {
                throw new InvalidInputException("a user needs a name");
            }
            if (plan == null || plan.isBlank()) {
                throw new InvalidInputException("a user needs a plan");
            }
        }
    }
}
