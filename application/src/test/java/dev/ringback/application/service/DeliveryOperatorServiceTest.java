package dev.ringback.application.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ringback.application.port.in.ReplayDeliveriesUseCase.Outcome;
import dev.ringback.application.port.in.ListDeliveriesUseCase;
import dev.ringback.domain.account.MachineId;
import dev.ringback.domain.call.CallRecord;
import dev.ringback.domain.delivery.AttemptResult;
import dev.ringback.domain.delivery.Delivery;
import dev.ringback.domain.delivery.DeliveryId;
import dev.ringback.domain.delivery.DeliveryKind;
import dev.ringback.domain.delivery.DeliverySnapshot;
import dev.ringback.domain.delivery.DeliveryState;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class DeliveryOperatorServiceTest {
    private final World world = newWorld();

    /** These tests are about the operator's commands: their dead letters never come back by themselves. */
    private static World newWorld() {
        World world = new World();
        world.revival = World.NO_REVIVAL;
        return world;
    }
    private final DeliveryOperatorService operator = new DeliveryOperatorService(world.deliveries, world.wakeup, world.clock);

    private CallRecord completedCall() {
        return world.completedCall("user: hi");
    }

    /** A call whose notification died after every attempt the policy allows (the transcript got through). */
    private Delivery deadNotification() {
        AttemptResult busy = new AttemptResult.Retryable("HTTP 503", Optional.empty());
        for (int i = 0; i < World.RETRY.maxAttempts(); i++) {
            world.notifier.thenAnswer(busy);
        }
        CallRecord call = completedCall();
        for (int round = 0; round < World.RETRY.maxAttempts(); round++) {
            world.delivery().deliverDue(10);
            world.clock.advance(World.RETRY.maxDelay());
        }
        Delivery dead = world.deliveries.findByCall(call.id()).stream()
                .filter(d -> d.kind() == DeliveryKind.NOTIFICATION).findFirst().orElseThrow();
        assertThat(dead.deliveryState()).isEqualTo(DeliveryState.DEAD);
        return dead;
    }

    /** A notification the gateway refused (its settings wrong): {@code failed}, held back for a replay. */
    private Delivery refusedNotification() {
        CallRecord call = completedCall();
        world.notifier.thenAnswer(new AttemptResult.Refused("401 Unauthorized"));
        world.delivery().deliverDue(10);
        Delivery failed = world.deliveries.findByCall(call.id()).stream()
                .filter(d -> d.kind() == DeliveryKind.NOTIFICATION).findFirst().orElseThrow();
        assertThat(failed.deliveryState()).isEqualTo(DeliveryState.FAILED);
        return failed;
    }

    @Test
    void aSummaryCountsTheOutboxAndNamesTheOldestOwedAndWhoIsWaiting() {
        Delivery dead = deadNotification();
        world.notifier.thenAnswer(new AttemptResult.Retryable("no answer", Optional.empty()));
        CallRecord waiting = completedCall();
        world.delivery().deliverRun(32, () -> true);
        world.clock.advance(Duration.ofSeconds(1));
        CallRecord due = completedCall();

        ListDeliveriesUseCase.Summary summary = operator.summary();

        assertThat(summary.at()).isEqualTo(world.clock.now());
        assertThat(summary.count(DeliveryState.DEAD)).isEqualTo(1);
        assertThat(summary.count(DeliveryState.DELIVERED)).isEqualTo(1);
        assertThat(summary.count(DeliveryState.FAILED)).isZero();
        assertThat(summary.count(DeliveryState.PENDING)).isEqualTo(4);
        assertThat(summary.dueNow()).as("the transcript handed back, and the newest call's two").isEqualTo(3);
        assertThat(summary.waitingForRetry()).isEqualTo(1);
        assertThat(summary.beingSent()).isZero();
        assertThat(summary.oldestOwed()).hasValueSatisfying(oldest -> assertThat(oldest.callId()).isEqualTo(waiting.id()));
        assertThat(summary.oldestOwedAge()).contains(Duration.ofSeconds(1));
        assertThat(summary.mostWaiting()).containsExactly(java.util.Map.entry(world.machine, 1L));
        assertThat(dead.callId()).isNotIn(waiting.id(), due.id());
    }

    @Test
    void listsByStateOldestFirstWithinTheLimit() {
        Delivery dead = deadNotification();
        completedCall();

        assertThat(operator.list(Optional.of(DeliveryState.DEAD), 10)).extracting(DeliverySnapshot::id)
                .containsExactly(dead.id());
        assertThat(operator.list(Optional.of(DeliveryState.PENDING), 10)).hasSize(2);
        assertThat(operator.list(Optional.empty(), 10)).hasSize(4);
        assertThat(operator.list(Optional.empty(), 3)).hasSize(3)
                .isSortedAccordingTo((a, b) -> a.createdAt().compareTo(b.createdAt()));
        assertThat(operator.list(Optional.empty(), 0)).isEmpty();
    }

    @Test
    void showsOneWithItsReasonKept() {
        Delivery dead = deadNotification();

        assertThat(operator.show(dead.id())).hasValueSatisfying(shown -> {
            assertThat(shown.lastError()).contains("HTTP 503");
            assertThat(shown.attempts()).isEqualTo(World.RETRY.maxAttempts());
        });
        assertThat(operator.show(new DeliveryId("nope"))).isEmpty();
    }

    @Test
    void replayingSendsTheSameBodyWithTheSameIdempotencyKey() {
        Delivery dead = deadNotification();
        String key = world.notifier.notifications().get(0).idempotencyKey();
        int wakeupsBefore = world.wakeup.count();

        assertThat(operator.replay(dead.id())).isEqualTo(new Outcome.Replayed(dead.id()));
        assertThat(world.wakeup.count()).isGreaterThan(wakeupsBefore);
        assertThat(world.delivery().deliverDue(10)).isEqualTo(1);

        assertThat(world.notifier.notifications()).hasSize(World.RETRY.maxAttempts() + 1)
                .allSatisfy(n -> assertThat(n.idempotencyKey()).isEqualTo(key))
                .extracting(n -> n.message()).containsOnly(dead.snapshot().body());
        assertThat(world.deliveries.findById(dead.id()).orElseThrow().deliveryState()).isEqualTo(DeliveryState.DELIVERED);
    }

    @Test
    void onlyDeadOrFailedDeliveriesAreReplayed() {
        CallRecord call = completedCall();
        Delivery pending = world.deliveries.findByCall(call.id()).get(0);

        assertThat(operator.replay(pending.id())).isEqualTo(new Outcome.NotReplayable(pending.id(), DeliveryState.PENDING));
        world.delivery().deliverDue(10);
        assertThat(operator.replay(pending.id())).isEqualTo(new Outcome.NotReplayable(pending.id(), DeliveryState.DELIVERED));
        assertThat(operator.replay(new DeliveryId("nope"))).isEqualTo(new Outcome.NotFound(new DeliveryId("nope")));
        assertThat(operator.replayAllDead()).isZero();
    }

    @Test
    void replayAllDeadTakesEveryDeadLetterAndNothingElse() {
        Delivery first = deadNotification();
        Delivery second = deadNotification();

        assertThat(operator.replayAllDead()).isEqualTo(2);

        assertThat(world.deliveries.findByState(DeliveryState.DEAD, 10)).isEmpty();
        assertThat(world.deliveries.findByState(DeliveryState.PENDING, 10)).extracting(Delivery::id)
                .containsExactlyInAnyOrder(first.id(), second.id());
    }

    /** The same delivery as another machine's. */
    private static Delivery ofMachine(Delivery delivery, MachineId machine) {
        DeliverySnapshot s = delivery.snapshot();
        return Delivery.restore(new DeliverySnapshot(new DeliveryId("other-" + s.id().value()), s.callId(), machine,
                s.kind(), s.target(), s.body(), s.idempotencyKey(), s.state(), s.attempts(), s.nextAttemptAt(),
                s.lastError(), s.createdAt(), s.finishedAt()));
    }

    @Test
    void replayHeldBackTakesTheMachinesFailedAndDeadDeliveriesAndNothingElse() {
        Delivery dead = deadNotification();
        Delivery failed = refusedNotification();
        CallRecord waiting = completedCall();
        Delivery othersFailed = ofMachine(failed, new MachineId("machine-2"));
        world.deliveries.save(othersFailed);
        int wakeupsBefore = world.wakeup.count();

        assertThat(operator.replayHeldBack(world.machine)).isEqualTo(2);

        assertThat(world.wakeup.count()).isGreaterThan(wakeupsBefore);
        assertThat(world.deliveries.findById(othersFailed.id()).orElseThrow().deliveryState()).isEqualTo(DeliveryState.FAILED);
        assertThat(world.deliveries.findByMachineAndState(world.machine, DeliveryState.PENDING, 10)).extracting(Delivery::id)
                .containsExactlyInAnyOrderElementsOf(Stream.concat(
                        Stream.of(dead.id(), failed.id()),
                        world.deliveries.findByCall(waiting.id()).stream().map(Delivery::id)).toList());
        // The machine answers this time.
        world.delivery().deliverDue(10);
        assertThat(world.deliveries.findById(failed.id()).orElseThrow().deliveryState()).isEqualTo(DeliveryState.DELIVERED);
        assertThat(world.deliveries.findById(dead.id()).orElseThrow().deliveryState()).isEqualTo(DeliveryState.DELIVERED);
        assertThat(operator.replayHeldBack(world.machine)).isZero();
    }

    /**
     * The server sends a replayed delivery within a second, and a machine whose settings are still
     * wrong refuses it again at once: a held-back delivery is then {@code failed} anew while the
     * command is still replaying. The command replays what was held back when it ran, once each;
     * it must not find its own replays failed again and go round for ever.
     */
    @Test
    void aReplayRefusedAgainWhileTheCommandRunsIsNotReplayedAgain() {
        Delivery failed = refusedNotification();
        Map<DeliveryId, Integer> replays = new HashMap<>();
        DelegatingDeliveryRepository refusingServer = new DelegatingDeliveryRepository(world.deliveries) {
            @Override
            public boolean saveReplay(Delivery delivery) {
                if (!super.saveReplay(delivery)) {
                    return false;
                }
                int times = replays.merge(delivery.id(), 1, Integer::sum);
                if (times > 5) {
                    throw new AssertionError("delivery " + delivery.id() + " replayed " + times + " times");
                }
                // The running server's attempt, refused as before.
                super.save(delivery.afterAttempt(new AttemptResult.Refused("401 Unauthorized"), world.clock.now(),
                        World.RETRY, 0.5));
                return true;
            }
        };
        DeliveryOperatorService command = new DeliveryOperatorService(refusingServer, world.wakeup, world.clock);

        assertThat(command.replayHeldBack(world.machine)).isEqualTo(1);

        assertThat(replays).containsExactly(Map.entry(failed.id(), 1));
        assertThat(world.deliveries.findById(failed.id()).orElseThrow().deliveryState()).isEqualTo(DeliveryState.FAILED);
    }

    /**
     * A replay reads the delivery, then writes it back as pending. Another replay of it (a second
     * operator, or {@code replay --machine} beside the one {@code add-machine} runs) may get in
     * between and the server deliver it: the first must not then put the delivered delivery back
     * to pending, which sends the call's result into the conversation again.
     */
    @Test
    void aDeliveryReplayedAndDeliveredMeanwhileIsNotReplayedAgain() {
        Delivery dead = deadNotification();
        DeliveryOperatorService otherOperator = new DeliveryOperatorService(world.deliveries, world.wakeup, world.clock);
        boolean[] overtaken = {false};
        DelegatingDeliveryRepository racing = new DelegatingDeliveryRepository(world.deliveries) {
            @Override
            public Optional<Delivery> findById(DeliveryId id) {
                Optional<Delivery> read = super.findById(id);
                if (!overtaken[0]) {
                    overtaken[0] = true;
                    assertThat(otherOperator.replay(id)).isEqualTo(new Outcome.Replayed(id));
                    assertThat(world.delivery().deliverDue(10)).isEqualTo(1);
                }
                return read;
            }
        };
        DeliveryOperatorService operator = new DeliveryOperatorService(racing, world.wakeup, world.clock);
        int sent = world.notifier.notifications().size();

        assertThat(operator.replay(dead.id())).isEqualTo(new Outcome.NotReplayable(dead.id(), DeliveryState.DELIVERED));

        assertThat(world.deliveries.findById(dead.id()).orElseThrow().deliveryState()).isEqualTo(DeliveryState.DELIVERED);
        assertThat(world.delivery().deliverDue(10)).isZero();
        assertThat(world.notifier.notifications()).as("the other operator's replay, once").hasSize(sent + 1);
    }
}
