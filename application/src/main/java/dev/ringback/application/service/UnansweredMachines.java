package dev.ringback.application.service;

import dev.ringback.application.port.out.Clock;
import dev.ringback.application.port.out.DeliveryRepository;
import dev.ringback.domain.account.MachineId;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The machines whose latest attempt got no answer worth keeping (a retry was scheduled), with when
 * a sign of life last brought one of their retries forward. In memory; a starting process reads
 * them back from the outbox before its first run or sign of life. A machine leaves at its next
 * delivered attempt.
 */
@Singleton
public final class UnansweredMachines {
    private static final Instant NEVER = Instant.MIN;

    private final ConcurrentHashMap<MachineId, Instant> probedAt = new ConcurrentHashMap<>();
    private volatile boolean recalled;

    @Inject
    public UnansweredMachines() {
    }

    /**
     * A restarted process knows nothing of the machines that did not answer before it: the outbox
     * does (a retry scheduled after an attempt). Read once, by whichever comes first: the first
     * delivery run or the first sign of life. A failed read is tried again the next time.
     */
    void recallOnce(DeliveryRepository deliveries, Clock clock) {
        if (recalled) {
            return;
        }
        synchronized (this) {
            if (!recalled) {
                deliveries.machinesWaitingForRetry(clock.now()).forEach(this::unanswered);
                recalled = true;
            }
        }
    }

    void unanswered(MachineId machine) {
        probedAt.putIfAbsent(machine, NEVER);
    }

    void answered(MachineId machine) {
        probedAt.remove(machine);
    }

    public boolean contains(MachineId machine) {
        return probedAt.containsKey(machine);
    }

    /**
     * Whether {@code machine} is unanswered and its retries were not brought forward in the
     * {@code interval} before {@code now}; if so, this counts as bringing them forward now.
     */
    boolean mayProbe(MachineId machine, Instant now, Duration interval) {
        boolean[] granted = {false};
        probedAt.computeIfPresent(machine, (m, last) -> {
            if (last == NEVER || !last.plus(interval).isAfter(now)) {
                granted[0] = true;
                return now;
            }
            return last;
        });
        return granted[0];
    }
}
