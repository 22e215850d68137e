package dev.ringback.domain.delivery;

import dev.ringback.domain.account.MachineId;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Which dead letters come back when their machine answers again. A delivery goes dead when its
 * retries run out, typically because its machine was away longer than the schedule (a laptop shut
 * for a two-week holiday); once an attempt to that machine is delivered, its dead letters are sent
 * again ({@link Delivery#revived}), so the results of those weeks still reach their conversations.
 *
 * <p>Only dead ones: a failed delivery was refused by the machine, and a retry cannot change that.
 * Once each: one that dies again after its revival is the operator's (a machine that answers some
 * deliveries and never this one would otherwise revive it forever). And only while younger than
 * {@link #maxAge} from its creation: a result months old would be noise in the conversation.
 */
public final class DeadLetterRevival {
    /**
     * With the default schedule a delivery dies one to two weeks after it was created, so a machine
     * back within a fortnight or so of that still gets it.
     */
    public static final Duration DEFAULT_MAX_AGE = Duration.ofDays(30);
    /** A delivery is revived automatically at most this many times. */
    public static final int MAX_REVIVALS = 1;
    public static final DeadLetterRevival DEFAULT = new DeadLetterRevival(DEFAULT_MAX_AGE);

    private final Duration maxAge;

    public DeadLetterRevival(Duration maxAge) {
        Objects.requireNonNull(maxAge, "maxAge");
        if (maxAge.isNegative() || maxAge.isZero()) {
            throw new IllegalArgumentException("the age bound of revivals must be positive");
        }
        this.maxAge = maxAge;
    }

    public Duration maxAge() {
        return maxAge;
    }

    /** The machines that attempts' results prove reachable (one of their attempts was delivered), each once. */
    public static Set<MachineId> machinesAnswering(List<Delivery> results) {
        Set<MachineId> machines = new LinkedHashSet<>();
        for (Delivery result : results) {
            if (result.deliveryState() == DeliveryState.DELIVERED) {
                machines.add(result.machineId());
            }
        }
        return machines;
    }

    /** Dead letters created at or before this are too old to revive at {@code now}. */
    public Instant createdAfter(Instant now) {
        return now.minus(maxAge);
    }

    /** Whether {@code delivery} comes back at {@code now} once its machine answered again. */
    public boolean qualifies(DeliverySnapshot delivery, Instant now) {
        return delivery.state() == DeliveryState.DEAD
                && delivery.revivals() < MAX_REVIVALS
                && delivery.createdAt().isAfter(createdAfter(now));
    }

    /** {@code delivery} revived at {@code now}, if it qualifies. */
    public Optional<Delivery> revive(Delivery delivery, Instant now) {
        return qualifies(delivery.snapshot(), now) ? Optional.of(delivery.revived(now)) : Optional.empty();
    }
}
