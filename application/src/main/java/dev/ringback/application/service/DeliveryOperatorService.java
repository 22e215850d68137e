package dev.ringback.application.service;

import dev.ringback.application.port.in.ListDeliveriesUseCase;
import dev.ringback.application.port.in.ReplayDeliveriesUseCase;
import dev.ringback.application.port.out.Clock;
import dev.ringback.application.port.out.DeliveryRepository;
import dev.ringback.application.port.out.DeliveryWakeup;
import dev.ringback.domain.account.MachineId;
import dev.ringback.domain.delivery.Delivery;
import dev.ringback.domain.delivery.DeliveryId;
import dev.ringback.domain.delivery.DeliverySnapshot;
import dev.ringback.domain.delivery.DeliveryState;
import jakarta.inject.Inject;
import java.lang.System.Logger.Level;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntFunction;
import java.util.stream.Collectors;

/** The operator's outbox commands: list, show, replay. */
public final class DeliveryOperatorService implements ListDeliveriesUseCase, ReplayDeliveriesUseCase {
    private static final System.Logger LOG = System.getLogger(DeliveryOperatorService.class.getName());
    /** Machines named in a summary: enough to see who is asleep, few enough for a terminal. */
    static final int MOST_WAITING = 10;
    private static final int REPLAY_BATCH = 500;
    private static final Comparator<DeliverySnapshot> OLDEST_FIRST = Comparator
            .comparing(DeliverySnapshot::createdAt).thenComparing(s -> s.id().value());

    private final DeliveryRepository deliveries;
    private final DeliveryWakeup wakeup;
    private final Clock clock;
    private final RevivedDeadLetters revived;

    public DeliveryOperatorService(DeliveryRepository deliveries, DeliveryWakeup wakeup, Clock clock) {
        this(deliveries, wakeup, clock, new RevivedDeadLetters());
    }

    /** {@code revived} is the delivery worker's count, when this process runs one. */
    @Inject
    public DeliveryOperatorService(DeliveryRepository deliveries, DeliveryWakeup wakeup, Clock clock,
            RevivedDeadLetters revived) {
        this.revived = revived;
        this.deliveries = deliveries;
        this.wakeup = wakeup;
        this.clock = clock;
    }

    @Override
    public List<DeliverySnapshot> list(Optional<DeliveryState> state, int limit) {
        if (limit <= 0) {
            return List.of();
        }
        List<DeliveryState> states = state.map(List::of).orElse(List.of(DeliveryState.values()));
        List<DeliverySnapshot> found = new ArrayList<>();
        for (DeliveryState each : states) {
            deliveries.findByState(each, limit).forEach(d -> found.add(d.snapshot()));
        }
        return found.stream().sorted(OLDEST_FIRST).limit(limit).collect(Collectors.toUnmodifiableList());
    }

    @Override
    public Summary summary() {
        Instant now = clock.now();
        DeliveryRepository.PendingCounts pending = deliveries.countPending(now);
        return new Summary(now, deliveries.countByState(), pending.dueNow(), pending.beingSent(),
                pending.waitingForRetry(), deliveries.findByState(DeliveryState.PENDING, 1).stream().findFirst()
                        .map(Delivery::snapshot), deliveries.waitingByMachine(now, MOST_WAITING), revived.total());
    }

    @Override
    public Optional<DeliverySnapshot> show(DeliveryId id) {
        return deliveries.findById(id).map(Delivery::snapshot);
    }

    @Override
    public Outcome replay(DeliveryId id) {
        Optional<Delivery> found = deliveries.findById(id);
        if (found.isEmpty()) {
            return new Outcome.NotFound(id);
        }
        DeliveryState state = found.get().deliveryState();
        if (state != DeliveryState.DEAD && state != DeliveryState.FAILED) {
            return new Outcome.NotReplayable(id, state);
        }
        if (!replay(found.get())) {
            // Replayed by someone else since it was read: say what it is now.
            return deliveries.findById(id).<Outcome>map(now -> new Outcome.NotReplayable(id, now.deliveryState()))
                    .orElseGet(() -> new Outcome.NotFound(id));
        }
        wakeup.wake();
        return new Outcome.Replayed(id);
    }

    @Override
    public int replayAllDead() {
        return wokenFor(replayEvery(limit -> deliveries.findByState(DeliveryState.DEAD, limit)));
    }

    @Override
    public int replayHeldBack(MachineId machine) {
        return wokenFor(replayEvery(limit -> deliveries.findByMachineAndState(machine, DeliveryState.FAILED, limit))
                + replayEvery(limit -> deliveries.findByMachineAndState(machine, DeliveryState.DEAD, limit)));
    }

    @Override
    public int bringWaitingForward(MachineId machine) {
        Instant now = clock.now();
        int brought = deliveries.bringForward(machine, now, now, Integer.MAX_VALUE);
        if (brought > 0) {
            LOG.log(Level.INFO, "machine " + machine + ": " + brought + " deliveries waiting for a retry made due now by the operator");
        }
        return wokenFor(brought);
    }

    /**
     * Replays, once each, the deliveries {@code inState} finds, in batches: each replay leaves the
     * state asked for, so the same query returns the next ones. A running server sends a replay
     * within a second, and a machine still refusing puts it back in that state while this goes
     * on: what was replayed already is passed over (asked for on top of the batch, so that it
     * never takes a new one's place), or the command would replay it again and never end.
     */
    private int replayEvery(IntFunction<List<Delivery>> inState) {
        Set<DeliveryId> seen = new HashSet<>();
        int replayed = 0;
        while (true) {
            List<Delivery> batch = inState.apply(seen.size() + REPLAY_BATCH).stream()
                    .filter(delivery -> !seen.contains(delivery.id()))
                    .collect(Collectors.toList());
            if (batch.isEmpty()) {
                return replayed;
            }
            for (Delivery delivery : batch) {
                // One another command replayed since the batch was read is left to that one.
                replayed += replay(delivery) ? 1 : 0;
                seen.add(delivery.id());
            }
        }
    }

    /** Wakes the worker once if anything was replayed; gives {@code replayed} back. */
    private int wokenFor(int replayed) {
        if (replayed > 0) {
            wakeup.wake();
        }
        return replayed;
    }

    /** False when it was no longer dead or failed: replayed by someone else meanwhile. */
    private boolean replay(Delivery delivery) {
        if (!deliveries.saveReplay(delivery.replay(clock.now()))) {
            return false;
        }
        LOG.log(Level.INFO, "delivery {0} ({1} of call {2}) replayed by the operator after {3}", delivery.id(),
                delivery.kind().wireName(), delivery.callId(), delivery.deliveryState().wireName());
        return true;
    }
}
