package dev.ringback.application.testing;

import dev.ringback.application.port.out.DeliveryRepository;
import dev.ringback.domain.account.MachineId;
import dev.ringback.domain.call.CallId;
import dev.ringback.domain.delivery.DeadLetterRevival;
import dev.ringback.domain.delivery.Delivery;
import dev.ringback.domain.delivery.DeliveryId;
import dev.ringback.domain.delivery.DeliveryState;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/** The outbox in memory, with leases, ordered as the database orders it. */
public final class InMemoryDeliveryRepository implements DeliveryRepository {
    private static final Comparator<Delivery> OLDEST_FIRST = Comparator
            .comparing((Delivery d) -> d.snapshot().createdAt())
            .thenComparing(d -> d.id().value());
    private static final Comparator<Delivery> DUE_FIRST = Comparator
            .comparing((Delivery d) -> d.snapshot().nextAttemptAt())
            .thenComparing(OLDEST_FIRST);

    private final Map<DeliveryId, Delivery> deliveries = new LinkedHashMap<>();
    private final Map<DeliveryId, Instant> leases = new LinkedHashMap<>();

    /**
     * Adds new deliveries; called by {@link InMemoryCallRepository} as part of recording an
     * outcome. A duplicate id is refused with {@link IllegalStateException} and adds nothing.
     */
    /**
     * {@code CallRepository#recordCorrection}'s withdrawal: the call's deliveries not delivered,
     * held by a worker or not, but those of {@code kept}.
     */
    synchronized void withdrawUndelivered(CallId call, List<Delivery> kept) {
        Set<DeliveryId> keep = kept.stream().map(Delivery::id).collect(Collectors.toSet());
        deliveries.values().removeIf(d -> d.callId().equals(call) && d.snapshot().state() != DeliveryState.DELIVERED
                && !keep.contains(d.id()));
        leases.keySet().retainAll(deliveries.keySet());
    }

    /** {@code CallRepository#forgetWordsOfCallsEndedBefore}: whether the call owes nothing; if so its failed and dead deliveries go. */
    synchronized boolean forgetUndeliveredOf(CallId call) {
        if (deliveries.values().stream().anyMatch(d -> d.callId().equals(call) && d.snapshot().state() == DeliveryState.PENDING)) {
            return false;
        }
        deliveries.values().removeIf(d -> d.callId().equals(call)
                && (d.snapshot().state() == DeliveryState.FAILED || d.snapshot().state() == DeliveryState.DEAD));
        return true;
    }

    public synchronized void insertAll(List<Delivery> added) {
        for (Delivery delivery : added) {
            if (deliveries.containsKey(delivery.id())) {
                throw new IllegalStateException("delivery " + delivery.id() + " exists already");
            }
        }
        if (added.stream().map(Delivery::id).distinct().count() != added.size()) {
            throw new IllegalStateException("duplicate delivery ids");
        }
        added.forEach(delivery -> {
            deliveries.put(delivery.id(), delivery);
            if (delivery.doubtIsALapsedClaim()) {
                // As the database stores it: a lapsed claim, read as one by the first claim.
                leases.put(delivery.id(), delivery.snapshot().nextAttemptAt());
            }
        });
    }

    @Override
    public synchronized List<Delivery> claimDue(Instant now, Duration lease, int limit, Set<MachineId> skipping) {
        return claim(now, lease, limit, d -> !skipping.contains(d.machineId()));
    }

    @Override
    public synchronized List<Delivery> claimDueOf(MachineId machine, Instant now, Duration lease, int limit) {
        return claim(now, lease, limit, d -> d.machineId().equals(machine));
    }

    /** Atomic here too, as in the database: nobody claims between the run's first delivery and the rest. */
    @Override
    public synchronized List<Delivery> claimRun(Instant now, Duration lease, int limit, Set<MachineId> skipping) {
        return DeliveryRepository.super.claimRun(now, lease, limit, skipping);
    }

    @Override
    public synchronized List<List<Delivery>> claimRuns(Instant now, Duration lease, int runLength, int runs,
            Set<MachineId> skipping) {
        return DeliveryRepository.super.claimRuns(now, lease, runLength, runs, skipping);
    }

    /** The due, unleased pending deliveries that {@code which} accepts, oldest due first, leased. */
    private List<Delivery> claim(Instant now, Duration lease, int limit, Predicate<Delivery> which) {
        if (limit <= 0) {
            return List.of();
        }
        List<Delivery> due = deliveries.values().stream()
                .filter(d -> d.deliveryState() == DeliveryState.PENDING)
                .filter(d -> !d.snapshot().nextAttemptAt().isAfter(now))
                .filter(d -> !isLeasedAt(d.id(), now))
                .filter(which)
                .sorted(DUE_FIRST)
                .limit(limit)
                .collect(Collectors.toUnmodifiableList());
        return lease(due, now.plus(lease));
    }

    /** Leases what a claim picked; a lease left on it means the last claim never reported back. */
    private List<Delivery> lease(List<Delivery> due, Instant until) {
        List<Delivery> claimed = due.stream()
                .map(d -> leases.containsKey(d.id()) ? Delivery.restoreAbandonedClaim(d.snapshot()) : d)
                .collect(Collectors.toUnmodifiableList());
        due.forEach(d -> leases.put(d.id(), until));
        return claimed;
    }

