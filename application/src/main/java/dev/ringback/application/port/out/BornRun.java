package dev.ringback.application.port.out;

import dev.ringback.domain.account.MachineId;
import dev.ringback.domain.delivery.Delivery;
import java.time.Instant;
import java.util.List;

/**
 * An outcome's new deliveries, claimed ({@link DeliveryRepository#claimBorn}) in the unit of work
 * that stored them, at {@code claimedAt}: one machine's, in the order they are to be sent.
 */
public record BornRun(List<Delivery> deliveries, Instant claimedAt) {
    public BornRun {
        deliveries = List.copyOf(deliveries);
        if (deliveries.isEmpty()) {
            throw new IllegalArgumentException("a born run holds at least one delivery");
        }
        MachineId machine = deliveries.get(0).machineId();
        if (deliveries.stream().anyMatch(delivery -> !delivery.machineId().equals(machine))) {
            throw new IllegalArgumentException("a born run holds one machine's deliveries");
        }
    }

    public MachineId machine() {
        return deliveries.get(0).machineId();
    }
}
