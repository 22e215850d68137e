package dev.ringback.application.port.out;

import dev.ringback.domain.account.MachineId;
import dev.ringback.domain.account.UserId;
import dev.ringback.domain.call.CallId;
import dev.ringback.domain.call.ProviderCallId;
import dev.ringback.domain.phone.PhoneNumber;
import java.util.Objects;
import java.util.Optional;

/** Places phone calls (Bland, or the trial simulator). */
public interface TelephonyProvider {
    /**
     * Asks the provider to dial once. Never retried by the caller: there is no idempotency key
     * for call creation, so a retry after a lost answer could dial twice.
     */
    Placement place(OutboundCall call);

    record OutboundCall(
            CallId callId,
            UserId userId,
            MachineId machineId,
            PhoneNumber from,
            PhoneNumber to,
            String task,
            Optional<String> firstSentence,
            Optional<String> voiceId,
            int maxDurationMinutes,
            boolean record,
            String voicemailAction,
            Optional<String> voicemailMessage) {
        public OutboundCall {
            Objects.requireNonNull(callId, "callId");
            Objects.requireNonNull(userId, "userId");
            Objects.requireNonNull(machineId, "machineId");
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
            if (!to.isUs() || !from.isUs()) {
                // A caller's number may be foreign; nothing foreign is ever dialled or dialled from.
                throw new IllegalArgumentException("the platform dials US numbers only");
            }
            Objects.requireNonNull(task, "task");
            Objects.requireNonNull(firstSentence, "firstSentence");
            Objects.requireNonNull(voiceId, "voiceId");
            Objects.requireNonNull(voicemailAction, "voicemailAction");
            Objects.requireNonNull(voicemailMessage, "voicemailMessage");
        }
    }

    sealed interface Placement {
        /** The provider queued the call. */
        record Queued(ProviderCallId providerCallId) implements Placement {}

        /** The provider answered that it did not queue the call. {@code reason} is log-safe. */
        record Rejected(int status, String reason) implements Placement {}

        /** No usable answer: the call may or may not have been queued. */
        record Uncertain(String reason) implements Placement {}
    }
}
