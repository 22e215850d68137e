package dev.ringback.application.service;

import dev.ringback.application.port.in.RecordCallOutcomeUseCase;
import dev.ringback.application.port.out.CallRepository;
import dev.ringback.application.port.out.Clock;
import dev.ringback.application.port.out.DeliveryWakeup;
import dev.ringback.application.port.out.IdGenerator;
import dev.ringback.domain.call.CallRecord;
import dev.ringback.domain.call.CompletionResult;
import dev.ringback.domain.delivery.Delivery;
import dev.ringback.domain.delivery.DeliveryId;
import dev.ringback.domain.notify.NotificationPolicy;
import dev.ringback.domain.notify.TranscriptFilePolicy;
import jakarta.inject.Inject;
import java.lang.System.Logger.Level;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Records a call's outcome once and, in the same transaction, what is owed to the user's machine.
 * Delivery happens afterwards, so the provider's webhook is answered without waiting on a
 * machine that may be asleep.
 */
public final class RecordCallOutcomeService implements RecordCallOutcomeUseCase {
    private static final System.Logger LOG = System.getLogger(RecordCallOutcomeService.class.getName());

    private final CallRepository calls;
    private final Clock clock;
    private final IdGenerator ids;
    private final DeliveryWakeup wakeup;

    @Inject
    public RecordCallOutcomeService(CallRepository calls, Clock clock, IdGenerator ids, DeliveryWakeup wakeup) {
        this.calls = calls;
        this.clock = clock;
        this.ids = ids;
        this.wakeup = wakeup;
    }

    @Override
    public Result record(Report report) {
        Optional<CallRecord> found = findCall(report);
        if (found.isEmpty()) {
            LOG.log(Level.INFO, "outcome for unknown provider call {0} ignored", report.providerCallId());
            return new Result.UnknownCall();
        }
        CallRecord call = found.get();
        if (call.providerCallId().isEmpty()) {
            call = call.acceptedByProvider(report.providerCallId());
        }
        Instant now = clock.now();
        CompletionResult completion = call.complete(report.outcome(), now);
        if (completion instanceof CompletionResult.AlreadyFinal) {
            LOG.log(Level.INFO, "call {0}: repeated outcome ignored", call.id());
            return new Result.Duplicate(call.id());
        }
        CallRecord completed = completion.call();
        List<Delivery> owed = List.of(
                Delivery.ofNotification(new DeliveryId(ids.newId()), completed.id(), completed.machineId(),
                        NotificationPolicy.compose(completed), now),
                Delivery.ofTranscript(new DeliveryId(ids.newId()), completed.id(), completed.machineId(),
                        TranscriptFilePolicy.fileFor(completed), now));
        if (!calls.recordCompletion(completed, owed)) {
            LOG.log(Level.INFO, "call {0}: a concurrent copy of the outcome won; ignored", call.id());
            return new Result.Duplicate(call.id());
        }
        LOG.log(Level.INFO, "call {0} ended {1}; {2} deliveries queued", completed.id(), completed.status().wireName(), owed.size());
        wakeup.wake();
        return new Result.Recorded(completed);
    }

    private Optional<CallRecord> findCall(Report report) {
        Optional<CallRecord> byOurId = report.callId().flatMap(calls::findById)
                .filter(call -> call.providerCallId().map(report.providerCallId()::equals).orElse(true));
        return byOurId.isPresent() ? byOurId : calls.findByProviderCallId(report.providerCallId());
    }
}
