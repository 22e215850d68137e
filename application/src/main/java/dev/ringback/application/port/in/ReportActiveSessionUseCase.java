package dev.ringback.application.port.in;

import dev.ringback.application.port.out.DashboardAuthenticator.RequestCredentials;
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

    /**
     * True when {@link #reportAsync(RequestCredentials, String)} may be used: the dashboard's
     * authenticator only reads the store, so the user can be found in the same unit of work as
     * the machine and the write, and nothing runs on the caller's thread that could block.
     */
    boolean authenticatesInUnitOfWork();

    /**
     * Authenticates the dashboard's user and records the report in one {@link
     * dev.ringback.application.port.out.UnitOfWork}, for a caller that must not block (an HTTP
     * I/O thread). Nothing runs on the calling thread: the stage completes with {@link
     * Result.Unauthenticated} when the credentials name no user, else fails with bad input as
     * {@link #report} throws it, else completes once the report is durable, possibly on the
     * thread that committed it, so what the caller chains to it must not block. Refused when
     * {@link #authenticatesInUnitOfWork} is false.
     */
    CompletionStage<Result> reportAsync(RequestCredentials credentials, String sessionKey);

    record Command(UserId user, String sessionKey) {
        public Command {
            Objects.requireNonNull(user, "user");
        }
    }

    sealed interface Result {
        record Reported(SessionKey key) implements Result {}

        record NoMachine() implements Result {}

        /** The credentials named no dashboard user (only from the authenticating report). */
        record Unauthenticated() implements Result {}
    }
}
