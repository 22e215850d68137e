package dev.ringback.application.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ringback.application.port.in.RecordCallOutcomeUseCase.Result;
import dev.ringback.application.port.out.AgentNotifier;
import dev.ringback.domain.account.Machine;
import dev.ringback.domain.call.CallOutcome;
import dev.ringback.domain.call.CallRecord;
import dev.ringback.domain.call.CallStatus;
import dev.ringback.domain.call.UnknownOutcome;
import dev.ringback.domain.delivery.AttemptResult;
import dev.ringback.domain.delivery.DeliveryState;
import dev.ringback.domain.notify.AgentNotification;
import dev.ringback.domain.notify.NotificationPolicy;
import dev.ringback.domain.notify.TranscriptFile;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

/**
 * A late real outcome corrects a call ended as "outcome unknown": whatever told the unknown
 * outcome and did not reach the agent before the correction never reaches it after, neither as
 * a retry nor as a dead letter its machine's return brings back, and the transcript file the
 * agent is left with is the corrected one.
 */
class UnknownOutcomeNeverToldAfterItsCorrectionTest {
    private static final CallOutcome REAL = new CallOutcome(CallStatus.COMPLETED, 150, "user: Hello?\nassistant: Hi",
            "They confirmed", Optional.empty(), Optional.empty());

    final World world = new World();

    /** A call the sweep ended as "outcome unknown", two hours on, with what that owes stored. */
    private CallRecord endedUnknown() {
        CallRecord call = world.placeQueued("bland-1", Optional.of("research"));
        world.clock.advance(Duration.ofHours(2));
        CallRecord unknown = call.endWithoutOutcome(UnknownOutcome.LOST_SUMMARY, world.clock.now()).call();
        assertThat(world.calls.recordCompletion(unknown, OwedDeliveries.of(unknown, world.ids, world.clock.now()))).isTrue();
        return unknown;
    }

    /** Bland's real outcome, arriving late (its retries, or an operator's resend). */
    private Result lateRealOutcome(CallRecord unknown) {
        return world.outcomes().record(World.report("bland-1", Optional.of(unknown.id()), REAL));
    }

    @Test
    void aDeadOutcomeUnknownNotificationIsNotRevivedAfterItsCorrection() {
        // The machine is away, so the unknown outcome's two deliveries die.
        CallRecord unknown = endedUnknown();
        AttemptResult noAnswer = new AttemptResult.Retryable("no answer", Optional.empty());
        for (int i = 0; i < World.RETRY.maxAttempts(); i++) {
            world.notifier.thenAnswer(noAnswer);
            world.archive.thenAnswer(noAnswer);
        }
        for (int round = 0; round < World.RETRY.maxAttempts(); round++) {
            world.delivery().deliverDue(10);
            world.clock.advance(World.RETRY.maxDelay());
        }
        assertThat(world.deliveries.findByCall(unknown.id()))
                .allSatisfy(d -> assertThat(d.deliveryState()).isEqualTo(DeliveryState.DEAD));

        // The real outcome arrives while the machine is still away.
        assertThat(lateRealOutcome(unknown)).isInstanceOf(Result.Recorded.class);
        int sentBefore = world.notifier.notifications().size();
        int storedBefore = world.archive.files().size();

        // The machine comes back: the correction is delivered, and with it the machine's dead letters revive.
        world.clock.advance(Duration.ofMinutes(1));
        world.delivery().deliverRun(32, () -> true);

        List<AgentNotification> after = world.notifier.notifications().subList(sentBefore, world.notifier.notifications().size());
        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(after).extracting(AgentNotification::idempotencyKey)
                .as("the correction reaches the agent, and the outcome it replaces is not told after it")
                .containsExactly(NotificationPolicy.correctionKeyFor(unknown.id()));
        List<TranscriptFile> files = world.archive.files().subList(storedBefore, world.archive.files().size());
        soft.assertThat(files.get(files.size() - 1).markdown()).as("the corrected transcript file is the last written")
                .contains("They confirmed");
        soft.assertAll();
    }

    /**
     * Without any dead letter: the "outcome unknown" notification is being sent when the real
     * outcome is recorded, and that attempt fails (a 503, a timeout). No retry of it may follow
     * the correction.
     */
    @Test
    void anOutcomeUnknownNotificationInFlightWhenCorrectedIsNotRetriedAfterTheCorrection() {
        CallRecord unknown = endedUnknown();
        List<String> sentKeys = new ArrayList<>();
        boolean[] corrected = new boolean[1];
        AgentNotifier notifier = (Machine machine, AgentNotification n) -> {
            sentKeys.add(n.idempotencyKey());
            if (!corrected[0]) {
                // While this attempt is on the wire, Bland's late webhook is recorded.
                corrected[0] = true;
                assertThat(lateRealOutcome(unknown)).isInstanceOf(Result.Recorded.class);
                return new AttemptResult.Retryable("503", Optional.empty());
            }
            return new AttemptResult.Delivered("200");
        };
        DeliverDueService service = new DeliverDueService(world.deliveries, world.machines, notifier, world.archive,
                World.RETRY, world.clock, world.random, DeliverDueService.LEASE, world.unanswered, world.revival,
                world.revived);

        service.deliverRun(32, () -> true);          // the unknown notification: 503, the correction recorded meanwhile
        service.deliverRun(32, () -> true);          // the correction, due now
        world.clock.advance(Duration.ofMinutes(10)); // the unknown notification's retry falls due
        service.deliverRun(32, () -> true);

        assertThat(sentKeys).as("nothing tells the unknown outcome after the correction")
                .endsWith(NotificationPolicy.correctionKeyFor(unknown.id()));
    }
}
