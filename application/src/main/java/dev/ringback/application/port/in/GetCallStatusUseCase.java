package dev.ringback.application.port.in;

import dev.ringback.domain.account.UserId;
import dev.ringback.domain.call.CallRecord;
import dev.ringback.domain.delivery.Delivery;
import java.util.List;
import java.util.Optional;

public interface GetCallStatusUseCase {
    /**
     * The owner's call by Ringback's id or the provider's id. Another user's call is simply not
     * found, so ids do not leak.
     */
    Optional<CallStatusView> status(UserId owner, String callId);

    record CallStatusView(CallRecord call, List<Delivery> deliveries) {
        public CallStatusView {
            deliveries = List.copyOf(deliveries);
        }
    }
}
