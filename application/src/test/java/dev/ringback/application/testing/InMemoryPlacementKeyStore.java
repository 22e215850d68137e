package dev.ringback.application.testing;

import dev.ringback.application.port.in.PlaceCallOnceUseCase.StoredAnswer;
import dev.ringback.application.port.out.PlacementKeyStore;
import dev.ringback.domain.account.MachineId;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Placement idempotency keys in memory. */
public final class InMemoryPlacementKeyStore implements PlacementKeyStore {
    private record Entry(String fingerprint, Optional<StoredAnswer> answer) {}

    private final Map<List<String>, Entry> entries = new HashMap<>();

    @Override
    public synchronized Claim claim(MachineId machine, String key, String fingerprint, Instant now) {
        List<String> id = List.of(machine.value(), key);
        Entry existing = entries.get(id);
        if (existing == null) {
            entries.put(id, new Entry(fingerprint, Optional.empty()));
            return new Claim.Claimed();
        }
        return existing.answer().<Claim>map(a -> new Claim.Answered(existing.fingerprint(), a))
                .orElseGet(() -> new Claim.Pending(existing.fingerprint()));
    }

    @Override
    public synchronized void answer(MachineId machine, String key, StoredAnswer answer) {
        List<String> id = List.of(machine.value(), key);
        Entry existing = entries.get(id);
        if (existing == null) {
            throw new IllegalStateException("key was never claimed");
        }
        entries.put(id, new Entry(existing.fingerprint(), Optional.of(answer)));
    }

    @Override
    public synchronized void release(MachineId machine, String key) {
        List<String> id = List.of(machine.value(), key);
        Entry existing = entries.get(id);
        if (existing != null && existing.answer().isEmpty()) {
            entries.remove(id);
        }
    }
}
