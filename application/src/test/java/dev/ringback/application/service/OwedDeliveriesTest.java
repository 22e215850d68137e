package dev.ringback.application.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ringback.application.testing.Fixtures;
import dev.ringback.application.testing.SequentialIds;
import dev.ringback.domain.account.User;
import dev.ringback.domain.call.CallId;
import dev.ringback.domain.call.CallOutcome;
import dev.ringback.domain.call.CallRecord;
import dev.ringback.domain.call.CallStatus;
import dev.ringback.domain.call.ProviderCallId;
import dev.ringback.domain.call.UnknownOutcome;
import dev.ringback.domain.session.OriginSession;
import dev.ringback.domain.session.SessionKey;
import dev.ringback.domain.session.SessionSource;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A call without a machine (an inbound call to a user who had none) owes nobody anything, however it ends. */
class OwedDeliveriesTest {
    private static final Instant T0 = Instant.parse("2025-01-15T10:00:00Z");
    private final SequentialIds ids = new SequentialIds("delivery-");
    private final User carol = Fixtures.user("carol");

    private CallRecord receivedWithoutMachine(CallOutcome outcome) {
        return CallRecord.receiveInboundWithoutMachine(new CallId("call-in"), carol.id(), Optional.of(Fixtures.OTHER_PARTY),
                Fixtures.USER_NUMBER, new ProviderCallId("bland-in"), new OriginSession(SessionKey.MAIN, SessionSource.DEFAULT),
                T0, outcome, T0.plusSeconds(60));
    }

    @Test
    void anEndedCallWithoutAMachineOwesNothing() {
        assertThat(OwedDeliveries.of(receivedWithoutMachine(Fixtures.outcome(CallStatus.COMPLETED, 42)), ids, T0)).isEmpty();
    }

    /** Bland's summary happens to read as Ringback's "outcome unknown": a later real outcome corrects it, still owing nothing. */
    @Test
    void aCorrectionOfACallWithoutAMachineOwesNothing() {
        CallRecord unknown = receivedWithoutMachine(new CallOutcome(CallStatus.FAILED, 0, "", UnknownOutcome.LOST_SUMMARY,
                Optional.empty(), Optional.of(T0.plusSeconds(60))));
        CallRecord corrected = unknown.correctUnknownOutcome(Fixtures.outcome(CallStatus.COMPLETED, 42), T0.plusSeconds(600)).call();

        assertThat(unknown.endedWithoutItsOutcome()).isTrue();
        assertThat(OwedDeliveries.ofCorrection(corrected, ids, T0.plusSeconds(600))).isEmpty();
    }
}
