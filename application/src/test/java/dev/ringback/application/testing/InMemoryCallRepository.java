package dev.ringback.application.testing;

import dev.ringback.application.port.out.CallRepository;
import dev.ringback.domain.account.CallAllowance;
import dev.ringback.domain.account.MonthUsage;
import dev.ringback.domain.account.Reservation;
import dev.ringback.domain.account.UserId;
import dev.ringback.domain.call.CallId;
import dev.ringback.domain.call.CallRecord;
import dev.ringback.domain.call.CallStatus;
import dev.ringback.domain.call.Direction;
import dev.ringback.domain.call.ProviderCallId;
import dev.ringback.domain.delivery.Delivery;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Calls in memory. Recording an outcome writes the call and its deliveries under one lock (this
 * repository's, then the delivery repository's), which stands in for the database transaction.
 */
public final class InMemoryCallRepository implements CallRepository {
    private static final Comparator<CallRecord> NEWEST_FIRST = Comparator
            .comparing((CallRecord c) -> c.snapshot().createdAt())
            .thenComparing(c -> c.id().value())
            .reversed();

    private final Map<CallId, CallRecord> calls = new LinkedHashMap<>();
    /** The maximum duration granted to a call by {@link #reserveAndInsert}, as the database keeps it in a column. */
    private final Map<CallId, Integer> grantedMinutes = new HashMap<>();
    private final InMemoryDeliveryRepository deliveries;

    public InMemoryCallRepository(InMemoryDeliveryRepository deliveries) {
        this.deliveries = Objects.requireNonNull(deliveries, "deliveries");
    }

    @Override
    public synchronized void insert(CallRecord call) {
        if (calls.containsKey(call.id())) {
            throw new IllegalStateException("call " + call.id() + " exists already");
        }
        requireProviderIdFree(call);
        calls.put(call.id(), call);
    }

    @Override
    public synchronized boolean updateUnfinished(CallRecord call) {
        if (!isStillInitiated(call.id())) {
            return false;
        }
        requireProviderIdFree(call);
        calls.put(call.id(), call);
        return true;
    }

    @Override
    public synchronized Optional<CallRecord> findById(CallId id) {
        return Optional.ofNullable(calls.get(id));
    }

    @Override
    public synchronized Optional<CallRecord> findByProviderCallId(ProviderCallId id) {
        return calls.values().stream()
                .filter(call -> call.providerCallId().map(id::equals).orElse(false))
                .findFirst();
    }

    @Override
    public synchronized List<CallRecord> findRecentByUser(UserId user, int limit) {
        return calls.values().stream()
                .filter(call -> call.userId().equals(user))
                .sorted(NEWEST_FIRST)
                .limit(Math.max(0, limit))
                .collect(Collectors.toUnmodifiableList());
    }

    @Override
    public synchronized long secondsUsedSince(UserId user, Instant since) {
        return calls.values().stream()
                .filter(call -> call.userId().equals(user))
                .filter(call -> !call.snapshot().createdAt().isBefore(since))
                .mapToLong(call -> call.snapshot().durationSeconds())
                .sum();
    }

    @Override
    public synchronized boolean recordCompletion(CallRecord completed, List<Delivery> owed) {
        if (!isStillInitiated(completed.id())) {
            return false;
        }
        requireProviderIdFree(completed);
        deliveries.insertAll(owed);
        calls.put(completed.id(), completed);
        return true;
    }

    @Override
    public synchronized boolean recordCorrection(CallRecord corrected, List<Delivery> owed) {
        CallRecord stored = calls.get(corrected.id());
        if (stored == null || !stored.endedWithoutItsOutcome()) {
            return false;
        }
        requireProviderIdFree(corrected);
        deliveries.insertAll(owed);
        deliveries.withdrawUndelivered(corrected.id(), owed);
        calls.put(corrected.id(), corrected);
        return true;
    }

    @Override
    public synchronized int forgetWordsOfCallsEndedBefore(Instant cutoff) {
        int forgotten = 0;
        for (CallRecord call : List.copyOf(calls.values())) {
            boolean endedBefore = call.snapshot().completedAt().filter(end -> end.isBefore(cutoff)).isPresent();
            if (endedBefore && call.holdsWords() && deliveries.forgetUndeliveredOf(call.id())) {
                calls.put(call.id(), call.withWordsForgotten());
                forgotten++;
            }
        }
        return forgotten;
    }

    @Override
    public synchronized boolean recordInbound(CallRecord call, List<Delivery> owed) {
        boolean known = call.providerCallId().flatMap(this::findByProviderCallId).isPresent();
        if (known) {
            return false;
        }
        if (calls.containsKey(call.id())) {
            throw new IllegalStateException("call " + call.id() + " exists already");
        }
        deliveries.insertAll(owed);
        calls.put(call.id(), call);
        return true;
    }

    @Override
    public synchronized Reservation reserveAndInsert(CallRecord call, CallAllowance allowance) {
        Reservation decision = allowance.decide(usageSince(call.userId(), allowance.monthStart(), allowance.now()));
        if (decision instanceof Reservation.Granted) {
            insert(call);
            grantedMinutes.put(call.id(), ((Reservation.Granted) decision).maxDurationMinutes());
        }
        return decision;
    }

    @Override
    public synchronized MonthUsage usageSince(UserId user, Instant monthStart, Instant now) {
        long settled = 0;
        long reserved = 0;
        int inFlight = 0;
        int total = 0;
        long cost = 0;
        for (CallRecord call : calls.values()) {
            if (!call.userId().equals(user)) {
                continue;
            }
            boolean running = call.status() == CallStatus.INITIATED;
            int granted = grantedMinutes.getOrDefault(call.id(), 0);
            if (running && CallAllowance.mayStillBeRinging(call.snapshot().createdAt(), granted, now)) {
                inFlight++;
            }
            if (call.snapshot().createdAt().isBefore(monthStart)) {
                continue;
            }
            total++;
            if (running) {
                reserved += 60L * granted;
            } else {
                settled += call.snapshot().durationSeconds();
                cost += call.snapshot().costMicros();
            }
        }
        return new MonthUsage(settled, reserved, inFlight, total, cost);
    }

    @Override
    public synchronized List<OverdueCall> findOverdue(Instant latestEndAtOrBefore, int limit) {
        return calls.values().stream()
                .filter(call -> call.status() == CallStatus.INITIATED && call.direction() == Direction.OUTBOUND)
                .map(call -> new OverdueCall(call, call.snapshot().createdAt()
                        .plus(Duration.ofMinutes(grantedMinutes.getOrDefault(call.id(), 0)))))
                .filter(overdue -> !overdue.latestEnd().isAfter(latestEndAtOrBefore))
                .sorted(Comparator.comparing((OverdueCall o) -> o.call().snapshot().createdAt())
                        .thenComparing(o -> o.call().id().value()))
                .limit(Math.max(0, limit))
                .collect(Collectors.toUnmodifiableList());
    }

    private boolean isStillInitiated(CallId id) {
        CallRecord stored = calls.get(id);
        return stored != null && stored.status() == CallStatus.INITIATED;
    }

    private void requireProviderIdFree(CallRecord call) {
        call.providerCallId()
                .flatMap(this::findByProviderCallId)
                .filter(other -> !other.id().equals(call.id()))
                .ifPresent(other -> {
                    throw new IllegalStateException("provider call id belongs to call " + other.id());
                });
    }
}
