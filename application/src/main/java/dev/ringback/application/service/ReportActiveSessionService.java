package dev.ringback.application.service;

import dev.ringback.application.port.in.NoteSignOfLifeUseCase;
import dev.ringback.application.port.in.ReportActiveSessionUseCase;
import dev.ringback.application.port.out.Clock;
import dev.ringback.application.port.out.MachineRepository;
import dev.ringback.domain.InvalidInputException;
import dev.ringback.domain.account.Machine;
import dev.ringback.domain.account.MachineId;
import dev.ringback.domain.session.SessionKey;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

public final class ReportActiveSessionService implements ReportActiveSessionUseCase {
    static final String KEY_REQUIRED = "sessionKey required";

    private final MachineRepository machines;
    private final Clock clock;
    private final NoteSignOfLifeUseCase signsOfLife;

    public ReportActiveSessionService(MachineRepository machines, Clock clock) {
        this(machines, clock, NoteSignOfLifeUseCase.IGNORED);
    }

    /** A report is a sign of life: the dashboard that sends it talks to the machine itself. */
    @Inject
    public ReportActiveSessionService(MachineRepository machines, Clock clock, NoteSignOfLifeUseCase signsOfLife) {
        this.machines = machines;
        this.clock = clock;
        this.signsOfLife = signsOfLife;
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

    /** What a report comes to, and whether it changes the stored key. */
    private record Decision(Result result, MachineId machine, SessionKey key, boolean changed) {}

    private Decision decide(Command command) {
        // Unlike a call's session_key, a report must name a conversation: blank is a client bug.
        if (command.sessionKey() == null || command.sessionKey().isBlank()) {
            throw new InvalidInputException(KEY_REQUIRED);
        }
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
}
