package dev.ringback.application.service;

import dev.ringback.application.port.out.IdGenerator;
import dev.ringback.domain.call.CallRecord;
import dev.ringback.domain.delivery.Delivery;
import dev.ringback.domain.delivery.DeliveryId;
import dev.ringback.domain.notify.NotificationPolicy;
import dev.ringback.domain.notify.TranscriptFilePolicy;
import java.time.Instant;
import java.util.List;

/** What an ended call owes its machine, whichever path ended it (webhook or reconciliation). */
final class OwedDeliveries {
    private OwedDeliveries() {}

    static List<Delivery> of(CallRecord ended, IdGenerator ids, Instant now) {
        return List.of(
                Delivery.ofNotification(new DeliveryId(ids.newId()), ended.id(), ended.machineId(),
                        NotificationPolicy.compose(ended), now),
                Delivery.ofTranscript(new DeliveryId(ids.newId()), ended.id(), ended.machineId(),
                        TranscriptFilePolicy.fileFor(ended), now));
    }
}
