package dev.ringback.application.service;

import dev.ringback.application.port.in.NoteSignOfLifeUseCase;
import dev.ringback.application.port.in.ReportActiveSessionUseCase;
import dev.ringback.application.port.out.Clock;
import dev.ringback.application.port.out.DashboardAuthenticator;
import dev.ringback.application.port.out.DashboardAuthenticator.RequestCredentials;
import dev.ringback.application.port.out.MachineRepository;
import dev.ringback.application.port.out.UnitOfWork;
import dev.ringback.domain.InvalidInputException;
import dev.ringback.domain.account.Machine;
import dev.ringback.domain.account.MachineId;
import dev.ringback.domain.session.SessionKey;
import jakarta.inject.Inject;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

public final class ReportActiveSessionService implements ReportActiveSessionUseCase {
    static final String KEY_REQUIRED = "sessionKey required";

    private final MachineRepository machines;
    private final Clock clock;
    private final NoteSignOfLifeUseCase signsOfLife;
    private final DashboardAuthenticator dashboard;
    private final UnitOfWork unitOfWork;

    /** Without an authenticator: reports come with their user (embedding, tests). */
    public ReportActiveSessionService(MachineRepository machines, Clock clock) {
        this(machines, clock, NoteSignOfLifeUseCase.IGNORED);
    }

    /** A report is a sign of life: the dashboard that sends it talks to the machine itself. */
    public ReportActiveSessionService(MachineRepository machines, Clock clock, NoteSignOfLifeUseCase signsOfLife) {
        this.machines = machines;
        this.clock = clock;
        this.signsOfLife = signsOfLife;
        this.dashboard = null;
        this.unitOfWork = null;
    }

    /**
     * With the dashboard's authenticator as well: when it only reads the store, a report can be
     * authenticated and decided whole in a unit of work ({@link #reportAsync(RequestCredentials, String)}).
     */
    @Inject
    public ReportActiveSessionService(MachineRepository machines, Clock clock, NoteSignOfLifeUseCase signsOfLife,
            DashboardAuthenticator dashboard, UnitOfWork unitOfWork) {
        this.machines = machines;
        this.clock = clock;
        this.signsOfLife = signsOfLife;
        this.dashboard = Objects.requireNonNull(dashboard, "dashboard");
        this.unitOfWork = Objects.requireNonNull(unitOfWork, "unitOfWork");
    }

    @Override
    public Result report(Command command) {
        Decision decision = decide(command);
        if (decision.changed()) {
            machines.recordActiveSession(decision.machine(), decision.key(), clock.now());
        }
        return decision.result();
    }

    @Override
    public CompletionStage<Result> reportAsync(Command command) {
        Decision decision = decide(command);
        if (!decision.changed()) {
            return CompletableFuture.completedFuture(decision.result());
        }
        return machines.recordActiveSessionAsync(decision.machine(), decision.key(), clock.now())
                .thenApply(written -> decision.result());
    }

    @Override
    public boolean authenticatesInUnitOfWork() {
        return dashboard != null && unitOfWork != null && dashboard.onlyReadsTheStore();
    }

    /**
     * The token's user, the machine, the comparison and the write in one unit of work: on the
     * SQLite adapter, one job of the writer, which reads the pages it has just written instead of
     * a pooled connection reading them again after every commit, and no worker is woken per report.
     */
    @Override
    public CompletionStage<Result> reportAsync(RequestCredentials credentials, String sessionKey) {
        if (!authenticatesInUnitOfWork()) {
            throw new IllegalStateException("the dashboard's authenticator does not run in a unit of work");
        }
        return unitOfWork.submit(() -> dashboard.authenticate(credentials)
                .map(user -> report(new Command(user, sessionKey)))
                .orElseGet(Result.Unauthenticated::new));
    }

    /** What a report comes to, and whether it changes the stored key. */
    private record Decision(Result result, MachineId machine, SessionKey key, boolean changed) {}

    private Decision decide(Command command) {
        requireKey(command.sessionKey());
        Optional<Machine> machine = machines.findByUser(command.user());
        if (machine.isEmpty()) {
            return new Decision(new Result.NoMachine(), null, null, false);
        }
        SessionKey key = machine.get().sessionKeyFrom(command.sessionKey());
        signsOfLife.seen(machine.get().id());
        // The dashboard repeats the same key every few seconds. Only the key is ever read (to
        // attribute a new call), so a repeat is not written: no commit, no fsync. The stored time
        // therefore says since when this key has been the reported one. Concurrent reports of
        // different keys still end with one of them, as before: a skip is ordered at its read.
        boolean changed = !machine.get().lastReportedSession().map(key::equals).orElse(false);
        return new Decision(new Result.Reported(key), machine.get().id(), key, changed);
    }

    private static void requireKey(String sessionKey) {
        // Unlike a call's session_key, a report must name a conversation: blank is a client bug.
        if (sessionKey == null || sessionKey.isBlank()) {
            throw new InvalidInputException(KEY_REQUIRED);
        }
    }
}
