package dev.ringback.application.port.out;

import dev.ringback.domain.account.MachineId;
import dev.ringback.domain.call.CallId;
import dev.ringback.domain.delivery.DeadLetterRevival;
import dev.ringback.domain.delivery.Delivery;
import dev.ringback.domain.delivery.DeliveryId;
import dev.ringback.domain.delivery.DeliveryState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;

/** The outbox: deliveries owed to machines, written with the call outcome that caused them. */
public interface DeliveryRepository {
    /**
     * Takes up to {@code limit} pending deliveries that are due at {@code now} and not leased, and
     * leases them until {@code now + lease}, oldest due first. A worker that dies leaves its lease
     * to expire, after which the delivery is due again: nothing stays in flight forever.
     */
    default List<Delivery> claimDue(Instant now, Duration lease, int limit) {
        return claimDue(now, lease, limit, Set.of());
    }

    /**
     * Like {@link #claimDue(Instant, Duration, int)}, passing over the deliveries of {@code skipping}:
     * machines a worker is already talking to, so that a slow machine never takes more than one
     * worker thread and never delays other machines' deliveries.
     */
    List<Delivery> claimDue(Instant now, Duration lease, int limit, Set<MachineId> skipping);

    /**
     * Takes up to {@code limit} due, unleased pending deliveries of one machine, oldest due first,
     * and leases them as {@link #claimDue} does: for a worker that is already talking to that
     * machine and sends its backlog in one run.
     */
    List<Delivery> claimDueOf(MachineId machine, Instant now, Duration lease, int limit);

    /**
     * A worker's next run: the first delivery {@link #claimDue(Instant, Duration, int, Set)} would
     * take, and with it the due deliveries of the same machine that {@link #claimDueOf} would take,
     * up to {@code limit} in all, oldest due first, all leased. A store that can should do it in
     * one step: a worker draining a backlog claims once per run.
     */
    default List<Delivery> claimRun(Instant now, Duration lease, int limit, Set<MachineId> skipping) {
        List<Delivery> first = claimDue(now, lease, Math.min(limit, 1), skipping);
        if (first.isEmpty()) {
            return first;
        }
        List<Delivery> run = new ArrayList<>(first);
        run.addAll(claimDueOf(first.get(0).machineId(), now, lease, limit - 1));
        return List.copyOf(run);
    }

    /**
     * Runs for several worker threads at once: up to {@code runs} runs of up to {@code runLength}
     * each, taken as successive {@link #claimRun} calls would take them, each of another machine and
     * none of {@code skipping}; the first is the one {@code claimRun} would take. Fewer when fewer
     * machines have due deliveries. A store that can should claim them all in one step: threads that
     * come to claim at the same moment then cost it one write, not one each.
     */
    default List<List<Delivery>> claimRuns(Instant now, Duration lease, int runLength, int runs, Set<MachineId> skipping) {
        List<List<Delivery>> claimed = new ArrayList<>();
        Set<MachineId> passedOver = new HashSet<>(skipping);
        while (claimed.size() < runs) {
            List<Delivery> run = claimRun(now, lease, runLength, passedOver);
            if (run.isEmpty()) {
                break;
            }
            claimed.add(run);
            passedOver.add(run.get(0).machineId());
        }
        return List.copyOf(claimed);
    }

    /** Stores the state after an attempt (or a replay) and releases any lease. */
    void save(Delivery delivery);

    /**
     * Stores an operator's replay ({@link Delivery#replay}) only if the stored delivery is still
     * dead or failed, checked and written in one step; returns whether it was. Two replays of one
     * delivery made at once (two operators, or a replay command beside the one {@code add-machine}
     * runs) then put it back to pending once, and a replay read before another replay got the
     * delivery delivered never puts it back to pending: that would send its result again. A store
     * that can check and write in one step must; this default cannot.
     */
    default boolean saveReplay(Delivery replayed) {
        boolean heldBack = findById(replayed.id())
                .map(stored -> stored.deliveryState() == DeliveryState.DEAD || stored.deliveryState() == DeliveryState.FAILED)
                .orElse(false);
        if (heldBack) {
            save(replayed);
        }
        return heldBack;
    }

    /**
     * {@link #save} for several deliveries; a store that can do it in one commit should, so that a
     * run of attempts costs one fsync rather than one each.
     */
    default void saveAll(List<Delivery> deliveries) {
        deliveries.forEach(this::save);
    }

