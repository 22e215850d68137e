package dev.ringback.application.service;

import dev.ringback.domain.account.MachineId;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The machines whose latest attempt got no answer worth keeping (a retry was scheduled), with when
 * a sign of life last brought one of their retries forward. In memory only: after a restart a
 * machine is back here at its next failed attempt, and until then its retries keep their times.
 * A machine leaves at its next delivered attempt. Only this process's own attempts count.
 */
@Singleton
public final class UnansweredMachines {
    private static final Instant NEVER = Instant.MIN;

    private final ConcurrentHashMap<MachineId, Instant> probedAt = new ConcurrentHashMap<>();

    @Inject
    public UnansweredMachines() {
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
