package dev.ringback.application.testing;

import dev.ringback.application.port.out.MachineRepository;
import dev.ringback.domain.account.Machine;
import dev.ringback.domain.account.MachineId;
import dev.ringback.domain.account.TokenHash;
import dev.ringback.domain.account.UserId;
import dev.ringback.domain.session.SessionKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Keeps the same uniqueness rules as the database: one machine per user, one machine per gateway token. */
public final class InMemoryMachineRepository implements MachineRepository {
    private final Map<MachineId, Machine> machines = new LinkedHashMap<>();
    private final Map<MachineId, TokenHash> gatewayTokenHashes = new LinkedHashMap<>();

    @Override
    public synchronized void save(Machine machine) {
        TokenHash hash = machine.gatewayToken().hash();
        for (Machine other : machines.values()) {
            if (other.id().equals(machine.id())) {
                continue;
            }
            if (other.userId().equals(machine.userId())) {
                throw new IllegalStateException("user " + machine.userId() + " already has machine " + other.id());
            }
            if (gatewayTokenHashes.get(other.id()).equals(hash)) {
                throw new IllegalStateException("that gateway token belongs to machine " + other.id());
            }
        }
        Machine stored = machines.get(machine.id());
        machines.put(machine.id(), stored == null ? machine
                : stored.lastReportedSession().map(machine::withLastReportedSession).orElse(machine));
        gatewayTokenHashes.put(machine.id(), hash);
    }

    @Override
    public synchronized Optional<Machine> findById(MachineId id) {
        return Optional.ofNullable(machines.get(id));
    }

    @Override
    public synchronized Optional<Machine> findByGatewayTokenHash(TokenHash hash) {
        return gatewayTokenHashes.entrySet().stream()
                .filter(entry -> entry.getValue().equals(hash))
                .map(entry -> machines.get(entry.getKey()))
                .findFirst();
    }

    @Override
    public synchronized Optional<Machine> findByUser(UserId user) {
        return machines.values().stream().filter(machine -> machine.userId().equals(user)).findFirst();
    }

    @Override
    public synchronized List<Machine> findAll() {
        List<Machine> all = new ArrayList<>(machines.values());
        all.sort(Comparator.comparing(machine -> machine.id().value()));
        return List.copyOf(all);
    }

    /** An unknown machine is ignored: the report is a hint, not a command. */
    @Override
    public synchronized void recordActiveSession(MachineId id, SessionKey key, Instant at) {
        machines.computeIfPresent(id, (ignored, machine) -> machine.withLastReportedSession(key));
    }
}