    /**
     * {@link #saveAll} for a run's results, and when one of them was delivered
     * ({@link DeadLetterRevival#machinesAnswering}), in the same write: that machine's dead letters
     * that {@code revival} {@link DeadLetterRevival#qualifies qualifies} at {@code now} are stored
     * {@link Delivery#revived revived}, due now. Returns how many were revived. One look for dead
     * letters per machine that answered, not per delivery; a store with an index should answer it
     * there, at no cost when there are none. A store that can do it all in one write must (a
     * dead letter an operator replays meanwhile is not revived over the replay); this default
     * cannot, and checks each revival as {@link #saveReplay} does.
     *
     * <p>A result whose delivery is no longer stored is dropped, never stored again: a correction
     * withdrew it while it was being sent (the agent must not read the outcome it replaced), or its
     * user was forgotten while it was being sent.
     */
    default int saveRun(List<Delivery> results, DeadLetterRevival revival, Instant now) {
        saveAll(results.stream().filter(result -> findById(result.id()).isPresent()).toList());
        int revived = 0;
        for (MachineId machine : DeadLetterRevival.machinesAnswering(results)) {
            for (Delivery dead : findByMachineAndState(machine, DeliveryState.DEAD, Integer.MAX_VALUE)) {
                Optional<Delivery> back = revival.revive(dead, now);
                if (back.isPresent() && findById(dead.id()).map(stored -> stored.equals(dead)).orElse(false)) {
                    save(back.get());
                    revived++;
                }
            }
        }
        return revived;
    }

    /**
     * {@link #saveRun} without waiting for its commit: the stage completes with the number revived
     * once the results are durable (or fails as {@link #saveRun} would throw), possibly on the
     * store's own thread, so what is chained to it must be quick. A worker sends its machine's next
     * run meanwhile. Saves made one after the other commit in that order. This default saves at
     * once, on the caller's thread.
     */
    default CompletionStage<Integer> saveRunAsync(List<Delivery> results, DeadLetterRevival revival, Instant now) {
        try {
            return CompletableFuture.completedFuture(saveRun(results, revival, now));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * Hands back a claimed delivery that was not attempted (the worker is stopping, say): the next
     * worker may take it at once instead of waiting for the lease to expire. It keeps the doubt it
     * was claimed with: one whose earlier claim lapsed ({@link Delivery#mayHaveReachedMachine}
     * with no attempt recorded) is claimed next time with that doubt again, since the worker that
     * let the lease lapse may have sent it.
     */
    void release(Delivery claimed);

    /** {@link #release} for several deliveries; a store that can should do it in one write. */
    default void releaseAll(List<Delivery> claimed) {
        claimed.forEach(this::release);
    }

    /**
     * Makes the {@code limit} earliest of {@code machine}'s pending deliveries that wait for a retry
     * (due after {@code now}, not leased) due at {@code now}, each only if it was due after
     * {@code onlyIfDueAfter}; their attempts and last errors stay. Returns how many it brought
     * forward. For a machine that answered again, or showed signs of life: its backoff need not run
     * out. Like a claim, it need not wait for an fsync: lost in a power cut, the retries keep their
     * own times.
     */
    int bringForward(MachineId machine, Instant now, Instant onlyIfDueAfter, int limit);

    /**
     * The machines with a pending delivery that was attempted and waits for its retry (due after
     * {@code now}): their latest attempt went unanswered. Read once when a process starts.
     */
    default Set<MachineId> machinesWaitingForRetry(Instant now) {
        return findByState(DeliveryState.PENDING, Integer.MAX_VALUE).stream()
                .filter(delivery -> delivery.snapshot().attempts() > 0 && delivery.snapshot().nextAttemptAt().isAfter(now))
                .map(Delivery::machineId)
                .collect(Collectors.toUnmodifiableSet());
    }

    /** How many deliveries are in each state; a state with none may be left out. */
    Map<DeliveryState, Long> countByState();

    /** The pending deliveries at {@code now}: due and free, leased to a worker, or waiting for a retry. */
    record PendingCounts(long dueNow, long beingSent, long waitingForRetry) {}

    PendingCounts countPending(Instant now);

    /**
     * The machines with the most pending deliveries waiting for a retry at {@code now} (not leased),
     * most first, up to {@code limit}, with how many each.
     */
    Map<MachineId, Long> waitingByMachine(Instant now, int limit);

    Optional<Delivery> findById(DeliveryId id);

    List<Delivery> findByCall(CallId call);

    /** Oldest first. */
    List<Delivery> findByState(DeliveryState state, int limit);

    /**
     * One machine's deliveries in a state, oldest first. For finished states (an operator's
     * replay), which are few; this default reads them all, a store with an index should not.
     */
    default List<Delivery> findByMachineAndState(MachineId machine, DeliveryState state, int limit) {
        return findByState(state, Integer.MAX_VALUE).stream()
                .filter(delivery -> delivery.machineId().equals(machine))
                .limit(Math.max(limit, 0))
                .collect(Collectors.toUnmodifiableList());
    }

    /** When the earliest pending delivery becomes due (or its lease expires), if there is one. */
    Optional<Instant> nextDueAt();
}
