package dev.ringback.application.port.in;

import dev.ringback.domain.account.UserId;
import dev.ringback.domain.session.SessionKey;
import java.util.Objects;

/** The dashboard says which conversation the user has open. */
public interface ReportActiveSessionUseCase {
    Result report(Command command);

    record Command(UserId user, String sessionKey) {
        public Command {
            Objects.requireNonNull(user, "user");
        }
    }

    sealed interface Result {
        record Reported(SessionKey key) implements Result {}

        record NoMachine() implements Result {}
    }
}
