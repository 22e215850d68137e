package dev.ringback.application.port.in;

import dev.ringback.domain.account.UserId;
import dev.ringback.domain.session.SessionKey;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

/** The dashboard says which conversation the user has open. */
public interface ReportActiveSessionUseCase {
    /** Returns once the report is durable (or needed no write). */
    Result report(Command command);

    /**
     * The same report, for a caller that does not want to hold a thread while a changed key is
     * committed: checks and lookups run on the calling thread (bad input is thrown there), and the
     * stage completes once the report is durable, possibly on the thread that committed it, so
     * what the caller chains to it must not block.
     */
    CompletionStage<Result> reportAsync(Command command);

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
