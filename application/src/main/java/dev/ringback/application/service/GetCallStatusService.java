package dev.ringback.application.service;

import dev.ringback.application.port.in.GetCallStatusUseCase;
import dev.ringback.application.port.out.CallRepository;
import dev.ringback.application.port.out.DeliveryRepository;
import dev.ringback.domain.InvalidInputException;
import dev.ringback.domain.account.UserId;
import dev.ringback.domain.call.CallId;
import dev.ringback.domain.call.CallRecord;
import dev.ringback.domain.call.ProviderCallId;
import jakarta.inject.Inject;
import java.util.Optional;

public final class GetCallStatusService implements GetCallStatusUseCase {
    private final CallRepository calls;
    private final DeliveryRepository deliveries;

    @Inject
    public GetCallStatusService(CallRepository calls, DeliveryRepository deliveries) {
        this.calls = calls;
        this.deliveries = deliveries;
    }

    @Override
    public Optional<CallStatusView> status(UserId owner, String callId) {
        Optional<CallRecord> call;
        try {
            call = calls.findById(new CallId(callId)).or(() -> calls.findByProviderCallId(new ProviderCallId(callId)));
        } catch (InvalidInputException malformed) {
            // An id that cannot exist is simply not found.
            return Optional.empty();
        }
        return call.filter(c -> c.userId().equals(owner))
                .map(c -> new CallStatusView(c, deliveries.findByCall(c.id())));
    }
}
