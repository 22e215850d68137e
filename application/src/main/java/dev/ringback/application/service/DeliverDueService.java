package dev.ringback.application.service;

import dev.ringback.application.port.in.DeliverDueUseCase;
import dev.ringback.application.port.out.AgentNotifier;
import dev.ringback.application.port.out.Clock;
import dev.ringback.application.port.out.DeliveryRepository;
import dev.ringback.application.port.out.MachineRepository;
import dev.ringback.application.port.out.RandomSource;
import dev.ringback.application.port.out.TranscriptArchive;
import dev.ringback.domain.account.Machine;
import dev.ringback.domain.account.MachineId;
import dev.ringback.domain.delivery.AttemptResult;
import dev.ringback.domain.delivery.DeadLetterRevival;
import dev.ringback.domain.delivery.Delivery;
import dev.ringback.domain.delivery.RetryPolicy;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/** Sends due outbox entries to their machines and records every attempt. */
public final class DeliverDueService implements DeliverDueUseCase {
    /**
     * Default lease: longer than any single attempt may take (times the small batch a worker
     * claims), so a live worker never loses its lease; a dead worker's lease expires after it.
     */
    public static final Duration LEASE = Duration.ofMinutes(2);
    /** The name under which the lease is injected. */
    public static final String LEASE_NAME = "deliveryLease";
    private static final System.Logger LOG = System.getLogger(DeliverDueService.class.getName());

    private final DeliveryRepository deliveries;
    private final MachineRepository machines;
    private final AgentNotifier notifier;
    private final TranscriptArchive archive;
    private final RetryPolicy retryPolicy;
    private final Clock clock;
    private final RandomSource random;
    private final Duration lease;
    private final UnansweredMachines unanswered;
    private final DeadLetterRevival revival;
    private final RevivedDeadLetters revived;
    /** Machines a thread of this process is sending to right now; claims pass them over. */
    private final Set<MachineId> talkingTo = ConcurrentHashMap.newKeySet();
    /** Machines of {@link #talkingTo} for which new work was committed during their run ({@link #takesNewWorkFor}). */
    private final Set<MachineId> workArrived = ConcurrentHashMap.newKeySet();
    /** Guards {@link #wanted} and {@link #claimUnderWay}: claims are made one at a time. */
    private final ReentrantLock claiming = new ReentrantLock();
    /** Threads waiting for the next claim. */
    private final List<RunWanted> wanted = new ArrayList<>();
    /** A thread is claiming for itself and those that were waiting. */
    private boolean claimUnderWay;

    public DeliverDueService(DeliveryRepository deliveries, MachineRepository machines, AgentNotifier notifier,
            TranscriptArchive archive, RetryPolicy retryPolicy, Clock clock, RandomSource random) {
        this(deliveries, machines, notifier, archive, retryPolicy, clock, random, LEASE);
    }

    public DeliverDueService(DeliveryRepository deliveries, MachineRepository machines, AgentNotifier notifier,
            TranscriptArchive archive, RetryPolicy retryPolicy, Clock clock, RandomSource random, Duration lease) {
        this(deliveries, machines, notifier, archive, retryPolicy, clock, random, lease, new UnansweredMachines());
    }

    public DeliverDueService(DeliveryRepository deliveries, MachineRepository machines, AgentNotifier notifier,
            TranscriptArchive archive, RetryPolicy retryPolicy, Clock clock, RandomSource random, Duration lease,
            UnansweredMachines unanswered) {
        this(deliveries, machines, notifier, archive, retryPolicy, clock, random, lease, unanswered,
                DeadLetterRevival.DEFAULT, new RevivedDeadLetters());
    }

