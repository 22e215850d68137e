package dev.ringback.application.port.in;

import dev.ringback.domain.delivery.DeliveryId;
import dev.ringback.domain.delivery.DeliverySnapshot;
import dev.ringback.domain.delivery.DeliveryState;
import java.util.List;
import java.util.Optional;

/** The operator's view of the outbox. Snapshots carry the body; callers must not print it. */
public interface ListDeliveriesUseCase {
    /** Oldest first; every state when {@code state} is empty. */
    List<DeliverySnapshot> list(Optional<DeliveryState> state, int limit);

    Optional<DeliverySnapshot> show(DeliveryId id);
}
