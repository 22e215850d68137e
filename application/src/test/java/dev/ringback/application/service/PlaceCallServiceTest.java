package dev.ringback.application.service;

import static dev.ringback.application.service.World.CALLEE;
import static dev.ringback.application.service.World.CALLEE_E164;
import static dev.ringback.application.service.World.USER_NUMBER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ringback.application.port.in.NothingDialledException;
import dev.ringback.application.port.in.PlaceCallUseCase.Command;
import dev.ringback.application.port.in.PlaceCallUseCase.Result;
import dev.ringback.application.port.in.RecordCallOutcomeUseCase;
import dev.ringback.application.port.in.ReportActiveSessionUseCase;
import dev.ringback.application.port.out.CallRepository;
import dev.ringback.application.port.out.TelephonyProvider.OutboundCall;
import dev.ringback.domain.InvalidInputException;
import dev.ringback.domain.account.MachineId;
import dev.ringback.domain.account.UserId;
import dev.ringback.domain.call.CallId;
import dev.ringback.domain.call.CallOutcome;
import dev.ringback.domain.call.CallRecord;
import dev.ringback.domain.call.CallStatus;
import dev.ringback.domain.call.CompletionResult;
import dev.ringback.domain.call.ProviderCallId;
import dev.ringback.domain.delivery.Delivery;
import dev.ringback.domain.delivery.DeliveryKind;
import dev.ringback.domain.phone.PhoneNumber;
import dev.ringback.domain.session.OriginSession;
import dev.ringback.domain.session.SessionKey;
import dev.ringback.domain.session.SessionSource;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PlaceCallServiceTest {
    private final World world = new World();

    private Result place(Optional<String> sessionKey) {
        return world.placeCalls().place(world.command(sessionKey));
    }

    private void dashboardReports(String key) {
        world.reports().report(new ReportActiveSessionUseCase.Command(world.user, key));
    }

    private CallRecord placed(Result result) {
        assertThat(result).isInstanceOf(Result.Placed.class);
        return ((Result.Placed) result).call();
    }

    // --- origin-session attribution ---------------------------------------------------------

    @Test
    void theAgentsDeclaredKeyWins() {
        dashboardReports("test-calls");
        CallRecord call = placed(place(Optional.of("research")));
        assertThat(call.origin()).isEqualTo(new OriginSession(SessionKey.parse("agent:main:research"), SessionSource.AGENT));
        assertThat(world.stored(call.id()).origin()).isEqualTo(call.origin());
    }

    @Test
    void theAgentsCanonicalKeyIsKeptAsSent() {
        CallRecord call = placed(place(Optional.of("agent:main:telegram:group:-100123")));
        assertThat(call.origin().key().value()).isEqualTo("agent:main:telegram:group:-100123");
        assertThat(call.origin().source()).isEqualTo(SessionSource.AGENT);
    }

    @Test
    void theDashboardsReportIsUsedWhenTheAgentSaysNothing() {
        dashboardReports("test-calls");
        CallRecord call = placed(place(Optional.empty()));
        assertThat(call.origin()).isEqualTo(new OriginSession(SessionKey.parse("agent:main:test-calls"), SessionSource.DASHBOARD));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   "})
    void aBlankDeclaredKeyCountsAsNone(String blank) {
        dashboardReports("test-calls");
        assertThat(placed(place(Optional.of(blank))).origin().source()).isEqualTo(SessionSource.DASHBOARD);
    }

    @Test
    void theMainSessionIsTheDefault() {
        CallRecord call = placed(place(Optional.empty()));
        assertThat(call.origin()).isEqualTo(new OriginSession(SessionKey.MAIN, SessionSource.DEFAULT));
        assertThat(world.stored(call.id()).origin().key().value()).isEqualTo("agent:main:main");
    }

    /** The seed's step 8: call from test-calls, switch to main: the notification still goes to test-calls. */
    @Test
    void theKeyIsLockedWhenTheCallIsPlaced() {
        dashboardReports("test-calls");
        CallRecord call = world.placeQueued("bland-1", Optional.empty());
        dashboardReports("main");
        dashboardReports("something-else");

        RecordCallOutcomeUseCase.Result recorded = world.outcomes()
                .record(World.report("bland-1", Optional.of(call.id()), World.completed(60, "user: hi", "ok")));

        assertThat(recorded).isInstanceOf(RecordCallOutcomeUseCase.Result.Recorded.class);
        assertThat(world.stored(call.id()).origin())
                .isEqualTo(new OriginSession(SessionKey.parse("agent:main:test-calls"), SessionSource.DASHBOARD));
        Delivery notification = world.deliveries.findByCall(call.id()).stream()
                .filter(d -> d.kind() == DeliveryKind.NOTIFICATION).findFirst().orElseThrow();
        assertThat(notification.asNotification().sessionKey().value()).isEqualTo("agent:main:test-calls");
        // A later call follows the newer report.
        assertThat(placed(place(Optional.empty())).origin().key().value()).isEqualTo("agent:main:something-else");
    }

    @ParameterizedTest
    @ValueSource(strings = {"bad key", "tab\there", "agent:main", "agent:main:", "x\u0000y", "agent:_bad:x"})
    void aBadDeclaredKeyIsInvalidInputAndNothingIsDialled(String key) {
        assertThatThrownBy(() -> place(Optional.of(key))).isInstanceOf(InvalidInputException.class);
        assertThat(world.telephony.placed()).isEmpty();
        assertThat(world.calls.findRecentByUser(world.user, 10)).isEmpty();
    }

    @Test
    void aKeyForAnotherAgentIsRefused() {
        assertThatThrownBy(() -> place(Optional.of("agent:ops:research")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("ops");
        assertThat(world.telephony.placed()).isEmpty();
        assertThat(world.calls.findRecentByUser(world.user, 10)).isEmpty();
    }

    @Test
    void anOverlongKeyIsRefused() {
        assertThatThrownBy(() -> place(Optional.of("x".repeat(600)))).isInstanceOf(InvalidInputException.class);
        assertThat(world.telephony.placed()).isEmpty();
    }

    // --- the platform's checks, in order ---------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"555-1234", "+442071234567", "(102) 555-1234", "call me", "202555123456"})
    void anInvalidNumberIsThePlatformsError(String to) {
        assertThatThrownBy(() -> world.placeCalls().place(World.command(world.machine, to, Optional.empty())))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage(PhoneNumber.INVALID_US_NUMBER);
        assertThat(world.telephony.placed()).isEmpty();
        assertThat(world.calls.findRecentByUser(world.user, 10)).isEmpty();
    }

    @Test
    void anInvalidNumberIsReportedBeforeThePlan() {
        world.withPlan("starter");
        assertThatThrownBy(() -> world.placeCalls().place(World.command(world.machine, "12", Optional.empty())))
                .hasMessage(PhoneNumber.INVALID_US_NUMBER);
    }

    @ParameterizedTest
    @ValueSource(strings = {"starter", "Starter", "enterprise-unknown", "free"})
    void aPlanWithoutMinutesCannotCall(String plan) {
        world.withPlan(plan);
        assertThat(place(Optional.empty())).isInstanceOf(Result.PlanWithoutMinutes.class);
        assertThat(world.telephony.placed()).isEmpty();
        assertThat(world.calls.findRecentByUser(world.user, 10)).isEmpty();
    }

    @Test
    void thePlanIsCheckedBeforeTheNumber() {
        world.withPlan("starter").withoutPhoneNumber();
        assertThat(place(Optional.empty())).isInstanceOf(Result.PlanWithoutMinutes.class);
    }

    @Test
    void aUserWithoutANumberCannotCall() {
        world.withoutPhoneNumber();
        assertThat(place(Optional.empty())).isInstanceOf(Result.NoPhoneNumber.class);
        assertThat(world.telephony.placed()).isEmpty();
        assertThat(world.calls.findRecentByUser(world.user, 10)).isEmpty();
    }

    @Test
    void theNumberIsCheckedBeforeTheMonthlyLimit() {
        useSeconds(3_600, world.clock.now().minusSeconds(60));
        world.withoutPhoneNumber();
        assertThat(place(Optional.empty())).isInstanceOf(Result.NoPhoneNumber.class);
    }

    @Test
    void theMonthlyLimitStopsCalls() {
        useSeconds(3_000, Instant.parse("2025-01-01T00:00:00Z"));
        useSeconds(541, world.clock.now().minusSeconds(600)); // 3541 s = 59.02 min, counted as 60
        Result result = place(Optional.empty());
        assertThat(result).isEqualTo(new Result.MonthlyLimitReached(60, 60));
        assertThat(world.telephony.placed()).isEmpty();
    }

    @Test
    void lastMonthsCallsDoNotCount() {
        useSeconds(3_600, Instant.parse("2024-12-31T23:59:59Z"));
        assertThat(((Result.Placed) place(Optional.empty())).remainingMinutes()).isEqualTo(60);
    }

    @Test
    void anotherUsersMinutesDoNotCount() {
        CallRecord theirs = CallRecord.placeOutbound(new CallId("theirs"), new UserId("someone-else"),
                new MachineId("their-machine"), USER_NUMBER, CALLEE_E164, "t", new OriginSession(SessionKey.MAIN,
                        SessionSource.DEFAULT), world.clock.now().minusSeconds(60));
        world.calls.insert(theirs);
        world.calls.recordCompletion(theirs.complete(World.completed(7_200, "", ""), world.clock.now()).call(), List.of());
        assertThat(((Result.Placed) place(Optional.empty())).remainingMinutes()).isEqualTo(60);
    }

    @Test
    void maxDurationIsClampedToTheRemainingMinutes() {
        useSeconds(57 * 60, world.clock.now().minusSeconds(600));
        Result result = world.placeCalls().place(World.command(world.machine, CALLEE, 5, Optional.empty()));
        assertThat(((Result.Placed) result).remainingMinutes()).isEqualTo(3);
        assertThat(world.telephony.lastPlaced().maxDurationMinutes()).isEqualTo(3);

        // The first call holds its 3 minutes until its outcome arrives: nothing is left for a second one.
        assertThat(world.placeCalls().place(World.command(world.machine, CALLEE, 2, Optional.empty())))
                .isEqualTo(new Result.MonthlyLimitReached(60, 60));
    }

    @Test
    void aPowerPlanHasMoreMinutes() {
        world.withPlan("power");
        Result result = world.placeCalls().place(World.command(world.machine, CALLEE, 720, Optional.empty()));
        assertThat(((Result.Placed) result).remainingMinutes()).isEqualTo(120);
        assertThat(world.telephony.lastPlaced().maxDurationMinutes()).isEqualTo(120);
    }

    // --- talking to the provider --------------------------------------------------------------

    @Test
    void theCallIsStoredBeforeTheProviderIsAsked() {
        AtomicReference<CallRecord> seenByProvider = new AtomicReference<>();
        world.telephony.beforeAnswering(outbound -> seenByProvider.set(world.stored(outbound.callId())));

        CallRecord call = placed(place(Optional.of("research")));

        assertThat(seenByProvider.get()).isNotNull();
        assertThat(seenByProvider.get().id()).isEqualTo(call.id());
        assertThat(seenByProvider.get().status()).isEqualTo(CallStatus.INITIATED);
        assertThat(seenByProvider.get().providerCallId()).isEmpty();
        assertThat(seenByProvider.get().origin().key().value()).isEqualTo("agent:main:research");
    }

    @Test
    void aQueuedCallIsPlacedWithTheProvidersId() {
        world.telephony.thenQueue("bland-42");
        Result result = place(Optional.empty());

        CallRecord call = placed(result);
        assertThat(((Result.Placed) result).remainingMinutes()).isEqualTo(60);
        assertThat(call.providerCallId()).contains(new ProviderCallId("bland-42"));
        assertThat(call.status()).isEqualTo(CallStatus.INITIATED);
        assertThat(world.stored(call.id())).isEqualTo(call);
        assertThat(world.calls.findByProviderCallId(new ProviderCallId("bland-42"))).contains(call);
        assertThat(call.snapshot().from()).contains(USER_NUMBER);
        assertThat(call.snapshot().to()).isEqualTo(CALLEE_E164);
        assertThat(call.snapshot().task()).isEqualTo("Ask whether the order shipped");
        assertThat(call.snapshot().createdAt()).isEqualTo(world.clock.now());
        assertThat(world.telephony.placed()).hasSize(1);
    }

    @Test
    void theProviderIsAskedWithTheRequestsFields() {
        Command command = new Command(world.machine, "1 202 555 1234", "Book a table", Optional.of("Hi there"),
                Optional.empty(), 10, false, "leave_message", Optional.of("Call me back"), Optional.empty());
        Result result = world.placeCalls().place(command);

        OutboundCall sent = world.telephony.lastPlaced();
        assertThat(sent.callId()).isEqualTo(placed(result).id());
        assertThat(sent.userId()).isEqualTo(world.user);
        assertThat(sent.machineId()).isEqualTo(world.machine);
        assertThat(sent.from()).isEqualTo(USER_NUMBER);
        assertThat(sent.to()).isEqualTo(CALLEE_E164);
        assertThat(sent.task()).isEqualTo("Book a table");
        assertThat(sent.firstSentence()).contains("Hi there");
        assertThat(sent.voiceId()).as("the number's voice when the request names none").contains("voice-of-ada");
        assertThat(sent.maxDurationMinutes()).isEqualTo(10);
        assertThat(sent.record()).isFalse();
        assertThat(sent.voicemailAction()).isEqualTo("leave_message");
        assertThat(sent.voicemailMessage()).contains("Call me back");
    }

    @Test
    void theRequestsVoiceBeatsTheNumbersVoice() {
        Command command = new Command(world.machine, CALLEE, "t", Optional.empty(), Optional.of("voice-x"), 5, true,
                "hangup", Optional.empty(), Optional.empty());
        world.placeCalls().place(command);
        assertThat(world.telephony.lastPlaced().voiceId()).contains("voice-x");
    }

    @Test
    void aRejectedCallIsNotPlaced() {
        world.telephony.thenReject(402, "insufficient balance");
        Result result = place(Optional.empty());

        assertThat(result).isInstanceOf(Result.ProviderRejected.class);
        Result.ProviderRejected rejected = (Result.ProviderRejected) result;
        assertThat(rejected.reason()).isEqualTo("insufficient balance");
        CallRecord stored = world.stored(rejected.call().id());
        assertThat(stored).isEqualTo(rejected.call());
        assertThat(stored.status()).isEqualTo(CallStatus.FAILED);
        assertThat(stored.snapshot().costMicros()).isZero();
        assertThat(stored.snapshot().summary()).contains("insufficient balance");
        assertThat(world.deliveries.findByCall(stored.id())).as("nobody is notified").isEmpty();
        assertThat(world.telephony.placed()).hasSize(1);
    }

    @Test
    void aLostAnswerLeavesTheCallInitiatedAndIsNeverRetried() {
        world.telephony.thenLoseTheAnswer("read timeout");
        Result result = place(Optional.empty());

        assertThat(result).isInstanceOf(Result.ProviderUncertain.class);
        CallRecord call = ((Result.ProviderUncertain) result).call();
        assertThat(world.stored(call.id()).status()).isEqualTo(CallStatus.INITIATED);
        assertThat(world.stored(call.id()).providerCallId()).isEmpty();
        assertThat(world.telephony.placed()).as("dialled once").hasSize(1);

        // The webhook settles it later, found through the id we sent in the metadata.
        RecordCallOutcomeUseCase.Result settled = world.outcomes()
                .record(World.report("bland-late", Optional.of(call.id()), World.completed(30, "user: hi", "ok")));
        assertThat(settled).isInstanceOf(RecordCallOutcomeUseCase.Result.Recorded.class);
        assertThat(world.stored(call.id()).providerCallId()).contains(new ProviderCallId("bland-late"));
    }

    @Test
    void aWebhookThatBeatsTheProvidersAnswerIsKept() {
        world.telephony.thenQueue("bland-fast").beforeAnswering(outbound -> world.outcomes().record(
                World.report("bland-fast", Optional.of(outbound.callId()), World.completed(12, "user: hi", "quick"))));

        Result result = place(Optional.empty());

        CallRecord call = placed(result);
        CallRecord stored = world.stored(call.id());
        assertThat(stored.status()).as("the placement does not undo the completion").isEqualTo(CallStatus.COMPLETED);
        assertThat(stored.providerCallId()).contains(new ProviderCallId("bland-fast"));
        assertThat(world.deliveries.findByCall(call.id())).hasSize(2);
    }

    /** The platform's defect #8: a 500 here made the agent retry, and the person was dialled twice. */
    @Test
    void aStoreFailureAfterTheProviderQueuedTheCallStillAnswersPlaced() {
        world.telephony.thenQueue("bland-7");
        Result result = world.placeCalls(failingUpdates()).place(world.command(Optional.empty()));

        CallRecord call = placed(result);
        assertThat(call.providerCallId()).contains(new ProviderCallId("bland-7"));
        assertThat(world.stored(call.id()).status()).as("left for the webhook").isEqualTo(CallStatus.INITIATED);
        assertThat(world.telephony.placed()).as("dialled once").hasSize(1);

        RecordCallOutcomeUseCase.Result settled = world.outcomes()
                .record(World.report("bland-7", Optional.of(call.id()), World.completed(30, "user: hi", "ok")));
        assertThat(settled).isInstanceOf(RecordCallOutcomeUseCase.Result.Recorded.class);
        assertThat(world.stored(call.id()).providerCallId()).contains(new ProviderCallId("bland-7"));
    }

    @Test
    void aStoreFailureAfterTheProviderRejectedTheCallStillAnswersRejected() {
        world.telephony.thenReject(402, "insufficient balance");
        Result result = world.placeCalls(failingUpdates()).place(world.command(Optional.empty()));

        assertThat(result).isInstanceOf(Result.ProviderRejected.class);
        assertThat(((Result.ProviderRejected) result).reason()).isEqualTo("insufficient balance");
        assertThat(world.telephony.placed()).hasSize(1);
    }

    @Test
    void aRefusalWhoseFirstWriteFailsIsStoredByTheSecondSoNothingIsLeftToSettleAsUnknown() {
        world.telephony.thenReject(402, "insufficient balance");
        java.util.concurrent.atomic.AtomicInteger writes = new java.util.concurrent.atomic.AtomicInteger();
        CallRepository busyOnce = new DelegatingCallRepository(world.calls) {
            @Override
            public boolean updateUnfinished(CallRecord call) {
                if (writes.incrementAndGet() == 1) {
                    throw new IllegalStateException("SQLITE_BUSY");
                }
                return super.updateUnfinished(call);
            }
        };

        Result result = world.placeCalls(busyOnce).place(world.command(Optional.empty()));

        CallRecord refused = ((Result.ProviderRejected) result).call();
        assertThat(world.stored(refused.id()).status()).isEqualTo(CallStatus.FAILED);
        assertThat(world.stored(refused.id()).snapshot().costMicros()).isZero();
        assertThat(writes).hasValue(2);
    }

    private CallRepository failingUpdates() {
        return new DelegatingCallRepository(world.calls) {
            @Override
            public boolean updateUnfinished(CallRecord call) {
                throw new IllegalStateException("SQLITE_BUSY");
            }
        };
    }

    @Test
    void eachCallGetsItsOwnId() {
        CallRecord first = placed(place(Optional.empty()));
        CallRecord second = placed(place(Optional.empty()));
        assertThat(first.id()).isNotEqualTo(second.id());
        assertThat(world.calls.findRecentByUser(world.user, 10)).hasSize(2);
    }

    @Test
    void anUnknownMachineIsABug() {
        assertThatThrownBy(() -> world.placeCalls().place(World.command(new MachineId("ghost"), CALLEE, Optional.empty())))
                .isInstanceOf(NothingDialledException.class).hasCauseInstanceOf(IllegalStateException.class);
        assertThat(world.telephony.placed()).isEmpty();
    }

    private void useSeconds(int seconds, Instant createdAt) {
        CallRecord call = CallRecord.placeOutbound(new CallId(world.ids.newId()), world.user, world.machine, USER_NUMBER,
                CALLEE_E164, "earlier", new OriginSession(SessionKey.MAIN, SessionSource.DEFAULT), createdAt);
        world.calls.insert(call);
        CallOutcome outcome = World.completed(seconds, "", "");
        CompletionResult done = call.complete(outcome, createdAt.plusSeconds(seconds));
        assertThat(world.calls.recordCompletion(done.call(), List.of())).isTrue();
    }
}
