package dev.ringback.domain.call;

import static dev.ringback.domain.Calls.CALL_ID;
import static dev.ringback.domain.Calls.ENDED_AT;
import static dev.ringback.domain.Calls.MACHINE;
import static dev.ringback.domain.Calls.ORIGIN;
import static dev.ringback.domain.Calls.OTHER_NUMBER;
import static dev.ringback.domain.Calls.PLACED_AT;
import static dev.ringback.domain.Calls.USER;
import static dev.ringback.domain.Calls.USER_NUMBER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ringback.domain.Calls;
import dev.ringback.domain.session.OriginSession;
import dev.ringback.domain.session.SessionKey;
import dev.ringback.domain.session.SessionSource;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CallRecordTest {
    private static final ProviderCallId BLAND_ID = new ProviderCallId("0f6a3f5e-bland");
    private static final Instant LATER = ENDED_AT.plusSeconds(3600);

    @Test
    void aCallTheProviderDoesNotKnowEndsFailedAtNoCostAndOnlyOnce() {
        CallRecord ringing = Calls.outbound().acceptedByProvider(new ProviderCallId("bland-1"));

        CallRecord ended = ringing.endUnknownToProvider("Outcome unknown", ENDED_AT).call();

        assertThat(ended.status()).isEqualTo(CallStatus.FAILED);
        assertThat(ended.snapshot().costMicros()).isZero();
        assertThat(ended.snapshot().completedAt()).contains(ENDED_AT);
        assertThat(ended.endUnknownToProvider("again", ENDED_AT)).isInstanceOf(CompletionResult.AlreadyFinal.class);
        assertThat(ended.complete(Calls.outcome(CallStatus.COMPLETED, 60, "t", "s"), ENDED_AT))
                .isInstanceOf(CompletionResult.AlreadyFinal.class);
    }

    @Test
    void aRealOutcomeArrivingLateCorrectsACallEndedWithoutItWhole() {
        CallRecord unknown = Calls.endedUnknown();
        CallOutcome real = new CallOutcome(CallStatus.COMPLETED, 150, "user: Hello?", "They confirmed the order.",
                Optional.of("https://recordings.example/1.mp3"), Optional.of(ENDED_AT));

        CompletionResult result = unknown.correctUnknownOutcome(real, LATER);

        assertThat(unknown.endedWithoutItsOutcome()).isTrue();
        assertThat(result).isInstanceOf(CompletionResult.Completed.class);
        CallSnapshot s = result.call().snapshot();
        assertThat(s.status()).isEqualTo(CallStatus.COMPLETED);
        assertThat(s.durationSeconds()).isEqualTo(150);
        assertThat(s.transcript()).isEqualTo("user: Hello?");
        assertThat(s.summary()).isEqualTo("They confirmed the order.");
        assertThat(s.recordingUrl()).contains("https://recordings.example/1.mp3");
        assertThat(s.costMicros()).isEqualTo(CallCostPolicy.costMicros(CallStatus.COMPLETED, 150));
        assertThat(s.completedAt()).contains(ENDED_AT);
        assertThat(s).usingRecursiveComparison()
                .ignoringFields("status", "durationSeconds", "transcript", "summary", "recordingUrl", "costMicros", "completedAt")
                .isEqualTo(unknown.snapshot());
        assertThat(result.call().endedWithoutItsOutcome()).isFalse();
    }

    @Test
    void aCorrectionWithoutAnEndTimeEndsTheCallWhenItArrives() {
        CallOutcome real = new CallOutcome(CallStatus.NO_ANSWER, 0, "", "", Optional.empty(), Optional.empty());

        CallRecord corrected = Calls.endedUnknown().correctUnknownOutcome(real, LATER).call();

        assertThat(corrected.snapshot().completedAt()).contains(LATER);
        assertThat(corrected.snapshot().costMicros()).isEqualTo(CallCostPolicy.costMicros(CallStatus.NO_ANSWER, 0));
    }

    @Test
    void eitherUnknownSummaryByEitherWayOfEndingMarksACallEndedWithoutItsOutcome() {
        CallRecord ringing = Calls.outbound().acceptedByProvider(BLAND_ID);

        for (String summary : UnknownOutcome.SUMMARIES) {
            assertThat(ringing.endWithoutOutcome(summary, LATER).call().endedWithoutItsOutcome()).isTrue();
            assertThat(ringing.endUnknownToProvider(summary, LATER).call().endedWithoutItsOutcome()).isTrue();
        }
    }

    @Test
    void onlyACallEndedWithoutItsOutcomeIsCorrected() {
        CallOutcome real = Calls.outcome(CallStatus.COMPLETED, 60, "t", "s");
        CallRecord completed = Calls.completedOutbound(30, "user: hi", "First.");
        CallRecord failedByTheProvider = Calls.outbound().complete(
                Calls.outcome(CallStatus.FAILED, 0, "", UnknownOutcome.LOST_SUMMARY + " "), ENDED_AT).call();
        CallRecord notPlaced = Calls.outbound().notPlaced("Bland said no", ENDED_AT);
        CallRecord otherSummary = Calls.outbound().endWithoutOutcome("Outcome unknown", ENDED_AT).call();
        CallRecord corrected = Calls.corrected(60, "t", "s");

        for (CallRecord ended : new CallRecord[] {completed, failedByTheProvider, notPlaced, otherSummary, corrected}) {
            assertThat(ended.endedWithoutItsOutcome()).as(ended.snapshot().summary()).isFalse();
            CompletionResult result = ended.correctUnknownOutcome(real, LATER);
            assertThat(result).isInstanceOf(CompletionResult.AlreadyFinal.class);
            assertThat(result.call()).isSameAs(ended);
        }
    }

    @Test
    void aCallInFlightIsCompletedNotCorrected() {
        assertThatThrownBy(() -> Calls.outbound().correctUnknownOutcome(Calls.outcome(CallStatus.COMPLETED, 60, "t", "s"), LATER))
                .isInstanceOf(IllegalStateException.class);
        assertThat(Calls.outbound().endedWithoutItsOutcome()).isFalse();
    }

    @Test
    void anOutboundCallStartsInitiatedWithItsOrigin() {
        CallSnapshot s = Calls.outbound().snapshot();
        assertThat(s.id()).isEqualTo(CALL_ID);
        assertThat(s.userId()).isEqualTo(USER);
        assertThat(s.machineId()).contains(MACHINE);
        assertThat(s.direction()).isEqualTo(Direction.OUTBOUND);
        assertThat(s.from()).contains(USER_NUMBER);
        assertThat(s.to()).isEqualTo(OTHER_NUMBER);
        assertThat(s.task()).isEqualTo("Ask about the order");
        assertThat(s.origin()).isEqualTo(ORIGIN);
        assertThat(s.providerCallId()).isEmpty();
        assertThat(s.status()).isEqualTo(CallStatus.INITIATED);
        assertThat(s.durationSeconds()).isZero();
        assertThat(s.transcript()).isEmpty();
        assertThat(s.summary()).isEmpty();
        assertThat(s.recordingUrl()).isEmpty();
        assertThat(s.costMicros()).isZero();
        assertThat(s.createdAt()).isEqualTo(PLACED_AT);
        assertThat(s.completedAt()).isEmpty();
        assertThat(Calls.outbound().otherParty()).contains(OTHER_NUMBER);
    }

    @Test
    void acceptedByProviderRecordsItsIdOnce() {
        CallRecord queued = Calls.outbound().acceptedByProvider(BLAND_ID);
        assertThat(queued.providerCallId()).contains(BLAND_ID);
        assertThat(queued.status()).isEqualTo(CallStatus.INITIATED);
        assertThat(queued.acceptedByProvider(BLAND_ID)).isEqualTo(queued);
        assertThatThrownBy(() -> queued.acceptedByProvider(new ProviderCallId("other")))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> queued.acceptedByProvider(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void theFirstCompletionWins() {
        CallOutcome outcome = new CallOutcome(CallStatus.COMPLETED, 150, "user: hi", "They confirmed",
                Optional.of("https://rec.example/1.mp3"), Optional.of(ENDED_AT));
        CompletionResult result = Calls.outbound().acceptedByProvider(BLAND_ID).complete(outcome, LATER);

        assertThat(result).isInstanceOf(CompletionResult.Completed.class);
        CallSnapshot s = result.call().snapshot();
        assertThat(s.status()).isEqualTo(CallStatus.COMPLETED);
        assertThat(s.durationSeconds()).isEqualTo(150);
        assertThat(s.transcript()).isEqualTo("user: hi");
        assertThat(s.summary()).isEqualTo("They confirmed");
        assertThat(s.recordingUrl()).contains("https://rec.example/1.mp3");
        assertThat(s.costMicros()).isEqualTo(CallCostPolicy.costMicros(CallStatus.COMPLETED, 150)).isEqualTo(225_000);
        assertThat(s.completedAt()).as("the provider's end time is kept").contains(ENDED_AT);
        assertThat(s.origin()).isEqualTo(ORIGIN);
        assertThat(s.providerCallId()).contains(BLAND_ID);
    }

    @Test
    void withoutAnEndTimeTheCompletionIsStampedNow() {
        CallOutcome outcome = new CallOutcome(CallStatus.NO_ANSWER, 0, "", "", Optional.empty(), Optional.empty());
        CallRecord ended = Calls.outbound().complete(outcome, LATER).call();
        assertThat(ended.snapshot().completedAt()).contains(LATER);
        assertThat(ended.snapshot().costMicros()).isEqualTo(CallCostPolicy.MICROS_PER_ATTEMPT);
    }

    @Test
    void aRepeatIsAlreadyFinalAndChangesNothing() {
        CallRecord first = Calls.completedOutbound(150, "user: hi", "They confirmed");
        CallOutcome contradicting = new CallOutcome(CallStatus.FAILED, 9, "forged", "forged",
                Optional.of("https://evil.example"), Optional.of(LATER));

        CompletionResult again = first.complete(contradicting, LATER);

        assertThat(again).isInstanceOf(CompletionResult.AlreadyFinal.class);
        assertThat(again.call()).isSameAs(first);
        assertThat(again.call().snapshot()).isEqualTo(first.snapshot());
        // Also an identical repeat.
        CallOutcome same = Calls.outcome(CallStatus.COMPLETED, 150, "user: hi", "They confirmed");
        assertThat(first.complete(same, LATER)).isInstanceOf(CompletionResult.AlreadyFinal.class);
    }

    @Test
    void notPlacedEndsTheCallAsFailedAtNoCost() {
        CallRecord refused = Calls.outbound().notPlaced("402 no balance", LATER);
        CallSnapshot s = refused.snapshot();
        assertThat(s.status()).isEqualTo(CallStatus.FAILED);
        assertThat(s.costMicros()).isZero();
        assertThat(s.durationSeconds()).isZero();
        assertThat(s.summary()).isEqualTo("Not placed: 402 no balance");
        assertThat(s.completedAt()).contains(LATER);
        assertThat(s.origin()).isEqualTo(ORIGIN);
        // A late report for a call that never went out changes nothing.
        assertThat(refused.complete(Calls.outcome(CallStatus.COMPLETED, 60, "x", "y"), LATER))
                .isInstanceOf(CompletionResult.AlreadyFinal.class);
    }

    @Test
    void anEndedCallCannotBeMarkedNotPlaced() {
        CallRecord ended = Calls.completedOutbound(10, "", "");
        assertThatThrownBy(() -> ended.notPlaced("late", LATER)).isInstanceOf(IllegalStateException.class);
        CallRecord refused = Calls.outbound().notPlaced("first", LATER);
        assertThatThrownBy(() -> refused.notPlaced("second", LATER)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void theOriginNeverChanges() {
        CallRecord placed = Calls.outbound();
        CallRecord queued = placed.acceptedByProvider(BLAND_ID);
        CallRecord ended = queued.complete(Calls.outcome(CallStatus.COMPLETED, 5, "t", "s"), LATER).call();
        CallRecord refused = placed.notPlaced("no", LATER);
        CallRecord restored = CallRecord.restore(ended.snapshot());
        for (CallRecord call : new CallRecord[] {placed, queued, ended, refused, restored}) {
            assertThat(call.origin()).isEqualTo(ORIGIN);
            assertThat(call.snapshot().origin()).isEqualTo(ORIGIN);
        }
    }

    @Test
    void changesReturnNewRecordsAndLeaveTheOldOneAlone() {
        CallRecord placed = Calls.outbound();
        CallSnapshot before = placed.snapshot();
        placed.acceptedByProvider(BLAND_ID);
        placed.complete(Calls.outcome(CallStatus.COMPLETED, 5, "t", "s"), LATER);
        placed.notPlaced("no", LATER);
        assertThat(placed.snapshot()).isEqualTo(before);
    }

    @Test
    void aCompletionBeforeTheProviderIdArrivesCanStillTakeTheId() {
        // The webhook can beat the provider's answer; the id is learnt from the webhook itself.
        CallRecord ended = Calls.outbound().complete(Calls.outcome(CallStatus.COMPLETED, 5, "t", "s"), LATER).call();
        assertThat(ended.acceptedByProvider(BLAND_ID).providerCallId()).contains(BLAND_ID);
        assertThat(ended.acceptedByProvider(BLAND_ID).status()).isEqualTo(CallStatus.COMPLETED);
    }

    @Test
    void anInboundCallIsBornEnded() {
        CallRecord inbound = Calls.inbound(42, "user: hello", "A delivery driver");
        CallSnapshot s = inbound.snapshot();
        assertThat(s.direction()).isEqualTo(Direction.INBOUND);
        assertThat(s.from()).contains(OTHER_NUMBER);
        assertThat(s.to()).isEqualTo(USER_NUMBER);
        assertThat(inbound.otherParty()).contains(OTHER_NUMBER);
        assertThat(s.status()).isEqualTo(CallStatus.COMPLETED);
        assertThat(s.durationSeconds()).isEqualTo(42);
        assertThat(s.task()).isEmpty();
        assertThat(s.providerCallId()).contains(new ProviderCallId("bland-in-1"));
        assertThat(s.createdAt()).isEqualTo(PLACED_AT);
        assertThat(s.completedAt()).contains(ENDED_AT);
        assertThat(s.costMicros()).isEqualTo(CallCostPolicy.costMicros(CallStatus.COMPLETED, 42));
        assertThat(s.origin()).isEqualTo(new OriginSession(SessionKey.MAIN, SessionSource.DEFAULT));
        assertThat(inbound.complete(Calls.outcome(CallStatus.FAILED, 0, "", ""), LATER))
                .isInstanceOf(CompletionResult.AlreadyFinal.class);
    }

    @Test
    void anInboundCallFromAWithheldNumberHasNoCallerButIsRecordedAllTheSame() {
        CallRecord inbound = Calls.inboundWithheld(42, "user: hello", "A delivery driver");
        CallSnapshot s = inbound.snapshot();
        assertThat(s.from()).isEmpty();
        assertThat(inbound.otherParty()).isEmpty();
        assertThat(s.to()).isEqualTo(USER_NUMBER);
        assertThat(s.status()).isEqualTo(CallStatus.COMPLETED);
        assertThat(s.costMicros()).isEqualTo(CallCostPolicy.costMicros(CallStatus.COMPLETED, 42));
        assertThat(CallRecord.restore(s)).isEqualTo(inbound);
    }

    @Test
    void onlyAnInboundCallCanHaveAWithheldCaller() {
        CallSnapshot s = Calls.outbound().snapshot();
        assertThatThrownBy(() -> new CallSnapshot(s.id(), s.userId(), s.machineId(), Direction.OUTBOUND, Optional.empty(),
                s.to(), s.task(), s.origin(), s.providerCallId(), s.status(), 0, "", "", Optional.empty(), 0,
                s.createdAt(), Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anInboundCallToAUserWithoutAMachineIsRecordedEndedAndCountedWithNoMachine() {
        CallRecord inbound = Calls.inboundWithoutMachine(42, "user: hello", "A delivery driver");
        CallSnapshot s = inbound.snapshot();
        assertThat(inbound.machineId()).isEmpty();
        assertThat(s.direction()).isEqualTo(Direction.INBOUND);
        assertThat(s.status()).isEqualTo(CallStatus.COMPLETED);
        assertThat(s.transcript()).isEqualTo("user: hello");
        assertThat(s.summary()).isEqualTo("A delivery driver");
        assertThat(s.costMicros()).isEqualTo(CallCostPolicy.costMicros(CallStatus.COMPLETED, 42));
        assertThat(s.writesTranscriptFile()).as("there is no workspace to write it to").isFalse();
        assertThat(CallRecord.restore(s)).isEqualTo(inbound);
    }

    @Test
    void onlyAnInboundCallCanHaveNoMachine() {
        CallSnapshot s = Calls.outbound().snapshot();
        assertThatThrownBy(() -> new CallSnapshot(s.id(), s.userId(), Optional.empty(), Direction.OUTBOUND, s.from(),
                s.to(), s.task(), s.origin(), s.providerCallId(), s.status(), 0, "", "", Optional.empty(), 0,
                s.createdAt(), Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void restoreGivesBackTheSameCall() {
        CallRecord ended = Calls.completedOutbound(61, "a\nb", "s");
        CallRecord restored = CallRecord.restore(ended.snapshot());
        assertThat(restored).isEqualTo(ended).hasSameHashCodeAs(ended);
        assertThat(restored.toString()).contains("call-1", "completed").doesNotContain("+1");
    }

    @Test
    void snapshotInvariants() {
        CallSnapshot s = Calls.outbound().snapshot();
        assertThatThrownBy(() -> new CallSnapshot(s.id(), s.userId(), s.machineId(), s.direction(), s.from(), s.to(),
                s.task(), s.origin(), s.providerCallId(), CallStatus.COMPLETED, 0, "", "", Optional.empty(), 0,
                s.createdAt(), Optional.empty()))
                .as("terminal without a completion time").isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CallSnapshot(s.id(), s.userId(), s.machineId(), s.direction(), s.from(), s.to(),
                s.task(), s.origin(), s.providerCallId(), CallStatus.INITIATED, 0, "", "", Optional.empty(), 0,
                s.createdAt(), Optional.of(LATER)))
                .as("initiated with a completion time").isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CallSnapshot(s.id(), s.userId(), s.machineId(), s.direction(), s.from(), s.to(),
                s.task(), s.origin(), s.providerCallId(), CallStatus.INITIATED, -1, "", "", Optional.empty(), 0,
                s.createdAt(), Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CallSnapshot(s.id(), s.userId(), s.machineId(), s.direction(), s.from(), s.to(),
                s.task(), s.origin(), s.providerCallId(), CallStatus.INITIATED, 0, "", "", Optional.empty(), -1,
                s.createdAt(), Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CallSnapshot(s.id(), s.userId(), s.machineId(), s.direction(), s.from(), s.to(),
                null, s.origin(), s.providerCallId(), CallStatus.INITIATED, 0, "", "", Optional.empty(), 0,
                s.createdAt(), Optional.empty()))
                .isInstanceOf(NullPointerException.class);
    }
}
