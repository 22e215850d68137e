package dev.ringback.application.port.out;

/** Tells the delivery worker that new work was committed, so it need not wait for its next poll. */
@FunctionalInterface
public interface DeliveryWakeup {
    void wake();
}
