package dev.ringback.application.service;

import dev.ringback.application.port.in.RecordCallOutcomeUseCase;
import dev.ringback.application.port.out.CallRepository;
import dev.ringback.application.port.out.Clock;
import dev.ringback.application.port.out.DeliveryWakeup;
import dev.ringback.application.port.out.IdGenerator;
import dev.ringback.application.port.out.MachineRepository;
import dev.ringback.application.port.out.UnitOfWork;
import dev.ringback.application.port.out.UserRepository;
import dev.ringback.domain.account.Machine;
import dev.ringback.domain.account.User;
import dev.ringback.domain.call.CallId;
import dev.ringback.domain.call.CallRecord;
import dev.ringback.domain.call.CompletionResult;
import dev.ringback.domain.delivery.Delivery;
import dev.ringback.domain.phone.PhoneNumber;
import dev.ringback.domain.session.OriginSession;
import dev.ringback.domain.session.OriginSessionPolicy;
import jakarta.inject.Inject;
import java.lang.System.Logger.Level;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * Records a call's outcome once and, in the same transaction, what is owed to the user's machine.
 * Delivery happens afterwards, so the provider's webhook is answered without waiting on a
 * machine that may be asleep.
 */
public final class RecordCallOutcomeService implements RecordCallOutcomeUseCase {
    private static final System.Logger LOG = System.getLogger(RecordCallOutcomeService.class.getName());

    private final CallRepository calls;
    private final UserRepository users;
    private final MachineRepository machines;
    private final Clock clock;
    private final IdGenerator ids;
    private final DeliveryWakeup wakeup;
    /** Null: the call is found on the caller's thread and only the write is the store's. */
    private final UnitOfWork unitOfWork;

    public RecordCallOutcomeService(CallRepository calls, UserRepository users, MachineRepository machines,
            Clock clock, IdGenerator ids, DeliveryWakeup wakeup) {
        this(calls, users, machines, clock, ids, wakeup, null);
    }

    /**
     * With a unit of work, a report is found, decided and written in one ({@link #recordAsync}):
     * nothing of it runs on the caller's thread.
     */
    @Inject
    public RecordCallOutcomeService(CallRepository calls, UserRepository users, MachineRepository machines,
            Clock clock, IdGenerator ids, DeliveryWakeup wakeup, UnitOfWork unitOfWork) {
        this.calls = calls;
        this.users = users;
        this.machines = machines;
        this.clock = clock;
        this.ids = ids;
        this.wakeup = wakeup;
        this.unitOfWork = unitOfWork;
    }

    @Override
    public Result record(Report report) {
        try {
            return recordAsync(report).toCompletableFuture().join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException ? (RuntimeException) e.getCause() : e;
        }
    }

    @Override
    public boolean recordsInUnitOfWork() {
        return unitOfWork != null;
    }

    /**
     * With a unit of work, the call is found, ended and written in it: on the SQLite adapter one
     * job of the writer, which reads the call from pages it wrote itself, and the caller (the
     * webhook's I/O thread) hands the report over and is free. Without one, the call is found and
     * ended on the caller's thread and only the write is the store's. Either way the stage
     * completes when the outcome is committed, and the wake-up is all that runs after it.
     */
    @Override
    public CompletionStage<Result> recordAsync(Report report) {
        if (unitOfWork != null) {
            return unitOfWork.submit(() -> {
                Decided decided = decide(report);
                return decided.answer != null ? decided : decided.written(decided.correction
                        ? calls.recordCorrection(decided.completed, decided.owed)
                        : calls.recordCompletion(decided.completed, decided.owed));
            }).thenApply(decided -> decided.answer != null ? decided.answer : committed(decided));
        }
        Decided decided = decide(report);
        if (decided.answer != null) {
            return CompletableFuture.completedFuture(decided.answer);
        }
        return write(decided).thenApply(won -> committed(decided.written(won)));
    }

