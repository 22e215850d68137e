package dev.ringback.application.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ringback.application.port.in.ReportActiveSessionUseCase;
import dev.ringback.application.port.out.DeliveryRepository;
import dev.ringback.domain.account.MachineId;
import dev.ringback.domain.call.CallRecord;
import dev.ringback.domain.delivery.AttemptResult;
import dev.ringback.domain.delivery.Delivery;
import dev.ringback.domain.delivery.DeliveryKind;
import dev.ringback.domain.delivery.DeliveryState;
import dev.ringback.domain.delivery.RetryPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A machine that did not answer, seen alive again, gets its waiting results now rather than at its next retry. */
class SignsOfLifeServiceTest {
    /** A sleeping machine's schedule: the first retry 20-40 minutes out (30 with this world's jitter). */
    private static final RetryPolicy ASLEEP = new RetryPolicy(Duration.ofMinutes(40), Duration.ofHours(1), 350);
    private static final AttemptResult NO_ANSWER = new AttemptResult.Retryable("no answer: ConnectException", Optional.empty());

    private final World world = new World();
    private final DeliverDueService delivery = world.delivery(ASLEEP);

    /** A call ended while the machine slept: its notification and transcript each failed once and wait 30 minutes. */
    private CallRecord endedWhileAsleep() {
        world.reports().report(new ReportActiveSessionUseCase.Command(world.user, "test-calls"));
        CallRecord call = world.placeQueued("bland-" + world.ids.newId(), Optional.empty());
        world.outcomes().record(World.report(call.providerCallId().orElseThrow().value(), Optional.of(call.id()),
                World.completed(90, "user: hi", "ok")));
        world.notifier.thenAnswer(NO_ANSWER);
        world.archive.thenAnswer(NO_ANSWER);
        assertThat(delivery.deliverRun(32, () -> true)).isEqualTo(1);
        assertThat(delivery.deliverRun(32, () -> true)).isEqualTo(1);
        assertThat(world.deliveries.findByCall(call.id())).allSatisfy(d -> {
            assertThat(d.snapshot().attempts()).isEqualTo(1);
            assertThat(d.snapshot().nextAttemptAt()).isEqualTo(world.clock.now().plus(Duration.ofMinutes(30)));
        });
        return world.stored(call.id());
    }

    private Delivery delivery(CallRecord call, DeliveryKind kind) {
        return world.deliveries.findByCall(call.id()).stream().filter(d -> d.kind() == kind).findFirst().orElseThrow();
    }

    @Test
    void aSignOfLifeMakesTheEarliestRetryDueAndItsAnswerBringsTheRest() {
        CallRecord call = endedWhileAsleep();
        world.clock.advance(Duration.ofMinutes(1));
        int wakeups = world.wakeup.count();

        world.signsOfLife().seen(world.machine);

        assertThat(delivery(call, DeliveryKind.NOTIFICATION).snapshot().nextAttemptAt()).isEqualTo(world.clock.now());
        assertThat(delivery(call, DeliveryKind.TRANSCRIPT).snapshot().nextAttemptAt()).isAfter(world.clock.now());
        assertThat(world.wakeup.count()).isEqualTo(wakeups + 1);
        assertThat(world.wakeup.machines()).endsWith(world.machine);

        assertThat(delivery.deliverRun(32, () -> true)).as("the probe, then the transcript brought forward").isEqualTo(2);
        assertThat(world.deliveries.findByCall(call.id())).allSatisfy(d ->
                assertThat(d.deliveryState()).isEqualTo(DeliveryState.DELIVERED));
        assertThat(world.notifier.notifications()).last().satisfies(sent -> assertThat(sent.resend()).isTrue());
    }

    @Test
    void aMachineIsProbedAtMostOnceInTheInterval() {
        CallRecord call = endedWhileAsleep();
        world.signsOfLife().seen(world.machine);
        world.notifier.thenAnswer(NO_ANSWER);
        assertThat(delivery.deliverRun(32, () -> true)).as("the probe, unanswered").isEqualTo(1);
        Instant retry = delivery(call, DeliveryKind.NOTIFICATION).snapshot().nextAttemptAt();
        int wakeups = world.wakeup.count();

        world.clock.advance(SignsOfLifeService.AT_MOST_EVERY.minusSeconds(1));
        world.signsOfLife().seen(world.machine);
        assertThat(delivery(call, DeliveryKind.NOTIFICATION).snapshot().nextAttemptAt()).isEqualTo(retry);
        assertThat(world.wakeup.count()).isEqualTo(wakeups);

        world.clock.advance(Duration.ofSeconds(1));
        world.signsOfLife().seen(world.machine);
        assertThat(delivery(call, DeliveryKind.TRANSCRIPT).snapshot().nextAttemptAt())
                .as("now the earliest waiting").isEqualTo(world.clock.now());
        assertThat(world.wakeup.count()).isEqualTo(wakeups + 1);
    }