    /**
     * {@code unanswered} is shared with {@link SignsOfLifeService}: this service says which machines
     * did not answer. {@code revived} counts the dead letters {@code revival} brought back, for the
     * operator's summary.
     */
    @Inject
    public DeliverDueService(DeliveryRepository deliveries, MachineRepository machines, AgentNotifier notifier,
            TranscriptArchive archive, RetryPolicy retryPolicy, Clock clock, RandomSource random,
            @Named(LEASE_NAME) Duration lease, UnansweredMachines unanswered, DeadLetterRevival revival,
            RevivedDeadLetters revived) {
        if (lease.isNegative() || lease.isZero()) {
            throw new IllegalArgumentException("the delivery lease must be positive");
        }
        this.lease = lease;
        this.deliveries = deliveries;
        this.machines = machines;
        this.notifier = notifier;
        this.archive = archive;
        this.retryPolicy = retryPolicy;
        this.clock = clock;
        this.random = random;
        this.unanswered = unanswered;
        this.revival = revival;
        this.revived = revived;
    }

    @Override
    public int deliverDue(int limit) {
        return deliverDue(limit, () -> true);
    }

    @Override
    public int deliverDue(int limit, BooleanSupplier keepGoing) {
        unanswered.recallOnce(deliveries, clock);
        List<Delivery> due = deliveries.claimDue(clock.now(), lease, limit, Set.copyOf(talkingTo));
        int attempted = 0;
        for (Delivery delivery : due) {
            // Another thread may have started on this machine since the claim: hand it back rather than pile on.
            if (!keepGoing.getAsBoolean() || !talkingTo.add(delivery.machineId())) {
                deliveries.release(delivery);
                continue;
            }
            try {
                attempt(delivery);
            } finally {
                talkingTo.remove(delivery.machineId());
            }
            attempted++;
        }
        return attempted;
    }

    @Override
    public int deliverRun(int runLength, BooleanSupplier keepGoing) {
        unanswered.recallOnce(deliveries, clock);
        Claimed claimed = claimTogether(runLength);
        List<Delivery> run = claimed.run();
        if (run.isEmpty()) {
            return 0;
        }
        MachineId machine = run.get(0).machineId();
        Instant started = claimed.at();
        int attempted = 0;
        CompletionStage<Integer> saving = null;
        Throwable failure = null;
        try {
            if (!keepGoing.getAsBoolean()) {
                deliveries.releaseAll(run);
                return 0;
            }
            while (true) {
                RunOutcome outcome = sendRun(machine, run, started, keepGoing, saving);
                saving = outcome.saving();
                attempted += outcome.attempted();
                // A full run, all delivered: the machine's backlog most likely goes on. Its next run is
                // claimed while the machine is still held, so that no other thread is woken meanwhile
                // to claim, find the machine taken and pass its whole backlog over. So is a short
                // one when new work for the machine was committed while it was sent.
                boolean more = run.size() >= runLength || outcome.moreDue() || workArrived.remove(machine);
                if (!outcome.allDelivered() || !more || !keepGoing.getAsBoolean()) {
                    break;
                }
                started = clock.now();
                run = deliveries.claimDueOf(machine, started, lease, runLength);
                if (run.isEmpty()) {
                    break;
                }
            }
        } catch (RuntimeException | Error e) {
            failure = e;
            throw e;
        } finally {
            try {
                // The machine is free only once all it was sent is recorded.
                awaitSave(machine, saving);
            } catch (RuntimeException saveFailed) {
                // The turn's own failure came first and says what stopped it; the save's goes with it.
                if (failure == null) {
                    throw saveFailed;
                }
                failure.addSuppressed(saveFailed);
            } finally {
                workArrived.remove(machine);
                talkingTo.remove(machine);
            }
        }
        return attempted;
    }

    /**
     * Waits for a run's results to be committed ({@code saving}, none when null) and counts the dead
     * letters they revived; returns how many. A failed save is thrown, as a save made in place is.
     */
    private int awaitSave(MachineId machine, CompletionStage<Integer> saving) {
        if (saving == null) {
            return 0;
        }
        int count;
        try {
            count = saving.toCompletableFuture().join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException ? (RuntimeException) e.getCause() : e;
        }
        countRevived(machine, count);
        return count;
    }