    /** A correction is rare (a late outcome after "outcome unknown"): written synchronously, as a stage. */
    private CompletionStage<Boolean> write(Decided decided) {
        if (!decided.correction) {
            return calls.recordCompletionAsync(decided.completed, decided.owed);
        }
        try {
            return CompletableFuture.completedFuture(calls.recordCorrection(decided.completed, decided.owed));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * What a report comes to: an answer already, or a completion to commit (or the correction of
     * an unknown outcome, {@code correction}) and, once written, whether it won (its wake-up waits
     * for the commit).
     */
    private record Decided(Result answer, CallRecord completed, List<Delivery> owed, boolean correction, boolean won) {
        static Decided answered(Result answer) {
            return new Decided(answer, null, null, false, false);
        }

        Decided written(boolean won) {
            return new Decided(null, completed, owed, correction, won);
        }
    }

    private Decided decide(Report report) {
        Optional<CallRecord> found = findCall(report);
        if (found.isEmpty()) {
            return Decided.answered(recordInbound(report));
        }
        CallRecord call = found.get();
        if (call.providerCallId().isEmpty()) {
            call = call.acceptedByProvider(report.providerCallId());
        }
        Instant now = clock.now();
        CompletionResult completion = call.complete(report.outcome(), now);
        if (completion instanceof CompletionResult.AlreadyFinal) {
            // Reconciliation ended the call without its outcome ({@link ReconcileOverdueCallsService})
            // and the agent was told it is unknown: the real one, arriving now, replaces it and is
            // told too. Once corrected, the call is like any other ended one: a repeat is a duplicate.
            CompletionResult correction = call.correctUnknownOutcome(report.outcome(), now);
            if (correction instanceof CompletionResult.Completed) {
                CallRecord corrected = correction.call();
                return new Decided(null, corrected, OwedDeliveries.ofCorrection(corrected, ids, now), true, false);
            }
            LOG.log(Level.DEBUG, "call {0}: repeated outcome ignored", call.id());
            return Decided.answered(new Result.Duplicate(call.id()));
        }
        CallRecord completed = completion.call();
        List<Delivery> owed = report.mayHaveBeenToldBefore() ? OwedDeliveries.ofMaybeToldBefore(completed, ids, now)
                : deliveriesFor(completed, now);
        return new Decided(null, completed, owed, false, false);
    }

    /**
     * After the conditional write: {@code written.won} is false when a concurrent copy of the
     * outcome ended the call (or corrected its unknown outcome) first.
     */
    private Result committed(Decided written) {
        CallRecord completed = written.completed;
        if (!written.won) {
            LOG.log(Level.DEBUG, "call {0}: a concurrent copy of the outcome won; ignored", completed.id());
            return new Result.Duplicate(completed.id());
        }
        if (written.correction) {
            // Rare, and the operator may have been asked about the call: said at INFO, status only.
            LOG.log(Level.INFO, "call {0}: the provider''s outcome arrived after the call had ended as \"outcome"
                    + " unknown\"; corrected to {1}, and the agent is told", completed.id(), completed.status().wireName());
        }
        // DEBUG: the webhook's request line already names the call; INFO per call would double the log.
        LOG.log(Level.DEBUG, "call {0} ended {1}; {2} deliveries queued", completed.id(),
                completed.status().wireName(), written.owed.size());
        completed.machineId().ifPresent(wakeup::wake);
        return new Result.Recorded(completed);
    }

    /**
     * The call the report is of: the one its metadata names, unless that one holds another
     * provider id, or holds none yet (its placement's answer was lost) while another call holds the
     * report's. The provider's id decides: it is the provider's own, and it is unique.
     */
    private Optional<CallRecord> findCall(Report report) {
        Optional<CallRecord> byOurId = report.callId().flatMap(calls::findById);
        if (byOurId.isPresent() && byOurId.get().providerCallId().map(report.providerCallId()::equals).orElse(false)) {
            return byOurId;
        }
        Optional<CallRecord> byProviderId = calls.findByProviderCallId(report.providerCallId());
        if (byProviderId.isPresent()) {
            return byProviderId;
        }
        return byOurId.filter(call -> call.providerCallId().isEmpty());
    }

    /**
     * A report of no call of ours is an inbound call when it rang a number we manage (Bland says
     * {@code inbound}, or its {@code to} is a user's number). It is born ended, counted and costed
     * like any call, and announced in the conversation the dashboard last reported (the main
     * session otherwise): nobody asked for it, so there is no asking conversation. A caller who
     * withheld their number (or whose number Bland could not read) is recorded and announced as
     * withheld: the user was called and pays for the call all the same. So is a call to a user
     * who has no machine yet, though nobody can be told of it: it owes no deliveries.
     */
    private Result recordInbound(Report report) {
        Optional<User> owner = report.to().flatMap(users::findByPhoneNumber);
        if (owner.isEmpty()) {
            // Which of the two: an operator who looks for a lost call must not be sent to the users table for nothing.
            // "No single user": a number two users hold (a database from before assign-number refused it) is neither's.
            LOG.log(Level.INFO, "outcome for unknown provider call {0} ignored (inbound flag {1}, {2})",
                    report.providerCallId(), report.inbound(), report.to().isEmpty()
                            ? "it names no US number it was made to" : "no single user holds the number it was made to");
            return new Result.UnknownCall();
        }
        Optional<Machine> machine = machines.findByUser(owner.get().id());
        Instant now = clock.now();
        PhoneNumber to = report.to().get();
        // Without a machine there is no conversation either: the one the user's calls would go to by default.
        OriginSession origin = OriginSessionPolicy.attribute(Optional.empty(),
                machine.flatMap(Machine::lastReportedSession));
        CallId id = new CallId(ids.newId());
        Instant startedAt = startOf(report, now);
        CallRecord received = machine.isPresent()
                ? CallRecord.receiveInbound(id, owner.get().id(), machine.get().id(), report.from(), to,
                        report.providerCallId(), origin, machine.get().fileServer(), startedAt, report.outcome(), now)
                : CallRecord.receiveInboundWithoutMachine(id, owner.get().id(), report.from(), to,
                        report.providerCallId(), origin, startedAt, report.outcome(), now);
        if (!calls.recordInbound(received, deliveriesFor(received, now))) {
            CallId existing = calls.findByProviderCallId(report.providerCallId()).map(CallRecord::id).orElse(received.id());
            LOG.log(Level.INFO, "inbound call {0}: repeated report ignored", existing);
            return new Result.Duplicate(existing);
        }
        if (machine.isEmpty()) {
            // The user pays for it and sees it in their calls; nobody can be told of it.
            LOG.log(Level.INFO, "inbound call {0} for user {1} recorded {2}; the user has no machine, so nobody is told",
                    received.id(), owner.get().id(), received.status().wireName());
            return new Result.Recorded(received);
        }
        LOG.log(Level.INFO, "inbound call {0} recorded {1}, session source {2}", received.id(),
                received.status().wireName(), origin.source().wireName());
        wakeup.wake(machine.get().id());
        return new Result.Recorded(received);
    }

    /**
     * When an inbound call began: the provider's {@code started_at} when it gives one that is not
     * after the call's end, else its end less its duration.
     */
    private static Instant startOf(Report report, Instant now) {
        Instant endedAt = report.outcome().endedAt().orElse(now);
        return report.startedAt().filter(started -> !started.isAfter(endedAt))
                .orElseGet(() -> endedAt.minusSeconds(report.outcome().durationSeconds()));
    }

    private List<Delivery> deliveriesFor(CallRecord ended, Instant now) {
        return OwedDeliveries.of(ended, ids, now);
    }
}
