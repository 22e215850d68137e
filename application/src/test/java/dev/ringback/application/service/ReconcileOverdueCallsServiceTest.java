package dev.ringback.application.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ringback.application.port.in.PlaceCallUseCase;
import dev.ringback.application.port.in.RecordCallOutcomeUseCase.Result;
import dev.ringback.application.port.in.ReconcileOverdueCallsUseCase.Summary;
import dev.ringback.application.port.out.CallStatusLookup.Answer;
import dev.ringback.domain.call.CallCostPolicy;
import dev.ringback.domain.call.CallOutcome;
import dev.ringback.domain.call.CallRecord;
import dev.ringback.domain.call.CallStatus;
import dev.ringback.domain.call.ProviderCallId;
import dev.ringback.domain.delivery.Delivery;
import dev.ringback.domain.delivery.DeliveryKind;
import dev.ringback.domain.notify.AgentNotification;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ReconcileOverdueCallsServiceTest {
    /** Calls in these tests are granted five minutes ({@link World#command}). */
    private static final Duration MAX = Duration.ofMinutes(5);
    private static final ReconcilePolicy POLICY =
            new ReconcilePolicy(Duration.ofMinutes(10), Duration.ofHours(1), Duration.ofHours(24), 200);

    private final World world = new World();
    private final ReconcileOverdueCallsService reconciler = world.reconciler(POLICY);
    private final Instant placedAt = world.clock.now();

    private CallRecord placedWithLostAnswer() {
        world.telephony.thenLoseTheAnswer("timed out");
        PlaceCallUseCase.Result result = world.placeCalls().place(world.command(Optional.of("research")));
        return ((PlaceCallUseCase.Result.ProviderUncertain) result).call();
    }

    private static CallOutcome ended(String summary) {
        return new CallOutcome(CallStatus.COMPLETED, 95, "user: Hello?\nassistant: Hi", summary, Optional.empty(),
                Optional.of(Instant.parse("2025-01-15T10:03:00Z")));
    }

    private AgentNotification notificationOf(CallRecord call) {
        return world.deliveries.findByCall(call.id()).stream().filter(d -> d.kind() == DeliveryKind.NOTIFICATION)
                .findFirst().orElseThrow().asNotification();
    }

    @Test
    void aCallWithinItsMaximumAndGraceIsNotLookedAt() {
        world.placeQueued("bland-1", Optional.empty());
        world.clock.set(placedAt.plus(MAX).plus(POLICY.grace()).minusNanos(1));

        assertThat(reconciler.reconcile()).isEqualTo(Summary.NONE);
        assertThat(world.lookup.asked()).isEmpty();
    }

    @Test
    void anEndedCallIsRecordedLikeTheWebhookAndNotifiedInItsSession() {
        CallRecord call = world.placeQueued("bland-1", Optional.of("research"));
        world.lookup.answer("bland-1", new Answer.Ended(ended("They confirmed")));
        world.clock.set(placedAt.plus(MAX).plus(POLICY.grace()));

        Summary summary = reconciler.reconcile();

        assertThat(summary).isEqualTo(new Summary(1, 1, 0, 0, 0, 0, 0));
        assertThat(world.lookup.asked()).containsExactly(new ProviderCallId("bland-1"));
        CallRecord stored = world.stored(call.id());
        assertThat(stored.status()).isEqualTo(CallStatus.COMPLETED);
        assertThat(stored.snapshot().durationSeconds()).isEqualTo(95);
        assertThat(stored.snapshot().summary()).isEqualTo("They confirmed");
        assertThat(world.deliveries.findByCall(call.id())).extracting(Delivery::kind)
                .containsExactlyInAnyOrder(DeliveryKind.NOTIFICATION, DeliveryKind.TRANSCRIPT);
        assertThat(notificationOf(call).sessionKey().value()).isEqualTo("agent:main:research");
        assertThat(world.wakeup.count()).isEqualTo(1);
        assertThat(world.telephony.placed()).hasSize(1);
        // Settled: the next sweep finds nothing to do.
        assertThat(reconciler.reconcile()).isEqualTo(Summary.NONE);
    }

    /**
     * The sweep settles calls whose webhook this database never saw; restored from a backup, it may
     * have missed one that came, and was told, after the backup. What the sweep's outcomes owe is
     * sent as resends (the conversation looked at first); a webhook's is not.
     */
    @Test
    void whatTheSweepSettlesIsSentAsResendsAndWhatAWebhookSettlesIsNot() {
        CallRecord byWebhook = world.placeQueued("bland-hook", Optional.of("research"));
        CallRecord bySweep = world.placeQueued("bland-1", Optional.of("research"));
        CallRecord unknown = placedWithLostAnswer();
        world.outcomes().record(World.report("bland-hook", Optional.of(byWebhook.id()), ended("By the webhook")));
        world.lookup.answer("bland-1", new Answer.Ended(ended("They confirmed")));
        world.clock.set(placedAt.plus(MAX).plus(POLICY.unknownOutcomeGrace()));

        assertThat(reconciler.reconcile()).isEqualTo(new Summary(2, 1, 0, 0, 1, 0, 0));

        List<Delivery> claimed = world.deliveries.claimDue(world.clock.now(), Duration.ofMinutes(2), 10);
        assertThat(claimed).hasSize(6);
        assertThat(claimed).filteredOn(Delivery::mayHaveReachedMachine).extracting(Delivery::callId)
                .containsExactlyInAnyOrder(bySweep.id(), bySweep.id(), unknown.id(), unknown.id());
    }

    /** Sweeps go oldest first: without a guard one such call stopped every later sweep short. */
    @Test
    void aCallThatFailsDoesNotStopTheSweep() {
        CallRecord broken = world.placeQueued("bland-1", Optional.empty());
        world.clock.set(placedAt.plusSeconds(1));
        CallRecord fine = world.placeQueued("bland-2", Optional.empty());
        world.lookup.answer("bland-1", new Answer.Ended(ended("never stored")))
                .answer("bland-2", new Answer.Ended(ended("They confirmed")))
                .beforeAnswering(id -> {
                    if (id.value().equals("bland-1")) {
                        throw new IllegalStateException("SQLITE_BUSY");
                    }
                });
        world.clock.set(placedAt.plus(MAX).plus(POLICY.grace()).plusSeconds(1));

        assertThat(reconciler.reconcile()).isEqualTo(new Summary(2, 1, 0, 0, 0, 0, 0));
        assertThat(world.stored(fine.id()).status()).isEqualTo(CallStatus.COMPLETED);
        assertThat(world.stored(broken.id()).status()).as("tried again next sweep").isEqualTo(CallStatus.INITIATED);

        world.lookup.beforeAnswering(id -> {});
        assertThat(reconciler.reconcile()).isEqualTo(new Summary(1, 1, 0, 0, 0, 0, 0));
        assertThat(world.stored(broken.id()).status()).isEqualTo(CallStatus.COMPLETED);
    }

    /**
     * A sweep looks at a batch of overdue calls, oldest first. Calls that stay overdue (the
     * provider reports them running until the give-up time, a day on) must not take the batch
     * every time: a newer call whose webhook was lost would wait behind them for that day, its
     * result owed to nobody.
     */
    @Test
    void callsThatStayOverdueDoNotHoldTheBatchForNewerOnes() {
        ReconcileOverdueCallsService smallBatches = world.reconciler(
                new ReconcilePolicy(POLICY.grace(), POLICY.unknownOutcomeGrace(), POLICY.giveUp(), 2));
        world.placeQueued("bland-stuck-1", Optional.empty());
        world.clock.set(placedAt.plusSeconds(1));
        world.placeQueued("bland-stuck-2", Optional.empty());
        world.clock.set(placedAt.plusSeconds(2));
        CallRecord lost = world.placeQueued("bland-lost", Optional.of("research"));
        world.lookup.answer("bland-stuck-1", new Answer.NotEnded())
                .answer("bland-stuck-2", new Answer.NotEnded())
                .answer("bland-lost", new Answer.Ended(ended("They confirmed")));
        world.clock.set(placedAt.plus(MAX).plus(POLICY.grace()).plusSeconds(2));

        smallBatches.reconcile();
        world.clock.advance(Duration.ofMinutes(5));
        smallBatches.reconcile();

        assertThat(world.lookup.asked()).contains(new ProviderCallId("bland-lost"));
        assertThat(world.stored(lost.id()).status()).isEqualTo(CallStatus.COMPLETED);
        assertThat(notificationOf(lost).sessionKey().value()).isEqualTo("agent:main:research");
    }

    @Test
    void theWebhookArrivingAfterReconciliationChangesNothing() {
        CallRecord call = world.placeQueued("bland-1", Optional.empty());
        world.lookup.answer("bland-1", new Answer.Ended(ended("They confirmed")));
        world.clock.set(placedAt.plus(MAX).plus(POLICY.grace()));
        reconciler.reconcile();
        CallRecord afterSweep = world.stored(call.id());
        List<Delivery> owed = world.deliveries.findByCall(call.id());

        Result late = world.outcomes().record(World.report("bland-1", Optional.of(call.id()), ended("They confirmed")));

        assertThat(late).isEqualTo(new Result.Duplicate(call.id()));
        assertThat(world.stored(call.id())).isEqualTo(afterSweep);
        assertThat(world.deliveries.findByCall(call.id())).isEqualTo(owed).hasSize(2);
        assertThat(world.wakeup.count()).isEqualTo(1);
    }

    @Test
    void aWebhookThatWinsTheRaceIsTheOnlyRecord() {
        CallRecord call = world.placeQueued("bland-1", Optional.empty());
        world.lookup.answer("bland-1", new Answer.Ended(ended("from the lookup")))
                .beforeAnswering(id -> world.outcomes().record(
                        World.report("bland-1", Optional.of(call.id()), ended("from the webhook"))));
        world.clock.set(placedAt.plus(MAX).plus(POLICY.grace()));

        assertThat(reconciler.reconcile()).isEqualTo(new Summary(1, 0, 1, 0, 0, 0, 0));
        assertThat(world.stored(call.id()).snapshot().summary()).isEqualTo("from the webhook");
        assertThat(world.deliveries.findByCall(call.id())).hasSize(2);
        assertThat(world.wakeup.count()).isEqualTo(1);
    }

    @Test
    void aCallStillRunningIsLeftAndAskedAgainNextSweep() {
        CallRecord call = world.placeQueued("bland-1", Optional.empty());
        world.lookup.answer("bland-1", new Answer.NotEnded());
        world.clock.set(placedAt.plus(Duration.ofHours(3)));

        assertThat(reconciler.reconcile()).isEqualTo(new Summary(1, 0, 0, 1, 0, 0, 0));
        assertThat(reconciler.reconcile()).isEqualTo(new Summary(1, 0, 0, 1, 0, 0, 0));

        assertThat(world.lookup.asked()).hasSize(2);
        assertThat(world.stored(call.id()).status()).isEqualTo(CallStatus.INITIATED);
        assertThat(world.deliveries.findByCall(call.id())).isEmpty();
    }

    @Test
    void aCallTheProviderStillReportsRunningAtTheGiveUpTimeEndsAsUnknownInItsSession() {
        CallRecord call = world.placeQueued("bland-1", Optional.of("research"));
        world.lookup.answer("bland-1", new Answer.NotEnded());
        world.clock.set(placedAt.plus(MAX).plus(POLICY.giveUp()).minusNanos(1));

        assertThat(reconciler.reconcile()).isEqualTo(new Summary(1, 0, 0, 1, 0, 0, 0));
        assertThat(world.stored(call.id()).status()).isEqualTo(CallStatus.INITIATED);

        world.clock.advance(Duration.ofNanos(1));
        assertThat(reconciler.reconcile()).isEqualTo(new Summary(1, 0, 0, 0, 1, 0, 0));

        CallRecord stored = world.stored(call.id());
        assertThat(stored.status()).isEqualTo(CallStatus.FAILED);
        assertThat(stored.snapshot().durationSeconds()).isZero();
        assertThat(stored.snapshot().summary()).isEqualTo(ReconcileOverdueCallsService.STUCK_OUTCOME_SUMMARY);
        AgentNotification note = notificationOf(call);
        assertThat(note.sessionKey().value()).isEqualTo("agent:main:research");
        assertThat(note.message()).contains("still reported this call as in progress");
        assertThat(world.wakeup.count()).isEqualTo(1);
        // Ended: the provider is not asked about it again.
        assertThat(reconciler.reconcile()).isEqualTo(Summary.NONE);
        assertThat(world.lookup.asked()).hasSize(2);
    }

    /**
     * The agent was told the outcome is unknown; the provider's real one, arriving after all,
     * replaces it and is told too, in the call's own conversation, once.
     */
    @Test
    void theProvidersLateEndOfACallGivenUpOnCorrectsItInItsSessionOnce() {
        CallRecord call = world.placeQueued("bland-1", Optional.of("research"));
        world.lookup.answer("bland-1", new Answer.NotEnded());
        world.clock.set(placedAt.plus(MAX).plus(POLICY.giveUp()));
        reconciler.reconcile();
        List<Delivery> toldUnknown = world.deliveries.findByCall(call.id());

        Result late = world.outcomes().record(World.report("bland-1", Optional.of(call.id()), ended("It happened")));
        Result again = world.outcomes().record(World.report("bland-1", Optional.of(call.id()), ended("It happened")));

        assertThat(late).isInstanceOf(Result.Recorded.class);
        assertThat(again).isEqualTo(new Result.Duplicate(call.id()));
        CallRecord stored = world.stored(call.id());
        assertThat(stored.status()).isEqualTo(CallStatus.COMPLETED);
        assertThat(stored.snapshot().summary()).isEqualTo("It happened");
        assertThat(stored.snapshot().durationSeconds()).isEqualTo(95);
        List<Delivery> corrections = world.deliveries.findByCall(call.id()).stream()
                .filter(d -> !toldUnknown.contains(d)).collect(Collectors.toList());
        assertThat(corrections).hasSize(2);
        assertThat(world.deliveries.findByCall(call.id())).as("the unknown outcome's, never sent, withdrawn")
                .containsExactlyInAnyOrderElementsOf(corrections);
        AgentNotification note = corrections.stream().filter(d -> d.kind() == DeliveryKind.NOTIFICATION).findFirst()
                .orElseThrow().asNotification();
        assertThat(note.sessionKey().value()).isEqualTo("agent:main:research");
        assertThat(note.message()).contains("Outcome unknown").contains("It happened");
        assertThat(world.wakeup.count()).isEqualTo(2);
        // Ended: the provider is not asked about it again.
        assertThat(reconciler.reconcile()).isEqualTo(Summary.NONE);
    }

    @Test
    void aLateWebhookForACallEndedAsUnknownCorrectsItAndGivesItItsProviderId() {
        CallRecord call = placedWithLostAnswer();
        world.clock.set(placedAt.plus(MAX).plus(POLICY.unknownOutcomeGrace()));
        reconciler.reconcile();

        Result late = world.outcomes().record(World.report("bland-late", Optional.of(call.id()), ended("It happened")));

        assertThat(late).isInstanceOf(Result.Recorded.class);
        CallRecord stored = world.stored(call.id());
        assertThat(stored.status()).isEqualTo(CallStatus.COMPLETED);
        assertThat(stored.providerCallId()).contains(new ProviderCallId("bland-late"));
        assertThat(stored.snapshot().costMicros()).as("the real call's price replaces the attempt's")
                .isEqualTo(CallCostPolicy.costMicros(CallStatus.COMPLETED, 95));
        // Only the correction's: what told the unknown outcome had not been sent, and is withdrawn.
        assertThat(world.deliveries.findByCall(call.id())).hasSize(2);
        // A repeat that names the provider's id alone finds the call by it, and changes nothing.
        assertThat(world.outcomes().record(World.report("bland-late", Optional.empty(), ended("It happened"))))
                .isEqualTo(new Result.Duplicate(call.id()));
        assertThat(world.deliveries.findByCall(call.id())).hasSize(2);
    }

    /**
     * A sweep (the operator's command, say) that read the call while in flight and hears the
     * provider's end after another sweep ended it as unknown: the same use case, the same rule.
     */
    @Test
    void aSweepThatLearnsTheOutcomeOfACallAnotherSweepEndedAsUnknownCorrectsIt() {
        CallRecord call = world.placeQueued("bland-1", Optional.of("research"));
        world.lookup.answer("bland-1", new Answer.Ended(ended("They confirmed")))
                .beforeAnswering(id -> {
                    CallRecord unknown = world.stored(call.id())
                            .endWithoutOutcome(ReconcileOverdueCallsService.STUCK_OUTCOME_SUMMARY, world.clock.now()).call();
                    assertThat(world.calls.recordCompletion(unknown, OwedDeliveries.of(unknown, world.ids, world.clock.now())))
                            .isTrue();
                });
        world.clock.set(placedAt.plus(MAX).plus(POLICY.grace()));

        assertThat(reconciler.reconcile()).isEqualTo(new Summary(1, 1, 0, 0, 0, 0, 0));

        assertThat(world.stored(call.id()).snapshot().summary()).isEqualTo("They confirmed");
        assertThat(world.deliveries.findByCall(call.id())).hasSize(2);
        assertThat(world.deliveries.findByCall(call.id())).filteredOn(d -> d.kind() == DeliveryKind.NOTIFICATION)
                .extracting(d -> d.snapshot().idempotencyKey())
                .containsExactly("ringback-call-" + call.id().value() + "-corrected");
    }

    @Test
    void anUnavailableProviderChangesNothingEvenLongAfter() {
        CallRecord call = world.placeQueued("bland-1", Optional.empty());
        world.lookup.answer("bland-1", new Answer.Unavailable("HTTP 503"));
        world.clock.set(placedAt.plus(MAX).plus(POLICY.giveUp()).plus(Duration.ofDays(1)));

        assertThat(reconciler.reconcile()).isEqualTo(new Summary(1, 0, 0, 0, 0, 0, 1));
        assertThat(world.stored(call.id()).status()).isEqualTo(CallStatus.INITIATED);
        assertThat(world.deliveries.findByCall(call.id())).isEmpty();
        assertThat(world.wakeup.count()).isZero();
    }

    @Test
    void aCallTheProviderDoesNotKnowWaitsForTheLongerGraceThenEndsAsUnknown() {
        CallRecord call = world.placeQueued("bland-1", Optional.empty());
        world.clock.set(placedAt.plus(MAX).plus(POLICY.unknownOutcomeGrace()).minusNanos(1));

        assertThat(reconciler.reconcile()).isEqualTo(new Summary(1, 0, 0, 0, 0, 1, 0));
        assertThat(world.stored(call.id()).status()).isEqualTo(CallStatus.INITIATED);

        world.clock.advance(Duration.ofNanos(1));
        assertThat(reconciler.reconcile()).isEqualTo(new Summary(1, 0, 0, 0, 1, 0, 0));
        assertThat(world.stored(call.id()).status()).isEqualTo(CallStatus.FAILED);
        assertThat(world.stored(call.id()).snapshot().summary()).isEqualTo(ReconcileOverdueCallsService.UNKNOWN_OUTCOME_SUMMARY);
        assertThat(world.stored(call.id()).snapshot().costMicros()).as("never queued, never charged").isZero();
    }

    @Test
    void aCallWithoutProviderIdIsNeverLookedUpAndEndsAsUnknownAfterTheLongerGrace() {
        CallRecord call = placedWithLostAnswer();
        assertThat(call.providerCallId()).isEmpty();
        world.clock.set(placedAt.plus(MAX).plus(POLICY.grace()));

        assertThat(reconciler.reconcile()).isEqualTo(new Summary(1, 0, 0, 0, 0, 1, 0));
        assertThat(world.deliveries.findByCall(call.id())).isEmpty();

        world.clock.set(placedAt.plus(MAX).plus(POLICY.unknownOutcomeGrace()));
        assertThat(reconciler.reconcile()).isEqualTo(new Summary(1, 0, 0, 0, 1, 0, 0));

        assertThat(world.lookup.asked()).isEmpty();
        CallRecord stored = world.stored(call.id());
        assertThat(stored.status()).isEqualTo(CallStatus.FAILED);
        assertThat(stored.snapshot().durationSeconds()).isZero();
        // Priced like any failed attempt: Bland charges one whether or not anyone answered.
        assertThat(stored.snapshot().costMicros()).isEqualTo(CallCostPolicy.MICROS_PER_ATTEMPT);
        assertThat(stored.snapshot().summary()).isEqualTo(ReconcileOverdueCallsService.UNKNOWN_OUTCOME_SUMMARY);
        AgentNotification note = notificationOf(call);
        assertThat(note.sessionKey().value()).isEqualTo("agent:main:research");
        assertThat(note.message()).contains("Outcome unknown");
        assertThat(world.deliveries.findByCall(call.id())).hasSize(2);
        assertThat(world.wakeup.count()).isEqualTo(1);
        assertThat(world.telephony.placed()).hasSize(1);
    }

    @Test
    void aWebhookBeforeTheLongerGraceSettlesACallWithoutProviderIdAndTheSweepLeavesIt() {
        CallRecord call = placedWithLostAnswer();
        world.clock.set(placedAt.plus(MAX).plus(POLICY.grace()));
        world.outcomes().record(World.report("bland-9", Optional.of(call.id()), ended("They confirmed")));
        world.clock.set(placedAt.plus(Duration.ofDays(1)));

        assertThat(reconciler.reconcile()).isEqualTo(Summary.NONE);
        assertThat(world.stored(call.id()).snapshot().summary()).isEqualTo("They confirmed");
        assertThat(world.stored(call.id()).providerCallId()).contains(new ProviderCallId("bland-9"));
    }

    @Test
    void oneSweepLooksAtNoMoreThanItsBatch() {
        world.placeQueued("bland-1", Optional.empty());
        world.clock.advance(Duration.ofSeconds(20)); // Bland refuses a second call to the same number within 10 s
        world.placeQueued("bland-2", Optional.empty());
        world.lookup.answer("bland-1", new Answer.NotEnded()).answer("bland-2", new Answer.NotEnded());
        world.clock.set(placedAt.plus(Duration.ofHours(3)));

        Summary summary = world.reconciler(new ReconcilePolicy(POLICY.grace(), POLICY.unknownOutcomeGrace(), 1)).reconcile();

        assertThat(summary.overdue()).isEqualTo(1);
        assertThat(world.lookup.asked()).containsExactly(new ProviderCallId("bland-1"));
    }
}