    @Test
    void aRetryDueWithinFiveMinutesIsLeftToCome() {
        CallRecord call = endedWhileAsleep();
        Instant retry = delivery(call, DeliveryKind.NOTIFICATION).snapshot().nextAttemptAt();
        world.clock.set(retry.minus(SignsOfLifeService.ONLY_RETRIES_BEYOND));
        int wakeups = world.wakeup.count();

        world.signsOfLife().seen(world.machine);

        assertThat(delivery(call, DeliveryKind.NOTIFICATION).snapshot().nextAttemptAt()).isEqualTo(retry);
        assertThat(world.wakeup.count()).isEqualTo(wakeups);
    }

    @Test
    void theMachinesLatestAttemptSaysWhetherItIsUnanswered() {
        endedWhileAsleep();
        assertThat(world.unanswered.contains(world.machine)).isTrue();

        world.clock.advance(Duration.ofMinutes(30));
        assertThat(delivery.deliverRun(32, () -> true)).isEqualTo(2);

        assertThat(world.unanswered.contains(world.machine)).isFalse();
    }

    @Test
    void aMachineWithNothingWaitingCostsNoWrite() {
        CallRecord call = endedWhileAsleep();
        world.clock.advance(Duration.ofMinutes(30));
        assertThat(delivery.deliverRun(32, () -> true)).isEqualTo(2);
        int[] writes = {0};
        DeliveryRepository counting = new DelegatingDeliveryRepository(world.deliveries) {
            @Override
            public int bringForward(MachineId machine, Instant now, Instant onlyIfDueAfter, int limit) {
                writes[0]++;
                return super.bringForward(machine, now, onlyIfDueAfter, limit);
            }
        };
        SignsOfLifeService signs = new SignsOfLifeService(world.unanswered, counting, world.wakeup, world.clock);

        signs.seen(world.machine);
        signs.seen(new MachineId("never-seen"));

        assertThat(writes[0]).isZero();
        assertThat(delivery(call, DeliveryKind.NOTIFICATION).deliveryState()).isEqualTo(DeliveryState.DELIVERED);
    }

    @Test
    void aRestartedProcessLearnsFromTheOutboxWhichMachinesDidNotAnswer() {
        CallRecord call = endedWhileAsleep();
        world.clock.advance(Duration.ofMinutes(1));
        UnansweredMachines afterRestart = new UnansweredMachines();
        DeliverDueService restarted = new DeliverDueService(world.deliveries, world.machines, world.notifier,
                world.archive, ASLEEP, world.clock, world.random, DeliverDueService.LEASE, afterRestart);

        new SignsOfLifeService(afterRestart, world.deliveries, world.wakeup, world.clock).seen(world.machine);

        assertThat(delivery(call, DeliveryKind.NOTIFICATION).snapshot().nextAttemptAt()).isEqualTo(world.clock.now());
        assertThat(restarted.deliverRun(32, () -> true)).isEqualTo(2);
        assertThat(afterRestart.contains(world.machine)).isFalse();
    }

    @Test
    void aStoreThatFailsLeavesTheRetryAndTheCallerAlone() {
        CallRecord call = endedWhileAsleep();
        Instant retry = delivery(call, DeliveryKind.NOTIFICATION).snapshot().nextAttemptAt();
        DeliveryRepository failing = new DelegatingDeliveryRepository(world.deliveries) {
            @Override
            public int bringForward(MachineId machine, Instant now, Instant onlyIfDueAfter, int limit) {
                throw new IllegalStateException("disk full");
            }

            @Override
            public java.util.Set<MachineId> machinesWaitingForRetry(Instant now) {
                throw new IllegalStateException("disk full");
            }
        };
        int wakeups = world.wakeup.count();

        new SignsOfLifeService(world.unanswered, failing, world.wakeup, world.clock).seen(world.machine);
        new SignsOfLifeService(new UnansweredMachines(), failing, world.wakeup, world.clock).seen(world.machine);

        assertThat(delivery(call, DeliveryKind.NOTIFICATION).snapshot().nextAttemptAt()).isEqualTo(retry);
        assertThat(world.wakeup.count()).isEqualTo(wakeups);
    }

    @Test
    void aDashboardReportIsASignOfLife() {
        CallRecord call = endedWhileAsleep();
        world.clock.advance(Duration.ofMinutes(1));

        world.reports().report(new ReportActiveSessionUseCase.Command(world.user, "test-calls"));

        assertThat(delivery(call, DeliveryKind.NOTIFICATION).snapshot().nextAttemptAt()).isEqualTo(world.clock.now());
    }

    @Test
    void anAgentsRequestIsASignOfLifeButAWrongTokenIsNot() {
        CallRecord call = endedWhileAsleep();
        world.clock.advance(Duration.ofMinutes(1));
        Instant retry = delivery(call, DeliveryKind.NOTIFICATION).snapshot().nextAttemptAt();

        assertThat(world.agents().authenticate("not-the-token")).isEmpty();
        assertThat(delivery(call, DeliveryKind.NOTIFICATION).snapshot().nextAttemptAt()).isEqualTo(retry);

        assertThat(world.agents().authenticate(World.GATEWAY_TOKEN)).isPresent();
        assertThat(delivery(call, DeliveryKind.NOTIFICATION).snapshot().nextAttemptAt()).isEqualTo(world.clock.now());
    }
}
