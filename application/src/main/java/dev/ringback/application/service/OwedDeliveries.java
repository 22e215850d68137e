package dev.ringback.application.service;

import dev.ringback.application.port.out.IdGenerator;
import dev.ringback.domain.account.MachineId;
import dev.ringback.domain.call.CallRecord;
import dev.ringback.domain.delivery.Delivery;
import dev.ringback.domain.delivery.DeliveryId;
import dev.ringback.domain.notify.NotificationPolicy;
import java.time.Instant;
import java.util.List;

/**
 * What an ended call owes its machine, whichever path ended it (webhook or reconciliation). A call
 * without a machine (an inbound call to a user who had none) owes nothing: nobody can be told.
 */
final class OwedDeliveries {
    private OwedDeliveries() {}

    static List<Delivery> of(CallRecord ended, IdGenerator ids, Instant now) {
        if (ended.machineId().isEmpty()) {
            return List.of();
        }
        MachineId machine = ended.machineId().get();
        NotificationPolicy.Owed owed = NotificationPolicy.owedFor(ended);
        Delivery notification = Delivery.ofNotification(new DeliveryId(ids.newId()), ended.id(), machine,
                owed.notification(), now);
        return owed.transcript()
                .map(file -> List.of(notification, Delivery.ofTranscript(new DeliveryId(ids.newId()), ended.id(),
                        machine, file, now)))
                .orElseGet(() -> List.of(notification));
    }

    /**
     * {@link #of}, for an outcome the agent may have been told before (the reconciliation sweep's):
     * each delivery a resend from its first attempt ({@link Delivery#mayHaveBeenSentBefore}).
     */
    static List<Delivery> ofMaybeToldBefore(CallRecord ended, IdGenerator ids, Instant now) {
        return of(ended, ids, now).stream().map(Delivery::mayHaveBeenSentBefore).toList();
    }

    /**
     * What a call owes once a real outcome corrected the unknown one it was ended with: the same
     * deliveries as {@link #of}, under new ids and keys of their own, the notification saying it
     * replaces the "outcome unknown" message.
     */
    static List<Delivery> ofCorrection(CallRecord corrected, IdGenerator ids, Instant now) {
        if (corrected.machineId().isEmpty()) {
            return List.of();
        }
        MachineId machine = corrected.machineId().get();
        NotificationPolicy.Owed owed = NotificationPolicy.correctionOwedFor(corrected);
        Delivery notification = Delivery.ofNotification(new DeliveryId(ids.newId()), corrected.id(),
                machine, owed.notification(), now);
        return owed.transcript()
                .map(file -> List.of(notification, Delivery.ofCorrectedTranscript(new DeliveryId(ids.newId()),
                        corrected.id(), machine, file, now)))
                .orElseGet(() -> List.of(notification));
    }
}