    /** A thread's run, as one claim handed it out, and the time the claim was made at. */
    private record Claimed(List<Delivery> run, Instant at) {
        static final Claimed NOTHING = new Claimed(List.of(), Instant.EPOCH);
    }

    /** A thread waiting for a claim to bring it a run, or for its turn to claim; answered under {@link #claiming}. */
    private final class RunWanted {
        /** Signalled once this thread is answered, or when it is first in line for the next claim. */
        private final Condition called = claiming.newCondition();
        private Claimed claimed;
        private RuntimeException failure;
        private boolean answered;

        Claimed claimedOrThrow() {
            if (failure != null) {
                throw failure;
            }
            return claimed;
        }
    }

    /**
     * A run for this thread, claimed together with the runs of the threads that came to claim
     * meanwhile: one thread claims for all waiting (one write for the lot, a run of another machine
     * for each), then the next claim starts. Threads finishing their runs come back at the same
     * moment, when the commit of their results returns; one after the other, each claim waited for
     * the one before it to come back from the database writer.
     *
     * <p>A waiting thread is woken only when it is answered or, first in line, to claim for the
     * line; one notifyAll would wake every waiting thread at every claim's end. The claim and
     * taking its machines are one step for the threads of this process: a claim made after it
     * already passes those machines over. Otherwise it claims a taken machine's newer deliveries
     * only to hand them all back (at 1,500 webhooks/s for one machine, a release for almost every
     * delivery).
     */
    private Claimed claimTogether(int runLength) {
        RunWanted mine = new RunWanted();
        List<RunWanted> served;
        claiming.lock();
        try {
            wanted.add(mine);
            // Uninterruptibly: the claim under way may be answering this thread right now.
            while (claimUnderWay && !mine.answered) {
                mine.called.awaitUninterruptibly();
            }
            if (mine.answered) {
                return mine.claimedOrThrow();
            }
            claimUnderWay = true;
            served = new ArrayList<>(wanted);
            wanted.clear();
        } finally {
            claiming.unlock();
        }
        List<Claimed> runs = new ArrayList<>(served.size());
        RuntimeException failure = null;
        try {
            Instant now = clock.now();
            for (List<Delivery> run : deliveries.claimRuns(now, lease, runLength, served.size(), Set.copyOf(talkingTo))) {
                if (talkingTo.add(run.get(0).machineId())) {
                    runs.add(new Claimed(run, now));
                } else {
                    // deliverDue took the machine since: hand its run back rather than pile on.
                    deliveries.releaseAll(run);
                }
            }
        } catch (RuntimeException e) {
            failure = e;
            // Nobody will send these: their leases run out and they are due again.
            runs.forEach(taken -> talkingTo.remove(taken.run().get(0).machineId()));
            runs.clear();
        } finally {
            answer(served, runs, failure);
        }
        return mine.claimedOrThrow();
    }

    /** Hands each served thread its run (or none, or the claim's failure) and calls the next in line to claim. */
    private void answer(List<RunWanted> served, List<Claimed> runs, RuntimeException failure) {
        claiming.lock();
        try {
            for (int i = 0; i < served.size(); i++) {
                RunWanted thread = served.get(i);
                thread.claimed = i < runs.size() ? runs.get(i) : Claimed.NOTHING;
                thread.failure = failure;
                thread.answered = true;
                thread.called.signal();
            }
            claimUnderWay = false;
            if (!wanted.isEmpty()) {
                wanted.get(0).called.signal();
            }
        } finally {
            claiming.unlock();
        }
    }

    /** How many threads wait for the next claim (for tests: the claim under way is not counted). */
    int threadsWaitingToClaim() {
        claiming.lock();
        try {
            return wanted.size();
        } finally {
            claiming.unlock();
        }
    }

    /**
     * How a run went: how many attempts it made, whether every claimed delivery was delivered, and
     * whether it made more of the machine's deliveries due (a retry was answered).
     */
    private record RunOutcome(int attempted, boolean allDelivered, boolean moreDue, CompletionStage<Integer> saving) {}

