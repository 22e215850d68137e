package dev.ringback.application.port.in;

import dev.ringback.domain.account.MachineId;
import dev.ringback.domain.delivery.DeliveryId;
import dev.ringback.domain.delivery.DeliverySnapshot;
import dev.ringback.domain.delivery.DeliveryState;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The operator's view of the outbox. Snapshots carry the body; callers must not print it. */
public interface ListDeliveriesUseCase {
    /** Oldest first; every state when {@code state} is empty. */
    List<DeliverySnapshot> list(Optional<DeliveryState> state, int limit);

    Optional<DeliverySnapshot> show(DeliveryId id);

    /**
     * The outbox at a glance, at {@code at}: how many deliveries are in each state, how the pending
     * ones stand, the oldest still owed, and the machines with the most retries waiting; and how
     * many dead letters this process revived since it started (none in a process that sends nothing).
     */
    record Summary(Instant at, Map<DeliveryState, Long> byState, long dueNow, long beingSent, long waitingForRetry,
            Optional<DeliverySnapshot> oldestOwed, Map<MachineId, Long> mostWaiting, long revivedSinceStart) {
        public Summary {
            byState = Map.copyOf(byState);
            mostWaiting = Collections.unmodifiableMap(new LinkedHashMap<>(mostWaiting));
        }

        /** Of a process that revived nothing. */
        public Summary(Instant at, Map<DeliveryState, Long> byState, long dueNow, long beingSent, long waitingForRetry,
                Optional<DeliverySnapshot> oldestOwed, Map<MachineId, Long> mostWaiting) {
            this(at, byState, dueNow, beingSent, waitingForRetry, oldestOwed, mostWaiting, 0);
        }

        public long count(DeliveryState state) {
            return byState.getOrDefault(state, 0L);
        }

        /** How long the oldest delivery still owed has been owed, at {@link #at}; never negative. */
        public Optional<Duration> oldestOwedAge() {
            return oldestOwed.map(oldest -> {
                Duration age = Duration.between(oldest.createdAt(), at);
                return age.isNegative() ? Duration.ZERO : age;
            });
        }
    }

    Summary summary();
}
