package dev.ringback.adapters.http;

import dev.ringback.application.port.in.AuthenticateAgentUseCase;
import dev.ringback.application.port.in.GetCallStatusUseCase;
import dev.ringback.application.port.in.GetGatewayInfoUseCase;
import dev.ringback.application.port.in.PlaceCallUseCase;
import dev.ringback.application.port.in.RecordCallOutcomeUseCase;
import dev.ringback.application.port.in.ReportActiveSessionUseCase;
import dev.ringback.application.port.out.DashboardAuthenticator;
import dev.ringback.application.port.out.DashboardAuthenticator.RequestCredentials;
import dev.ringback.domain.InvalidInputException;
import dev.ringback.domain.account.Machine;
import dev.ringback.domain.account.UserId;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/** Hand-written stand-ins for the in-ports: they record what they were asked and answer as told. */
final class Fakes {
    private Fakes() {}

    static final class Agents implements AuthenticateAgentUseCase {
        final Map<String, Machine> byToken = new ConcurrentHashMap<>();

        @Override
        public Optional<Machine> authenticate(String gatewayToken) {
            return Optional.ofNullable(byToken.get(gatewayToken));
        }
    }

    /** Bearer tokens, or a {@code session} cookie, as a host application's login might use. */
    static final class Dashboard implements DashboardAuthenticator {
        final Map<String, UserId> byToken = new ConcurrentHashMap<>();
        final Map<String, UserId> bySessionCookie = new ConcurrentHashMap<>();

        @Override
        public Optional<UserId> authenticate(RequestCredentials credentials) {
            return credentials.bearerToken().map(byToken::get)
                    .or(() -> credentials.cookie("session").map(bySessionCookie::get));
        }
    }

    static final class PlaceCall implements PlaceCallUseCase {
        final List<Command> commands = new CopyOnWriteArrayList<>();
        final AtomicReference<Function<Command, Result>> answer = new AtomicReference<>(command -> {
            throw new IllegalStateException("no answer configured");
        });

        void answer(Result result) {
            answer.set(command -> result);
        }

        @Override
        public Result place(Command command) {
            commands.add(command);
            return answer.get().apply(command);
        }
    }

    static final class CallStatus implements GetCallStatusUseCase {
        final Map<String, CallStatusView> byId = new ConcurrentHashMap<>();
        final List<String> asked = new CopyOnWriteArrayList<>();

        void add(String id, CallStatusView view) {
            byId.put(id, view);
        }

        @Override
        public Optional<CallStatusView> status(UserId owner, String callId) {
            asked.add(owner.value() + "/" + callId);
            // Like the real service: another user's call does not exist for this one.
            return Optional.ofNullable(byId.get(callId)).filter(view -> view.call().userId().equals(owner));
        }
    }

    static final class ActiveSession implements ReportActiveSessionUseCase {
        final Map<UserId, Machine> machines = new ConcurrentHashMap<>();
        final List<Command> commands = new CopyOnWriteArrayList<>();
        /** The thread each asynchronous report was handed to the service on. */
        final List<String> begunOn = new CopyOnWriteArrayList<>();
        /** Set: reports are authenticated and decided in a unit of work, as the real service does with the token table. */
        private volatile DashboardAuthenticator inUnitOfWork;

        void decideInUnitOfWork(DashboardAuthenticator authenticator) {
            inUnitOfWork = authenticator;
        }

        @Override
        public Result report(Command command) {
            commands.add(command);
            Machine machine = machines.get(command.user());
            if (machine == null) {
                return new Result.NoMachine();
            }
            // The domain's canonicalisation and its messages, as the real service applies them.
            return new Result.Reported(machine.sessionKeyFrom(command.sessionKey()));
        }

        /** Bad input throws here, as in the service; the result arrives on another thread, as a commit's would. */
        @Override
        public CompletionStage<Result> reportAsync(Command command) {
            begunOn.add(Thread.currentThread().getName());
            Result result = report(command);
            return CompletableFuture.supplyAsync(() -> result);
        }

        @Override
        public boolean authenticatesInUnitOfWork() {
            return inUnitOfWork != null;
        }

        /** Like the real service: all of it on another thread (a unit of work's), the credentials first. */
        @Override
        public CompletionStage<Result> reportAsync(RequestCredentials credentials, String sessionKey) {
            begunOn.add(Thread.currentThread().getName());
            DashboardAuthenticator authenticator = inUnitOfWork;
            if (authenticator == null) {
                throw new IllegalStateException("not deciding in a unit of work");
            }
            return CompletableFuture.supplyAsync(() -> authenticator.authenticate(credentials)
                    .map(user -> {
                        if (sessionKey == null || sessionKey.isBlank()) {
                            throw new InvalidInputException("sessionKey required");
                        }
                        return report(new Command(user, sessionKey));
                    })
                    .orElseGet(Result.Unauthenticated::new));
        }
    }

    static final class GatewayInfo implements GetGatewayInfoUseCase {
        final Map<UserId, GetGatewayInfoUseCase.GatewayInfo> byUser = new ConcurrentHashMap<>();

        @Override
        public Optional<GetGatewayInfoUseCase.GatewayInfo> forUser(UserId user) {
            return Optional.ofNullable(byUser.get(user));
        }
    }

    static final class RecordOutcome implements RecordCallOutcomeUseCase {
        final List<Report> reports = new CopyOnWriteArrayList<>();
        final AtomicReference<Result> answer = new AtomicReference<>(new Result.UnknownCall());
        /** Counted down when a report arrives; with {@link #hold} set, the call then waits for {@link #release}. */
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final AtomicBoolean hold = new AtomicBoolean(false);
        /** One permit per report that arrived, held or not. */
        final Semaphore entries = new Semaphore(0);
        /** When set, the asynchronous record fails with it, as a commit that failed would. */
        final AtomicReference<RuntimeException> failure = new AtomicReference<>();

        /** The thread each report was handed to the service on. */
        final List<String> begunOn = new CopyOnWriteArrayList<>();
        /** Set: says, as the real service with a unit of work does, that nothing runs on the caller's thread. */
        final AtomicBoolean inUnitOfWork = new AtomicBoolean(false);

        @Override
        public boolean recordsInUnitOfWork() {
            return inUnitOfWork.get();
        }

        /** The result arrives on a thread of its own, as a commit's would (the real service's stage completes on the writer). */
        @Override
        public CompletionStage<Result> recordAsync(Report report) {
            begunOn.add(Thread.currentThread().getName());
            CompletableFuture<Result> committed = new CompletableFuture<>();
            Thread commit = new Thread(() -> {
                try {
                    Result result = record(report);
                    RuntimeException failed = failure.get();
                    if (failed != null) {
                        committed.completeExceptionally(failed);
                    } else {
                        committed.complete(result);
                    }
                } catch (RuntimeException e) {
                    committed.completeExceptionally(e);
                }
            }, "fake-commit");
            commit.setDaemon(true);
            commit.start();
            return committed;
        }

        @Override
        public Result record(Report report) {
            entered.countDown();
            entries.release();
            if (hold.get()) {
                awaitRelease();
            }
            reports.add(report);
            return answer.get();
        }

        private void awaitRelease() {
            try {
                if (!release.await(Duration.ofSeconds(20).toMillis(), TimeUnit.MILLISECONDS)) {
                    throw new IllegalStateException("the test never released the held webhook");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    static final class Readiness implements ReadinessProbe {
        final AtomicBoolean ready = new AtomicBoolean(true);

        @Override
        public boolean ready() {
            return ready.get();
        }
    }
}