    /**
     * Sends one claimed run in order and saves the results; what it did not attempt is handed back.
     * {@code previous} is the save of the machine's run before this one, still committing while this
     * one was sent: it is waited for before this run's results are saved, so that one save at most
     * is in flight for a machine, and a process that dies leaves at most two runs unrecorded. A run
     * all delivered whose machine need not have retries brought forward is saved without waiting
     * ({@link RunOutcome#saving}): its commit, an fsync, overlaps the next run's sends.
     */
    private RunOutcome sendRun(MachineId machine, List<Delivery> run, Instant claimedAt, BooleanSupplier keepGoing,
            CompletionStage<Integer> previous) {
        List<Delivery> attempted = new ArrayList<>();
        Optional<Machine> target = machines.findById(machine);
        // Every attempt of the run may take the full request timeout: stop well inside the lease.
        Instant stopBy = claimedAt.plus(lease.dividedBy(2));
        int next = 0;
        boolean delivered = true;
        boolean retryAnswered = false;
        // Its latest attempt went unanswered: taking this run's says it is awake again.
        boolean wasUnanswered = unanswered.contains(machine);
        AttemptResult last = null;
        while (next < run.size() && (next == 0 || keepGoing.getAsBoolean()) && clock.now().isBefore(stopBy)) {
            Delivery delivery = run.get(next++);
            AttemptResult result = target.map(m -> send(m, delivery))
                    .orElseGet(() -> new AttemptResult.Refused("machine no longer registered"));
            Delivery after = delivery.afterAttempt(result, clock.now(), retryPolicy, random.nextUnit());
            attempted.add(after);
            logAttempt(delivery, result, after);
            last = result;
            if (!(result instanceof AttemptResult.Delivered)) {
                delivered = false;
                break;
            }
            retryAnswered |= delivery.snapshot().attempts() > 0;
        }
        // Noted before the results are saved: whoever reads a saved failure also finds the machine unanswered.
        noteAnswer(machine, last);
        boolean previousRevived = awaitSave(machine, previous) > 0;
        if (delivered && next == run.size() && !retryAnswered && !wasUnanswered) {
            return new RunOutcome(attempted.size(), true, previousRevived,
                    deliveries.saveRunAsync(attempted, revival, clock.now()));
        }
        // Results first (they release their leases), then the claims not attempted.
        boolean revivedAny = saveReviving(machine, attempted) || previousRevived;
        if (next < run.size()) {
            deliveries.releaseAll(run.subList(next, run.size()));
            delivered = false;
        }
        boolean broughtForward = delivered && (retryAnswered || wasUnanswered) && bringRetriesForward(machine, retryAnswered);
        return new RunOutcome(attempted.size(), delivered, revivedAny || broughtForward, null);
    }

    /**
     * Saves attempts' results, and with them, when the machine took one, brings its dead letters
     * back ({@link DeadLetterRevival}): a machine away longer than the retries ran (a laptop shut
     * for a holiday) still gets the results of those weeks. They are due now: this thread's next
     * run takes them, as it takes retries brought forward (the worker claims again as soon as a
     * run made attempts, so nobody need be woken). Returns whether any came back.
     */
    private boolean saveReviving(MachineId machine, List<Delivery> results) {
        int count = deliveries.saveRun(results, revival, clock.now());
        countRevived(machine, count);
        return count > 0;
    }

    private void countRevived(MachineId machine, int count) {
        if (count > 0) {
            revived.add(count);
            LOG.log(Level.INFO, "machine " + machine + " answered again: " + count + " dead letters revived, due now");
        }
    }

