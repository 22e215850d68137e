package dev.ringback.application.testing;

import dev.ringback.application.port.in.PlaceCallOnceUseCase.StoredAnswer;
import dev.ringback.application.port.out.PlacementKeyStore;
import dev.ringback.domain.account.MachineId;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Placement idempotency keys in memory. */
public final class InMemoryPlacementKeyStore implements PlacementKeyStore {
    private record Entry(String fingerprint, Optional<StoredAnswer> answer, Instant claimedAt) {
        boolean expired(Instant now) {
            return answer.isPresent() && PlacementKeyStore.expired(claimedAt, now);
        }
    }

    /** In claim order, as the table's rows are: the sweep deletes the oldest first. */
    private final Map<List<String>, Entry> entries = new LinkedHashMap<>();

    @Override
    public synchronized Claim claim(MachineId machine, String key, String fingerprint, Instant now) {
        List<String> id = List.of(machine.value(), key);
        Entry existing = entries.get(id);
        if (existing == null || existing.expired(now)) {
            entries.put(id, new Entry(fingerprint, Optional.empty(), now));
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
        entries.put(id, new Entry(existing.fingerprint(), Optional.of(answer), existing.claimedAt()));
    }

    @Override
    public synchronized void release(MachineId machine, String key) {
        List<String> id = List.of(machine.value(), key);
        Entry existing = entries.get(id);
        if (existing != null && existing.answer().isEmpty()) {
            entries.remove(id);
        }
    }

    @Override
    public synchronized int deleteExpired(Instant now, int limit) {
        int deleted = 0;
        for (Iterator<Entry> it = entries.values().iterator(); it.hasNext() && deleted < limit; ) {
            if (it.next().expired(now)) {
                it.remove();
                deleted++;
            }
        }
        return deleted;
    }

    /** How many keys are held, expired or not: what the sweep is to keep small. */
    public synchronized int size() {
        return entries.size();
    }
}
