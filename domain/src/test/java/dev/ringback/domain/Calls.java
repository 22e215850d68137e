package dev.ringback.domain;

import dev.ringback.domain.account.MachineId;
import dev.ringback.domain.account.UserId;
import dev.ringback.domain.call.CallId;
import dev.ringback.domain.call.CallOutcome;
import dev.ringback.domain.call.CallRecord;
import dev.ringback.domain.call.CallStatus;
import dev.ringback.domain.call.CompletionResult;
import dev.ringback.domain.call.ProviderCallId;
import dev.ringback.domain.call.UnknownOutcome;
import dev.ringback.domain.phone.PhoneNumber;
import dev.ringback.domain.session.OriginSession;
import dev.ringback.domain.session.SessionKey;
import dev.ringback.domain.session.SessionSource;
import java.time.Instant;
import java.util.Optional;

/** Calls for domain tests, with made-up numbers that pass the US rule. */
public final class Calls {
    public static final CallId CALL_ID = new CallId("call-1");
    public static final UserId USER = new UserId("user-1");
    public static final MachineId MACHINE = new MachineId("machine-1");
    public static final PhoneNumber USER_NUMBER = new PhoneNumber("+14155550100");
    public static final PhoneNumber OTHER_NUMBER = new PhoneNumber("+12025551234");
    public static final OriginSession ORIGIN = new OriginSession(SessionKey.parse("test-calls"), SessionSource.DASHBOARD);
    public static final Instant PLACED_AT = Instant.parse("2025-03-09T23:58:30Z");
    public static final Instant ENDED_AT = Instant.parse("2025-03-10T00:01:00Z");

    private Calls() {}

    public static CallRecord outbound() {
        return outbound(CALL_ID.value());
    }

    public static CallRecord outbound(String id) {
        return CallRecord.placeOutbound(new CallId(id), USER, MACHINE, USER_NUMBER, OTHER_NUMBER, "Ask about the order", ORIGIN,
                PLACED_AT);
    }

    public static CallOutcome outcome(CallStatus status, int seconds, String transcript, String summary) {
        return new CallOutcome(status, seconds, transcript, summary, Optional.empty(), Optional.of(ENDED_AT));
    }

    public static CallRecord completedOutbound(int seconds, String transcript, String summary) {
        return completed(outbound(), seconds, transcript, summary);
    }

    /** Ended, from a machine without a file server. */
    public static CallRecord completedWithoutFileServer(int seconds, String transcript, String summary) {
        return completed(CallRecord.placeOutbound(CALL_ID, USER, MACHINE, USER_NUMBER, OTHER_NUMBER, "Ask about the order",
                ORIGIN, false, PLACED_AT), seconds, transcript, summary);
    }

    private static CallRecord completed(CallRecord placed, int seconds, String transcript, String summary) {
        return ((CompletionResult.Completed) placed
                .acceptedByProvider(new ProviderCallId("bland-1"))
                .complete(outcome(CallStatus.COMPLETED, seconds, transcript, summary), ENDED_AT)).call();
    }

    /** Ended by Ringback without its provider's outcome, as the reconciler does once it gives up waiting. */
    public static CallRecord endedUnknown() {
        return outbound().acceptedByProvider(new ProviderCallId("bland-1"))
                .endWithoutOutcome(UnknownOutcome.STUCK_SUMMARY, ENDED_AT.plusSeconds(86_400)).call();
    }

    /** {@link #endedUnknown}, then its real outcome, arrived late. */
    public static CallRecord corrected(int seconds, String transcript, String summary) {
        return ((CompletionResult.Completed) endedUnknown().correctUnknownOutcome(
                outcome(CallStatus.COMPLETED, seconds, transcript, summary), ENDED_AT.plusSeconds(90_000))).call();
    }

    public static CallRecord inbound(int seconds, String transcript, String summary) {
        return CallRecord.receiveInbound(new CallId("call-in-1"), USER, MACHINE, OTHER_NUMBER, USER_NUMBER,
                new ProviderCallId("bland-in-1"), new OriginSession(SessionKey.MAIN, SessionSource.DEFAULT), PLACED_AT,
                outcome(CallStatus.COMPLETED, seconds, transcript, summary), ENDED_AT);
    }

    /** A call received from a caller who withheld their number. */
    public static CallRecord inboundWithheld(int seconds, String transcript, String summary) {
        return CallRecord.receiveInbound(new CallId("call-in-1"), USER, MACHINE, Optional.empty(), USER_NUMBER,
                new ProviderCallId("bland-in-1"), new OriginSession(SessionKey.MAIN, SessionSource.DEFAULT), true, PLACED_AT,
                outcome(CallStatus.COMPLETED, seconds, transcript, summary), ENDED_AT);
    }

    /** A call received by a user who had no machine yet. */
    public static CallRecord inboundWithoutMachine(int seconds, String transcript, String summary) {
        return CallRecord.receiveInboundWithoutMachine(new CallId("call-in-1"), USER, Optional.of(OTHER_NUMBER),
                USER_NUMBER, new ProviderCallId("bland-in-1"), new OriginSession(SessionKey.MAIN, SessionSource.DEFAULT),
                PLACED_AT, outcome(CallStatus.COMPLETED, seconds, transcript, summary), ENDED_AT);
    }
}