    /**
     * A machine that answers again is awake: its other deliveries waiting on their backoff (up to
     * an hour each after a night asleep) are made due now, for this thread's next run. When it
     * answered a retry, all of them; when it answered only a first attempt after one it left
     * unanswered, only those due later than {@link SignsOfLifeService#ONLY_RETRIES_BEYOND} from
     * now, as for a sign of life: the one it refused a moment ago may have come with a
     * {@code Retry-After} to honour.
     */
    private boolean bringRetriesForward(MachineId machine, boolean retryAnswered) {
        Instant now = clock.now();
        Instant onlyIfDueAfter = retryAnswered ? now : now.plus(SignsOfLifeService.ONLY_RETRIES_BEYOND);
        int brought = deliveries.bringForward(machine, now, onlyIfDueAfter, Integer.MAX_VALUE);
        if (brought > 0) {
            LOG.log(Level.INFO, "machine " + machine + " answered again: " + brought + " waiting deliveries due now");
        }
        return brought > 0;
    }

    /** What {@link SignsOfLifeService} knows: whether the machine's latest attempt went unanswered. */
    private void noteAnswer(MachineId machine, AttemptResult last) {
        if (last instanceof AttemptResult.Delivered) {
            unanswered.answered(machine);
        } else if (last instanceof AttemptResult.Retryable) {
            unanswered.unanswered(machine);
        }
    }

    @Override
    public boolean isSendingTo(MachineId machine) {
        return talkingTo.contains(machine);
    }

    /**
     * Like {@link #isSendingTo}, and when it is, the run sending to {@code machine} claims again when
     * it ends, even short: a stream of outcomes for one machine is then sent run after run by one
     * thread, whose next claim goes to the writer while the last run's results commit.
     */
    @Override
    public boolean takesNewWorkFor(MachineId machine) {
        if (!talkingTo.contains(machine)) {
            return false;
        }
        workArrived.add(machine);
        return true;
    }

    @Override
    public Optional<Instant> nextDueAt() {
        return deliveries.nextDueAt();
    }

    private void attempt(Delivery delivery) {
        AttemptResult result = machines.findById(delivery.machineId())
                .map(machine -> send(machine, delivery))
                .orElseGet(() -> new AttemptResult.Refused("machine no longer registered"));
        Delivery after = delivery.afterAttempt(result, clock.now(), retryPolicy, random.nextUnit());
        noteAnswer(delivery.machineId(), result);
        saveReviving(delivery.machineId(), List.of(after));
        logAttempt(delivery, result, after);
    }

    /**
     * One line per attempt, successes included: an operator tracing a call needs to see that it
     * went out. Built directly: with parameters, java.util.logging runs MessageFormat (and a
     * DecimalFormat for the attempt number) per line, ~5% of the server's CPU samples while it
     * took webhooks and delivered their results.
     */
    private static void logAttempt(Delivery delivery, AttemptResult result, Delivery after) {
        if (LOG.isLoggable(Level.INFO)) {
            LOG.log(Level.INFO, attemptLine(delivery, result, after));
        }
    }

    private static String attemptLine(Delivery delivery, AttemptResult result, Delivery after) {
        return new StringBuilder(128)
                .append("delivery ").append(delivery.id())
                .append(" (").append(delivery.kind().wireName())
                .append(" of call ").append(delivery.callId())
                .append(") attempt ").append(after.snapshot().attempts())
                .append(": ").append(result.detail())
                .append(" -> ").append(after.deliveryState().wireName())
                .toString();
    }

    private AttemptResult send(Machine machine, Delivery delivery) {
        try {
            switch (delivery.kind()) {
                case NOTIFICATION:
                    return notifier.deliver(machine, delivery.asNotification());
                case TRANSCRIPT:
                    return archive.store(machine, delivery.asTranscriptFile());
                default:
                    throw new IllegalStateException("unknown delivery kind " + delivery.kind());
            }
        } catch (RuntimeException unexpected) {
            // A bug in an adapter must not wedge the outbox: count it as a failed attempt.
            LOG.log(Level.ERROR, "delivery " + delivery.id() + " failed unexpectedly", unexpected);
            return new AttemptResult.Retryable("unexpected " + unexpected.getClass().getSimpleName(), Optional.empty());
        }
    }
}
