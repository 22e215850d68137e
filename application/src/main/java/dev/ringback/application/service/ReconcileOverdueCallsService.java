package dev.ringback.application.service;

import dev.ringback.application.port.in.RecordCallOutcomeUseCase;
import dev.ringback.application.port.in.ReconcileOverdueCallsUseCase;
import dev.ringback.application.port.out.CallRepository;
import dev.ringback.application.port.out.CallRepository.OverdueCall;
import dev.ringback.application.port.out.CallStatusLookup;
import dev.ringback.application.port.out.CallStatusLookup.Answer;
import dev.ringback.application.port.out.Clock;
import dev.ringback.application.port.out.DeliveryWakeup;
import dev.ringback.application.port.out.IdGenerator;
import dev.ringback.domain.call.CallOutcome;
import dev.ringback.domain.call.CallRecord;
import dev.ringback.domain.call.CallSnapshot;
import dev.ringback.domain.call.CompletionResult;
import dev.ringback.domain.call.ProviderCallId;
import dev.ringback.domain.call.UnknownOutcome;
import jakarta.inject.Inject;
import java.lang.System.Logger.Level;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The sweeper for lost webhooks. A call whose provider id is known is looked up and, once the
 * provider says it ended, recorded through {@link RecordCallOutcomeUseCase}: the webhook's own
 * path, whose conditional write makes whichever comes first the only one recorded and notified.
 * A call the provider cannot be asked about is ended as {@code failed} with an "outcome unknown"
 * summary after the longer grace, and one the provider still reports as running after the
 * give-up time likewise, so the agent hears something and can decide whether to call again.
 * Nothing here ever places a call.
 */
public final class ReconcileOverdueCallsService implements ReconcileOverdueCallsUseCase {
    /** Stored as the call's summary and shown to the agent; says what is known and what to do. */
    public static final String UNKNOWN_OUTCOME_SUMMARY = UnknownOutcome.LOST_SUMMARY;

    /** As {@link #UNKNOWN_OUTCOME_SUMMARY}, for a call the provider still reported as running at the give-up time. */
    public static final String STUCK_OUTCOME_SUMMARY = UnknownOutcome.STUCK_SUMMARY;

    private static final System.Logger LOG = System.getLogger(ReconcileOverdueCallsService.class.getName());
    /** The order {@link CallRepository#findOverdue} gives. */
    private static final Comparator<CallSnapshot> OLDEST_FIRST =
            Comparator.comparing(CallSnapshot::createdAt).thenComparing(call -> call.id().value());

    private final CallRepository calls;
    private final CallStatusLookup lookup;
    private final RecordCallOutcomeUseCase outcomes;
    private final ReconcilePolicy policy;
    private final Clock clock;
    private final IdGenerator ids;
    private final DeliveryWakeup wakeup;
    /** The call the latest sweep looked at last: the next sweep starts after it ({@link #thisSweepsTurn}). */
    private Optional<CallSnapshot> lookedAtLast = Optional.empty();

    @Inject
    public ReconcileOverdueCallsService(CallRepository calls, CallStatusLookup lookup, RecordCallOutcomeUseCase outcomes,
            ReconcilePolicy policy, Clock clock, IdGenerator ids, DeliveryWakeup wakeup) {
        this.calls = calls;
        this.lookup = lookup;
        this.outcomes = outcomes;
        this.policy = policy;
        this.clock = clock;
        this.ids = ids;
        this.wakeup = wakeup;
    }

    @Override
    public synchronized Summary reconcile() {
        Instant now = clock.now();
        Tally tally = new Tally();
        for (OverdueCall overdue : thisSweepsTurn(calls.findOverdue(now.minus(policy.grace()), Integer.MAX_VALUE))) {
            if (Thread.currentThread().isInterrupted()) {
                break; // the server is stopping: the rest waits for the next sweep
            }
            lookedAtLast = Optional.of(overdue.call().snapshot());
            tally.overdue++;
            try {
                reconcile(overdue, now, tally);
            } catch (RuntimeException failed) {
                // Oldest first: one call that always fails must not stop this sweep, and every later one, short.
                LOG.log(Level.WARNING, "call {0}: reconciliation failed ({1}); tried again next sweep",
                        overdue.call().id(), failed.getClass().getSimpleName());
            }
        }
        Summary summary = tally.summary();
        if (summary.overdue() > 0) {
            LOG.log(Level.INFO, "reconciliation: {0}", summary);
        }
        return summary;
    }

