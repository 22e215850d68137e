package dev.ringback.application.service;

import dev.ringback.application.port.out.DeliveryRepository;
import dev.ringback.domain.account.MachineId;
import dev.ringback.domain.call.CallId;
import dev.ringback.domain.delivery.Delivery;
import dev.ringback.domain.delivery.DeliveryId;
import dev.ringback.domain.delivery.DeliveryState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Forwards everything; a test overrides what it watches or holds up (the twin of DelegatingCallRepository). */
class DelegatingDeliveryRepository implements DeliveryRepository {
    private final DeliveryRepository delegate;

    DelegatingDeliveryRepository(DeliveryRepository delegate) {
        this.delegate = delegate;
    }

    @Override
    public List<Delivery> claimDue(Instant now, Duration lease, int limit, Set<MachineId> skipping) {
        return delegate.claimDue(now, lease, limit, skipping);
    }

    @Override
    public List<Delivery> claimDueOf(MachineId machine, Instant now, Duration lease, int limit) {
        return delegate.claimDueOf(machine, now, lease, limit);
    }

    @Override
    public List<Delivery> claimRun(Instant now, Duration lease, int limit, Set<MachineId> skipping) {
        return delegate.claimRun(now, lease, limit, skipping);
    }

    @Override
    public boolean saveReplay(Delivery replayed) {
        return delegate.saveReplay(replayed);
    }

    @Override
    public void save(Delivery delivery) {
        delegate.save(delivery);
    }

    @Override
    public void saveAll(List<Delivery> deliveries) {
        delegate.saveAll(deliveries);
    }

    @Override
    public void release(Delivery claimed) {
        delegate.release(claimed);
    }

    @Override
    public void releaseAll(List<Delivery> claimed) {
        delegate.releaseAll(claimed);
    }

    @Override
    public int bringForward(MachineId machine, Instant now, Instant onlyIfDueAfter, int limit) {
        return delegate.bringForward(machine, now, onlyIfDueAfter, limit);
    }

    @Override
    public Set<MachineId> machinesWaitingForRetry(Instant now) {
        return delegate.machinesWaitingForRetry(now);
    }

    @Override
    public Map<DeliveryState, Long> countByState() {
        return delegate.countByState();
    }

    @Override
    public PendingCounts countPending(Instant now) {
        return delegate.countPending(now);
    }

    @Override
    public Map<MachineId, Long> waitingByMachine(Instant now, int limit) {
        return delegate.waitingByMachine(now, limit);
    }

    @Override
    public Optional<Delivery> findById(DeliveryId id) {
        return delegate.findById(id);
    }

    @Override
    public List<Delivery> findByCall(CallId call) {
        return delegate.findByCall(call);
    }

    @Override
    public List<Delivery> findByState(DeliveryState state, int limit) {
        return delegate.findByState(state, limit);
    }

    @Override
    public Optional<Instant> nextDueAt() {
        return delegate.nextDueAt();
    }
}
