package dev.ringback.application.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ringback.application.port.in.RecordCallOutcomeUseCase.Result;
import dev.ringback.application.port.out.BornRun;
import dev.ringback.application.port.out.DeliveryWakeup;
import dev.ringback.application.port.out.UnitOfWork;
import dev.ringback.application.testing.QueuedUnitOfWork;
import dev.ringback.domain.account.MachineId;
import dev.ringback.domain.call.CallRecord;
import dev.ringback.domain.delivery.Delivery;
import dev.ringback.domain.delivery.DeliveryKind;
import dev.ringback.domain.delivery.DeliveryState;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * An outcome's deliveries claimed in the unit of work that stores them, handed to the worker once
 * committed, and sent without a claim of their own; never ahead of what their machine owes already.
 */
class ClaimAtBirthTest {
    private final World world = new World();
    private final DeliverDueService delivery = world.delivery();
    private final BornWakeup wakeup = new BornWakeup(delivery);
    private final QueuedUnitOfWork unit = new QueuedUnitOfWork();

    private RecordCallOutcomeService outcomes(UnitOfWork unitOfWork) {
        return new RecordCallOutcomeService(world.calls, world.users, world.machines, world.clock, world.ids, wakeup,
                unitOfWork);
    }

    private CompletableFuture<Result> ends(String providerId, UnitOfWork unitOfWork) {
        return outcomes(unitOfWork).recordAsync(World.report(providerId, Optional.empty(),
                World.completed(60, "user: hi", "done"))).toCompletableFuture();
    }

    @Test
    void theDeliveriesAreClaimedWithTheOutcomeAndHandedOverOnlyOnceItIsCommitted() {
        CallRecord call = world.placeQueued("bland-1", Optional.empty());
        CompletableFuture<Result> recorded = ends("bland-1", unit);
        assertThat(wakeup.claimed).isEmpty();

        unit.runAll();

        assertThat(recorded.join()).isInstanceOf(Result.Recorded.class);
        assertThat(wakeup.handedOver).hasSize(1);
        BornRun run = wakeup.handedOver.get(0);
        assertThat(run.deliveries()).extracting(Delivery::kind)
                .containsExactly(DeliveryKind.NOTIFICATION, DeliveryKind.TRANSCRIPT);
        assertThat(run.deliveries()).allMatch(d -> d.callId().equals(call.id()));
        assertThat(wakeup.woken).as("nobody need claim them").isEmpty();
        assertThat(delivery.isSendingTo(world.machine)).isTrue();
        assertThat(world.deliveries.claimDue(world.clock.now(), DeliverDueService.LEASE, 10)).as("leased").isEmpty();

        assertThat(delivery.deliverBorn(run, 128, () -> true)).isEqualTo(2);

        assertThat(world.notifier.notifications()).hasSize(1);
        assertThat(world.deliveries.findByCall(call.id())).allMatch(d -> d.deliveryState() == DeliveryState.DELIVERED);
        assertThat(delivery.isSendingTo(world.machine)).isFalse();
    }

    @Test
    void anOutcomeForAMachineBeingSentToIsLeftToTheRunThatSendsToIt() {
        CallRecord first = world.placeQueued("bland-1", Optional.empty());
        CallRecord second = world.placeQueued("bland-2", Optional.empty());
        ends("bland-1", unit);
        unit.runAll();
        ends("bland-2", unit);
        unit.runAll();

        assertThat(wakeup.handedOver).hasSize(1);
        assertThat(wakeup.woken).containsExactly(world.machine);
        assertThat(world.deliveries.claimDue(world.clock.now(), DeliverDueService.LEASE, 10))
                .as("the second outcome's, free for the next claim").allMatch(d -> d.callId().equals(second.id()))
                .hasSize(2);
        assertThat(first.id()).isNotEqualTo(second.id());
    }

    @Test
    void withNoThreadFreeTheDeliveriesAreWokenForAsUsual() {
        wakeup.free = false;
        world.placeQueued("bland-1", Optional.empty());
        ends("bland-1", unit);
        unit.runAll();

        assertThat(wakeup.handedOver).isEmpty();
        assertThat(wakeup.woken).containsExactly(world.machine);
        assertThat(delivery.isSendingTo(world.machine)).isFalse();
        assertThat(world.deliveries.claimDue(world.clock.now(), DeliverDueService.LEASE, 10)).hasSize(2);
    }

    @Test
    void aUnitOfWorkThatFailsAfterItsClaimFreesTheMachineAndHandsNothingOver() {
        world.placeQueued("bland-1", Optional.empty());
        UnitOfWork failsAtCommit = new UnitOfWork() {
            @Override
            public <T> CompletionStage<T> submit(Supplier<T> work) {
                work.get();
                return CompletableFuture.failedFuture(new IllegalStateException("the commit failed"));
            }
        };

        CompletableFuture<Result> recorded = ends("bland-1", failsAtCommit);

        assertThat(recorded).isCompletedExceptionally();
        assertThat(wakeup.claimed).hasSize(1);
        assertThat(wakeup.abandoned).containsExactlyElementsOf(wakeup.claimed);
        assertThat(wakeup.handedOver).isEmpty();
        assertThat(delivery.isSendingTo(world.machine)).isFalse();
    }

    @Test
    void aRunHandedOverToAStoppingWorkerGoesBackUnsent() {
        world.placeQueued("bland-1", Optional.empty());
        ends("bland-1", unit);
        unit.runAll();

        assertThat(delivery.deliverBorn(wakeup.handedOver.get(0), 128, () -> false)).isZero();

        assertThat(world.notifier.notifications()).isEmpty();
        assertThat(delivery.isSendingTo(world.machine)).isFalse();
        assertThat(world.deliveries.claimDue(world.clock.now(), DeliverDueService.LEASE, 10)).hasSize(2)
                .noneMatch(Delivery::mayHaveReachedMachine);
    }

    /** The delivery worker's side of a claim at birth, with a thread free unless told otherwise. */
    private static final class BornWakeup implements DeliveryWakeup {
        private final DeliverDueService delivery;
        final List<BornRun> claimed = new ArrayList<>();
        final List<BornRun> handedOver = new ArrayList<>();
        final List<BornRun> abandoned = new ArrayList<>();
        final List<MachineId> woken = new ArrayList<>();
        boolean free = true;

        BornWakeup(DeliverDueService delivery) {
            this.delivery = delivery;
        }

        @Override
        public void wake() {
            throw new AssertionError("an outcome wakes for its machine");
        }

        @Override
        public void wake(MachineId machine) {
            woken.add(machine);
        }

        @Override
        public Optional<BornRun> claimAtBirth(List<Delivery> born) {
            Optional<BornRun> run = free ? delivery.claimAtBirth(born) : Optional.empty();
            run.ifPresent(claimed::add);
            return run;
        }

        @Override
        public void deliverBorn(BornRun run) {
            handedOver.add(run);
        }

        @Override
        public void abandonBorn(BornRun run) {
            abandoned.add(run);
            delivery.abandonBorn(run);
        }
    }
}