    /**
     * A batch of the overdue calls, oldest first from the one after the call the previous sweep
     * looked at last, round to the start. Calls stay overdue for a while when they must (no
     * provider id yet, the provider says still running, the provider unreachable): taken oldest
     * first every time, a full batch of them left a newer call whose webhook was lost unlooked-at
     * until they settled, up to a day (the give-up time). In turns, every overdue call is looked
     * at within a few sweeps.
     */
    private List<OverdueCall> thisSweepsTurn(List<OverdueCall> overdue) {
        int start = lookedAtLast.map(last -> {
            for (int i = 0; i < overdue.size(); i++) {
                if (OLDEST_FIRST.compare(overdue.get(i).call().snapshot(), last) > 0) {
                    return i;
                }
            }
            return 0;
        }).orElse(0);
        List<OverdueCall> turn = new ArrayList<>(Math.min(overdue.size(), policy.batch()));
        for (int i = 0; i < overdue.size() && turn.size() < policy.batch(); i++) {
            turn.add(overdue.get((start + i) % overdue.size()));
        }
        return turn;
    }

    private void reconcile(OverdueCall overdue, Instant now, Tally tally) {
        boolean unknownGraceOver = !overdue.latestEnd().plus(policy.unknownOutcomeGrace()).isAfter(now);
        Optional<ProviderCallId> providerId = overdue.call().providerCallId();
        if (providerId.isEmpty()) {
            settleUnknown(overdue.call(), unknownGraceOver, UNKNOWN_OUTCOME_SUMMARY, "no provider id", Charge.AN_ATTEMPT, tally);
            return;
        }
        Answer answer = lookup.lookUp(providerId.get());
        if (answer instanceof Answer.Ended) {
            record(overdue.call(), providerId.get(), ((Answer.Ended) answer).outcome(), tally);
        } else if (answer instanceof Answer.NotEnded) {
            stillRunning(overdue, now, tally);
        } else if (answer instanceof Answer.Unknown) {
            settleUnknown(overdue.call(), unknownGraceOver, UNKNOWN_OUTCOME_SUMMARY, "provider does not know the call",
                    Charge.NOTHING, tally);
        } else {
            // Unlike a stuck call, an unreachable provider is the operator's to mend (key, network),
            // and the real outcomes can still be had once it answers: keep asking.
            tally.unavailable++;
            LOG.log(Level.WARNING, "call {0}: provider status unavailable ({1}); asking again next sweep",
                    overdue.call().id(), ((Answer.Unavailable) answer).reason());
        }
    }

    private void record(CallRecord call, ProviderCallId providerId, CallOutcome outcome, Tally tally) {
        RecordCallOutcomeUseCase.Result result = outcomes.record(new RecordCallOutcomeUseCase.Report(providerId,
                Optional.of(call.id()), false, call.snapshot().from(), Optional.of(call.snapshot().to()),
                outcome, Optional.empty(), true));
        if (result instanceof RecordCallOutcomeUseCase.Result.Recorded) {
            tally.settled++;
            LOG.log(Level.INFO, "call {0}: webhook never came; outcome {1} recorded from the provider", call.id(),
                    outcome.status().wireName());
        } else {
            // The webhook (or a concurrent sweep) won the race: it recorded and notified already.
            tally.alreadySettled++;
        }
    }

    private void stillRunning(OverdueCall overdue, Instant now, Tally tally) {
        if (overdue.latestEnd().plus(policy.giveUp()).isAfter(now)) {
            tally.stillRunning++;
            LOG.log(Level.INFO, "call {0}: past its maximum duration, provider says not ended yet", overdue.call().id());
            return;
        }
        settleUnknown(overdue.call(), true, STUCK_OUTCOME_SUMMARY,
                "provider still reports it running past the give-up time", Charge.AN_ATTEMPT, tally);
    }

    /**
     * What a call ended without its outcome costs: a flat attempt where the provider was asked to
     * dial it (it charges one whether or not anyone answered), nothing where it does not know it.
     */
    private enum Charge { AN_ATTEMPT, NOTHING }

    private void settleUnknown(CallRecord call, boolean graceOver, String summary, String why, Charge charge, Tally tally) {
        if (!graceOver) {
            tally.waiting++;
            return;
        }
        Instant now = clock.now();
        CompletionResult completion = charge == Charge.NOTHING ? call.endUnknownToProvider(summary, now)
                : call.endWithoutOutcome(summary, now);
        if (completion instanceof CompletionResult.AlreadyFinal
                || !calls.recordCompletion(completion.call(), OwedDeliveries.ofMaybeToldBefore(completion.call(), ids, now))) {
            tally.alreadySettled++;
            return;
        }
        tally.endedUnknown++;
        LOG.log(Level.WARNING, "call {0}: ended as failed, outcome unknown ({1}); the agent is told", call.id(), why);
        wakeup.wake();
    }

    private static final class Tally {
        int overdue;
        int settled;
        int alreadySettled;
        int stillRunning;
        int endedUnknown;
        int waiting;
        int unavailable;

        Summary summary() {
            return new Summary(overdue, settled, alreadySettled, stillRunning, endedUnknown, waiting, unavailable);
        }
    }
}