    private boolean isLeasedAt(DeliveryId id, Instant now) {
        Instant until = leases.get(id);
        return until != null && until.isAfter(now);
    }

    @Override
    public synchronized void save(Delivery delivery) {
        boolean added = deliveries.put(delivery.id(), delivery) == null;
        leases.remove(delivery.id());
        if (added && delivery.doubtIsALapsedClaim()) {
            leases.put(delivery.id(), delivery.snapshot().nextAttemptAt());
        }
    }

    @Override
    public synchronized boolean saveReplay(Delivery replayed) {
        Delivery stored = deliveries.get(replayed.id());
        if (stored == null || (stored.deliveryState() != DeliveryState.DEAD && stored.deliveryState() != DeliveryState.FAILED)) {
            return false;
        }
        save(replayed);
        return true;
    }

    /** In one step, as in the database: nothing is claimed or replayed between the results and the revivals. */
    @Override
    public synchronized int saveRun(List<Delivery> results, DeadLetterRevival revival, Instant now) {
        return DeliveryRepository.super.saveRun(results, revival, now);
    }

    @Override
    public synchronized void release(Delivery claimed) {
        if (claimed.doubtIsALapsedClaim()) {
            // A lease that has run out: claimable at once, and read by the next claim as lapsed.
            leases.put(claimed.id(), claimed.snapshot().nextAttemptAt());
        } else {
            leases.remove(claimed.id());
        }
    }

    @Override
    public synchronized int bringForward(MachineId machine, Instant now, Instant onlyIfDueAfter, int limit) {
        List<Delivery> waiting = deliveries.values().stream()
                .filter(d -> d.deliveryState() == DeliveryState.PENDING)
                .filter(d -> d.machineId().equals(machine))
                .filter(d -> d.snapshot().nextAttemptAt().isAfter(now))
                .filter(d -> !isLeasedAt(d.id(), now))
                .sorted(DUE_FIRST)
                .limit(Math.max(0, limit))
                .filter(d -> d.snapshot().nextAttemptAt().isAfter(onlyIfDueAfter))
                .collect(Collectors.toUnmodifiableList());
        waiting.forEach(d -> deliveries.put(d.id(), d.broughtForward(now)));
        return waiting.size();
    }

    @Override
    public synchronized Map<DeliveryState, Long> countByState() {
        return deliveries.values().stream().collect(Collectors.groupingBy(Delivery::deliveryState, Collectors.counting()));
    }

    @Override
    public synchronized PendingCounts countPending(Instant now) {
        long due = 0;
        long sending = 0;
        long waiting = 0;
        for (Delivery delivery : deliveries.values()) {
            if (delivery.deliveryState() != DeliveryState.PENDING) {
                continue;
            }
            if (isLeasedAt(delivery.id(), now)) {
                sending++;
            } else if (delivery.snapshot().nextAttemptAt().isAfter(now)) {
                waiting++;
            } else {
                due++;
            }
        }
        return new PendingCounts(due, sending, waiting);
    }

    @Override
    public synchronized Map<MachineId, Long> waitingByMachine(Instant now, int limit) {
        Map<MachineId, Long> counts = deliveries.values().stream()
                .filter(d -> d.deliveryState() == DeliveryState.PENDING)
                .filter(d -> d.snapshot().nextAttemptAt().isAfter(now) && !isLeasedAt(d.id(), now))
                .collect(Collectors.groupingBy(Delivery::machineId, Collectors.counting()));
        Map<MachineId, Long> most = new LinkedHashMap<>();
        counts.entrySet().stream()
                .sorted(Map.Entry.<MachineId, Long>comparingByValue().reversed()
                        .thenComparing(e -> e.getKey().value()))
                .limit(Math.max(0, limit))
                .forEach(e -> most.put(e.getKey(), e.getValue()));
        return most;
    }

    @Override
    public synchronized Optional<Delivery> findById(DeliveryId id) {
        return Optional.ofNullable(deliveries.get(id));
    }

    @Override
    public synchronized List<Delivery> findByCall(CallId call) {
        return deliveries.values().stream()
                .filter(d -> d.callId().equals(call))
                .sorted(OLDEST_FIRST)
                .collect(Collectors.toUnmodifiableList());
    }

    @Override
    public synchronized List<Delivery> findByState(DeliveryState state, int limit) {
        return deliveries.values().stream()
                .filter(d -> d.deliveryState() == state)
                .sorted(OLDEST_FIRST)
                .limit(Math.max(0, limit))
                .collect(Collectors.toUnmodifiableList());
    }

    @Override
    public synchronized Optional<Instant> nextDueAt() {
        return deliveries.values().stream()
                .filter(d -> d.deliveryState() == DeliveryState.PENDING)
                .map(this::dueAt)
                .min(Comparator.naturalOrder());
    }

    private Instant dueAt(Delivery delivery) {
        Instant next = delivery.snapshot().nextAttemptAt();
        Instant lease = leases.get(delivery.id());
        return lease != null && lease.isAfter(next) ? lease : next;
    }
}
