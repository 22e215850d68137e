package dev.ringback.application.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ringback.application.port.in.RecordCallOutcomeUseCase.Report;
import dev.ringback.application.port.in.RecordCallOutcomeUseCase.Result;
import dev.ringback.application.port.out.CallRepository;
import dev.ringback.application.testing.LoggedLines;
import dev.ringback.domain.account.MonthUsage;
import dev.ringback.domain.call.CallId;
import dev.ringback.domain.call.CallOutcome;
import dev.ringback.domain.call.CallRecord;
import dev.ringback.domain.call.CallStatus;
import dev.ringback.domain.call.ProviderCallId;
import dev.ringback.domain.call.UnknownOutcome;
import dev.ringback.domain.delivery.Delivery;
import dev.ringback.domain.delivery.DeliveryKind;
import dev.ringback.domain.delivery.DeliveryState;
import dev.ringback.domain.notify.AgentNotification;
import dev.ringback.domain.notify.NotificationPolicy;
import dev.ringback.domain.notify.TranscriptFilePolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class RecordCallOutcomeServiceTest {
    final World world = new World();

    private Result record(String providerId, Optional<CallId> ourId, CallOutcome outcome) {
        return world.outcomes().record(World.report(providerId, ourId, outcome));
    }

    @Test
    void theFirstReportIsRecordedWithItsDeliveries() {
        world.reports().report(new dev.ringback.application.port.in.ReportActiveSessionUseCase.Command(world.user, "test-calls"));
        CallRecord call = world.placeQueued("bland-1", Optional.empty());
        world.clock.advance(java.time.Duration.ofMinutes(3));
        CallOutcome outcome = new CallOutcome(CallStatus.COMPLETED, 150, "user: Hello?\nassistant: Hi", "They confirmed",
                Optional.of("https://rec.example/1.mp3"), Optional.empty());

        Result result = record("bland-1", Optional.of(call.id()), outcome);

        assertThat(result).isInstanceOf(Result.Recorded.class);
        CallRecord recorded = ((Result.Recorded) result).call();
        assertThat(world.stored(call.id())).isEqualTo(recorded);
        assertThat(recorded.status()).isEqualTo(CallStatus.COMPLETED);
        assertThat(recorded.snapshot().durationSeconds()).isEqualTo(150);
        assertThat(recorded.snapshot().transcript()).isEqualTo("user: Hello?\nassistant: Hi");
        assertThat(recorded.snapshot().summary()).isEqualTo("They confirmed");
        assertThat(recorded.snapshot().recordingUrl()).contains("https://rec.example/1.mp3");
        assertThat(recorded.snapshot().completedAt()).contains(world.clock.now());
        assertThat(recorded.snapshot().costMicros()).isEqualTo(225_000);

        List<Delivery> owed = world.deliveries.findByCall(call.id());
        assertThat(owed).extracting(Delivery::kind).containsExactlyInAnyOrder(DeliveryKind.NOTIFICATION, DeliveryKind.TRANSCRIPT);
        assertThat(owed).allSatisfy(d -> {
            assertThat(d.deliveryState()).isEqualTo(DeliveryState.PENDING);
            assertThat(d.machineId()).isEqualTo(world.machine);
            assertThat(d.snapshot().nextAttemptAt()).isEqualTo(world.clock.now());
        });
        AgentNotification note = owed.stream().filter(d -> d.kind() == DeliveryKind.NOTIFICATION).findFirst().orElseThrow()
                .asNotification();
        assertThat(note).isEqualTo(NotificationPolicy.compose(recorded));
        assertThat(note.sessionKey().value()).isEqualTo("agent:main:test-calls");
        assertThat(note.message()).startsWith("📞 **Call completed** (+12025551234, 2.5 min)");
        assertThat(owed.stream().filter(d -> d.kind() == DeliveryKind.TRANSCRIPT).findFirst().orElseThrow().asTranscriptFile())
                .isEqualTo(TranscriptFilePolicy.fileFor(recorded));
        assertThat(world.wakeup.count()).isEqualTo(1);
        assertThat(world.wakeup.machines()).as("the worker can leave it to a run sending to that machine")
                .containsExactly(world.machine);
    }

    @Test
    void aDuplicateChangesNothingAndQueuesNothing() {
        CallRecord call = world.placeQueued("bland-1", Optional.empty());
        record("bland-1", Optional.of(call.id()), World.completed(60, "user: hi", "first"));
        CallRecord afterFirst = world.stored(call.id());
        List<Delivery> deliveriesAfterFirst = world.deliveries.findByCall(call.id());
        world.clock.advance(java.time.Duration.ofMinutes(1));

        Result again = record("bland-1", Optional.of(call.id()),
                new CallOutcome(CallStatus.FAILED, 999, "forged", "forged", Optional.empty(), Optional.empty()));
        Result third = record("bland-1", Optional.empty(), World.completed(60, "user: hi", "first"));

        assertThat(again).isEqualTo(new Result.Duplicate(call.id()));
        assertThat(third).isEqualTo(new Result.Duplicate(call.id()));
        assertThat(world.stored(call.id())).isEqualTo(afterFirst);
        assertThat(world.deliveries.findByCall(call.id())).isEqualTo(deliveriesAfterFirst).hasSize(2);
        assertThat(world.wakeup.count()).isEqualTo(1);
    }

    /**
     * A call the reconciler ended as "outcome unknown" (its answer from the provider lost, say),
     * with the notification that says so owed: what the provider's real outcome, late, finds.
     */
    private CallRecord endedAsUnknown(String providerId) {
        CallRecord call = world.placeQueued(providerId, Optional.of("research"));
        world.clock.advance(Duration.ofHours(2));
        CallRecord unknown = call.endWithoutOutcome(UnknownOutcome.LOST_SUMMARY, world.clock.now()).call();
        assertThat(world.calls.recordCompletion(unknown, OwedDeliveries.of(unknown, world.ids, world.clock.now()))).isTrue();
        world.clock.advance(Duration.ofMinutes(1));
        return unknown;
    }

    private static CallOutcome realOutcome() {
        return new CallOutcome(CallStatus.COMPLETED, 150, "user: Hello?\nassistant: Hi", "They confirmed",
                Optional.of("https://rec.example/1.mp3"), Optional.empty());
    }

    @Test
    void aRealOutcomeAfterOutcomeUnknownCorrectsTheCallAndIsToldInItsSessionUnderNewKeys() {
        CallRecord unknown = endedAsUnknown("bland-1");
        List<Delivery> first = world.deliveries.findByCall(unknown.id());

        Result result = record("bland-1", Optional.of(unknown.id()), realOutcome());

        assertThat(result).isInstanceOf(Result.Recorded.class);
        CallRecord corrected = ((Result.Recorded) result).call();
        assertThat(world.stored(unknown.id())).isEqualTo(corrected);
        assertThat(corrected.status()).isEqualTo(CallStatus.COMPLETED);
        assertThat(corrected.snapshot().durationSeconds()).isEqualTo(150);
        assertThat(corrected.snapshot().summary()).isEqualTo("They confirmed");
        assertThat(corrected.snapshot().transcript()).isEqualTo("user: Hello?\nassistant: Hi");
        assertThat(corrected.snapshot().recordingUrl()).contains("https://rec.example/1.mp3");
        assertThat(corrected.snapshot().costMicros()).isEqualTo(225_000);
        assertThat(corrected.snapshot().completedAt()).contains(world.clock.now());

        // What told the unknown outcome had not been sent: withdrawn, so it never reaches the agent after the correction.
        assertThat(first).hasSize(2);
        List<Delivery> owed = world.deliveries.findByCall(unknown.id());
        assertThat(owed).hasSize(2).doesNotContainAnyElementsOf(first);
        assertThat(owed).extracting(Delivery::kind).containsExactlyInAnyOrder(DeliveryKind.NOTIFICATION, DeliveryKind.TRANSCRIPT);
        assertThat(owed).extracting(Delivery::id).doesNotContainAnyElementsOf(first.stream().map(Delivery::id).collect(Collectors.toList()));
        assertThat(owed).extracting(d -> d.snapshot().idempotencyKey())
                .containsExactlyInAnyOrder("ringback-call-" + unknown.id().value() + "-corrected",
                        "ringback-transcript-" + unknown.id().value() + "-corrected")
                .doesNotContainAnyElementsOf(first.stream().map(d -> d.snapshot().idempotencyKey()).collect(Collectors.toList()));
        assertThat(owed).allSatisfy(d -> assertThat(d.deliveryState()).isEqualTo(DeliveryState.PENDING));
        AgentNotification note = owed.stream().filter(d -> d.kind() == DeliveryKind.NOTIFICATION).findFirst().orElseThrow()
                .asNotification();
        assertThat(note).isEqualTo(NotificationPolicy.correctionOwedFor(corrected).notification());
        assertThat(note.sessionKey().value()).isEqualTo("agent:main:research");
        assertThat(note.message()).contains("replaces the earlier \"Outcome unknown\" message").contains("They confirmed");
        assertThat(note.marker()).isEqualTo(NotificationPolicy.correctionMarkerFor(unknown.id()));
        assertThat(owed.stream().filter(d -> d.kind() == DeliveryKind.TRANSCRIPT).findFirst().orElseThrow().asTranscriptFile())
                .isEqualTo(TranscriptFilePolicy.fileFor(corrected));
        assertThat(world.wakeup.count()).isEqualTo(1);
    }

    @Test
    void aCorrectedCallCountsItsRealSecondsAndCost() {
        CallRecord unknown = endedAsUnknown("bland-1");
        Instant monthStart = Instant.parse("2025-01-01T00:00:00Z");
        assertThat(world.calls.usageSince(world.user, monthStart, world.clock.now()).settledSeconds())
                .as("outcome unknown holds no minutes").isZero();

        record("bland-1", Optional.of(unknown.id()), realOutcome());

        MonthUsage usage = world.calls.usageSince(world.user, monthStart, world.clock.now());
        assertThat(usage.settledSeconds()).isEqualTo(150);
        assertThat(usage.costMicros()).isEqualTo(225_000);
    }

    @Test
    void aRepeatOfTheCorrectingOutcomeIsADuplicateAndQueuesNothing() {
        CallRecord unknown = endedAsUnknown("bland-1");
        record("bland-1", Optional.of(unknown.id()), realOutcome());
        CallRecord corrected = world.stored(unknown.id());
        List<Delivery> afterCorrection = world.deliveries.findByCall(unknown.id());

        Result again = record("bland-1", Optional.of(unknown.id()), realOutcome());
        Result other = record("bland-1", Optional.empty(),
                new CallOutcome(CallStatus.FAILED, 999, "forged", "forged", Optional.empty(), Optional.empty()));

        assertThat(again).isEqualTo(new Result.Duplicate(unknown.id()));
        assertThat(other).isEqualTo(new Result.Duplicate(unknown.id()));
        assertThat(world.stored(unknown.id())).isEqualTo(corrected);
        assertThat(world.deliveries.findByCall(unknown.id())).isEqualTo(afterCorrection).hasSize(2);
        assertThat(world.wakeup.count()).isEqualTo(1);
    }

    /** Two copies of a late outcome at the same moment: the repository's conditional write decides. */
    @Test
    void aConcurrentCopyThatCorrectsFirstMakesThisOneADuplicate() {
        CallRecord unknown = endedAsUnknown("bland-1");
        Report copy = World.report("bland-1", Optional.of(unknown.id()), realOutcome());
        RecordCallOutcomeService other = world.outcomes();
        CallRepository racing = new DelegatingCallRepository(world.calls) {
            @Override
            public boolean recordCorrection(CallRecord corrected, List<Delivery> deliveries) {
                assertThat(other.record(copy)).isInstanceOf(Result.Recorded.class);
                return super.recordCorrection(corrected, deliveries);
            }
        };

        Result result = outcomesOver(racing).record(copy);

        assertThat(result).isEqualTo(new Result.Duplicate(unknown.id()));
        assertThat(world.deliveries.findByCall(unknown.id())).hasSize(2);
        assertThat(world.wakeup.count()).isEqualTo(1);
    }

    /** The operator learns that a call told as unknown was corrected; no numbers, no transcript. */
    @Test
    void aCorrectionIsLoggedWithTheCallAndItsStatusOnly() {
        CallRecord unknown = endedAsUnknown("bland-1");

        List<String> lines = LoggedLines.of(RecordCallOutcomeService.class, java.util.logging.Level.INFO, () -> {
            record("bland-1", Optional.of(unknown.id()), realOutcome());
            record("bland-1", Optional.of(unknown.id()), realOutcome());
        });

        assertThat(lines).as("one for the correction, none for its repeat").singleElement()
                .satisfies(line -> assertThat(line).contains(unknown.id().value()).contains("outcome unknown")
                        .contains("corrected to completed").doesNotContain("They confirmed").doesNotContain("Hello")
                        .doesNotContain(World.CALLEE_E164.e164()).doesNotContain("150"));
    }

    @Test
    void anUnknownCallIsIgnored() {
        world.placeQueued("bland-1", Optional.empty());
        assertThat(record("bland-unknown", Optional.empty(), World.completed(60, "", ""))).isEqualTo(new Result.UnknownCall());
        assertThat(record("bland-unknown", Optional.of(new CallId("no-such-call")), World.completed(60, "", "")))
                .isEqualTo(new Result.UnknownCall());
        assertThat(world.deliveries.findByState(DeliveryState.PENDING, 10)).isEmpty();
        assertThat(world.wakeup.count()).isZero();
    }

    @Test
    void aMachineWithoutAFileServerIsOwedTheNotificationAlone() {
        world.machines.save(world.machines.findById(world.machine).orElseThrow().withFileServer(false));
        CallRecord call = world.placeQueued("bland-8", Optional.empty());
        assertThat(call.snapshot().writesTranscriptFile()).isFalse();

        record("bland-8", Optional.of(call.id()), World.completed(60, "user: hi", "Confirmed"));

        List<Delivery> owed = world.deliveries.findByCall(call.id());
        assertThat(owed).extracting(Delivery::kind).containsExactly(DeliveryKind.NOTIFICATION);
        assertThat(owed.get(0).asNotification().message()).contains("> user: hi").doesNotContain("calls/");
    }

    @Test
    void foundByTheProvidersIdAlone() {
        CallRecord call = world.placeQueued("bland-7", Optional.empty());
        Result result = record("bland-7", Optional.empty(), World.completed(5, "", ""));
        assertThat(result).isInstanceOf(Result.Recorded.class);
        assertThat(((Result.Recorded) result).call().id()).isEqualTo(call.id());
    }

    @Test
    void foundByTheIdInTheMetadata() {
        CallRecord first = world.placeQueued("bland-1", Optional.empty());
        CallRecord second = world.placeQueued("bland-2", Optional.empty());
        Result result = record("bland-2", Optional.of(second.id()), World.completed(5, "", ""));
        assertThat(((Result.Recorded) result).call().id()).isEqualTo(second.id());
        assertThat(world.stored(first.id()).status()).isEqualTo(CallStatus.INITIATED);
    }

    /** Metadata naming one call with another call's provider id cannot complete the first one. */
    @Test
    void metadataThatContradictsTheStoredProviderIdIsNotTrusted() {
        CallRecord first = world.placeQueued("bland-1", Optional.empty());
        CallRecord second = world.placeQueued("bland-2", Optional.empty());

        Result result = record("bland-2", Optional.of(first.id()), World.completed(5, "", ""));

        assertThat(((Result.Recorded) result).call().id()).as("the provider id decides").isEqualTo(second.id());
        assertThat(world.stored(first.id()).status()).isEqualTo(CallStatus.INITIATED);
        assertThat(record("bland-9", Optional.of(first.id()), World.completed(5, "", ""))).isEqualTo(new Result.UnknownCall());
        assertThat(world.stored(first.id()).status()).isEqualTo(CallStatus.INITIATED);
    }

    @Test
    void aWebhookBeforeTheProviderIdWasStoredIsMatchedByMetadata() {
        world.telephony.thenLoseTheAnswer("timeout");
        CallRecord call = ((dev.ringback.application.port.in.PlaceCallUseCase.Result.ProviderUncertain)
                world.placeCalls().place(world.command(Optional.empty()))).call();
        assertThat(world.stored(call.id()).providerCallId()).isEmpty();

        Result result = record("bland-late", Optional.of(call.id()), World.completed(5, "user: hi", "ok"));

        assertThat(result).isInstanceOf(Result.Recorded.class);
        CallRecord stored = world.stored(call.id());
        assertThat(stored.providerCallId()).contains(new ProviderCallId("bland-late"));
        assertThat(stored.status()).isEqualTo(CallStatus.COMPLETED);
        assertThat(world.calls.findByProviderCallId(new ProviderCallId("bland-late"))).contains(stored);
        assertThat(world.deliveries.findByCall(call.id())).hasSize(2);
    }

    /**
     * Metadata naming a call whose placement answer was lost, with the provider id of another call
     * that has it stored: the provider id decides, and the call named stays as it was (its row
     * cannot take an id another call holds: the store would refuse the write, a 500 for Bland).
     */
    @Test
    void metadataNamingACallWithoutProviderIdCannotTakeAnotherCallsProviderId() {
        CallRecord holder = world.placeQueued("bland-1", Optional.empty());
        world.telephony.thenLoseTheAnswer("timeout");
        CallRecord lost = ((dev.ringback.application.port.in.PlaceCallUseCase.Result.ProviderUncertain)
                world.placeCalls().place(world.command(Optional.empty()))).call();

        Result result = record("bland-1", Optional.of(lost.id()), World.completed(5, "", ""));

        assertThat(((Result.Recorded) result).call().id()).as("the provider id decides").isEqualTo(holder.id());
        assertThat(world.stored(lost.id()).providerCallId()).isEmpty();
        assertThat(world.stored(lost.id()).status()).isEqualTo(CallStatus.INITIATED);
    }

    @Test
    void withoutMetadataOrAStoredProviderIdTheCallCannotBeFound() {
        world.telephony.thenLoseTheAnswer("timeout");
        world.placeCalls().place(world.command(Optional.empty()));
        assertThat(record("bland-late", Optional.empty(), World.completed(5, "", ""))).isEqualTo(new Result.UnknownCall());
    }

    @Test
    void theEndTimeReportedByTheProviderIsKept() {
        CallRecord call = world.placeQueued("bland-1", Optional.empty());
        Instant ended = world.clock.now().plusSeconds(42);
        world.clock.advance(java.time.Duration.ofMinutes(5));
        record("bland-1", Optional.empty(),
                new CallOutcome(CallStatus.NO_ANSWER, 0, "", "", Optional.empty(), Optional.of(ended)));
        assertThat(world.stored(call.id()).snapshot().completedAt()).contains(ended);
        assertThat(world.stored(call.id()).snapshot().costMicros()).isEqualTo(15_000);
    }

    /** Two copies of a webhook at the same moment: the repository's conditional write decides. */
    @Test
    void aConcurrentCopyThatWinsMakesThisOneADuplicate() {
        CallRecord call = world.placeQueued("bland-1", Optional.empty());
        Report copy = World.report("bland-1", Optional.of(call.id()), World.completed(60, "user: hi", "ok"));
        RecordCallOutcomeService other = world.outcomes();
        CallRepository racing = new DelegatingCallRepository(world.calls) {
            @Override
            public boolean recordCompletion(CallRecord completed, List<Delivery> deliveries) {
                assertThat(other.record(copy)).isInstanceOf(Result.Recorded.class);
                return super.recordCompletion(completed, deliveries);
            }
        };

        Result result = new RecordCallOutcomeService(racing, world.users, world.machines, world.clock, world.ids, world.wakeup).record(copy);

        assertThat(result).isEqualTo(new Result.Duplicate(call.id()));
        assertThat(world.deliveries.findByCall(call.id())).hasSize(2);
        assertThat(world.wakeup.count()).isEqualTo(1);
    }

    @Test
    void eachRecordedCallWakesTheWorkerOnce() {
        CallRecord a = world.placeQueued("bland-a", Optional.empty());
        CallRecord b = world.placeQueued("bland-b", Optional.empty());
        record("bland-a", Optional.of(a.id()), World.completed(5, "", ""));
        record("bland-b", Optional.of(b.id()), World.completed(5, "", ""));
        record("bland-b", Optional.of(b.id()), World.completed(5, "", ""));
        assertThat(world.wakeup.count()).isEqualTo(2);
    }

    @Test
    void anAsynchronousRecordCompletesAndWakesTheWorkerOnlyOnceTheOutcomeIsDurable() throws Exception {
        CallRecord call = world.placeQueued("bland-1", Optional.empty());
        HeldCompletions held = new HeldCompletions(world.calls);

        CompletableFuture<Result> recorded = outcomesOver(held).recordAsync(endOf(call)).toCompletableFuture();

        assertThat(recorded).isNotDone();
        assertThat(world.wakeup.count()).as("nothing to deliver before the commit").isZero();
        held.commit.complete(true);
        Result result = recorded.get(10, TimeUnit.SECONDS);
        assertThat(result).isInstanceOf(Result.Recorded.class);
        assertThat(((Result.Recorded) result).call().status()).isEqualTo(CallStatus.COMPLETED);
        assertThat(world.wakeup.count()).isEqualTo(1);
    }

    @Test
    void anAsynchronousRecordThatLosesTheRaceIsADuplicateAndWakesNobody() throws Exception {
        CallRecord call = world.placeQueued("bland-1", Optional.empty());
        HeldCompletions held = new HeldCompletions(world.calls);

        CompletableFuture<Result> recorded = outcomesOver(held).recordAsync(endOf(call)).toCompletableFuture();
        held.commit.complete(false);

        assertThat(recorded.get(10, TimeUnit.SECONDS)).isEqualTo(new Result.Duplicate(call.id()));
        assertThat(world.wakeup.count()).isZero();
    }

    @Test
    void aFailedCommitFailsTheStageAndTheSynchronousRecordThrowsItsCause() {
        CallRecord call = world.placeQueued("bland-1", Optional.empty());
        IllegalStateException diskFull = new IllegalStateException("disk full");
        CallRepository failing = new DelegatingCallRepository(world.calls) {
            @Override
            public CompletionStage<Boolean> recordCompletionAsync(CallRecord completed, List<Delivery> deliveries) {
                return CompletableFuture.failedFuture(diskFull);
            }
        };
        RecordCallOutcomeService outcomes = outcomesOver(failing);
        Report report = endOf(call);

        assertThat(outcomes.recordAsync(report).toCompletableFuture()).isCompletedExceptionally();
        assertThatThrownBy(() -> outcomes.record(report)).isSameAs(diskFull);
        assertThat(world.stored(call.id()).status()).isEqualTo(CallStatus.INITIATED);
        assertThat(world.wakeup.count()).isZero();
    }

    private RecordCallOutcomeService outcomesOver(CallRepository calls) {
        return new RecordCallOutcomeService(calls, world.users, world.machines, world.clock, world.ids, world.wakeup);
    }

    private static Report endOf(CallRecord call) {
        return World.report("bland-1", Optional.of(call.id()), World.completed(60, "user: hi", "ok"));
    }

    /** Writes nothing: its completion "commits" with the value the test gives {@link #commit}. */
    private static final class HeldCompletions extends DelegatingCallRepository {
        final CompletableFuture<Boolean> commit = new CompletableFuture<>();

        HeldCompletions(CallRepository delegate) {
            super(delegate);
        }

        @Override
        public CompletionStage<Boolean> recordCompletionAsync(CallRecord completed, List<Delivery> deliveries) {
            return commit;
        }
    }
}
