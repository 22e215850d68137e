package dev.ringback.application.port.out;

import dev.ringback.domain.account.MachineId;

/** Tells the delivery worker that new work was committed, so it need not wait for its next poll. */
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
}
