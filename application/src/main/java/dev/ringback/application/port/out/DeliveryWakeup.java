package dev.ringback.application.port.out;

import dev.ringback.domain.account.MachineId;
import dev.ringback.domain.delivery.Delivery;
import java.util.List;
import java.util.Optional;

/**
 * Tells the delivery worker that new work was committed, so it need not wait for its next poll;
 * or hands it an outcome's deliveries claimed as they were stored, to send at once.
 */
@FunctionalInterface
public interface DeliveryWakeup {
    void wake();

    /**
     * New work for {@code machine} was committed. A worker that is sending to that machine right
     * now finds it when its run ends, so it need not wake another thread only to pass it over.
     */
    default void wake(MachineId machine) {
        wake();
    }

    /**
     * Claims {@code born}, an outcome's new deliveries, for a worker thread that is free to send
     * them as soon as the unit of work storing them commits ({@link #deliverBorn}); empty when no
     * thread is free or the store would not claim them (they are then woken for as usual). Called
     * inside that unit of work, so it only writes through the repositories. Until
     * {@link #deliverBorn} or {@link #abandonBorn}, their machine counts as being sent to. This
     * default claims nothing.
     */
    default Optional<BornRun> claimAtBirth(List<Delivery> born) {
        return Optional.empty();
    }

    /**
     * The unit of work that made {@code run}'s claim committed: a worker thread sends it. Called
     * where the commit completes (the store's writer thread): it must not block or write.
     */
    default void deliverBorn(BornRun run) {
        throw new IllegalStateException("this wake-up claims nothing at birth");
    }

    /**
     * The unit of work that made {@code run}'s claim did not commit, or ran again and made another:
     * its deliveries, and their leases, are not stored, and their machine is free again.
     */
    default void abandonBorn(BornRun run) {
        // Claims nothing at birth: nothing to abandon.
    }
}
