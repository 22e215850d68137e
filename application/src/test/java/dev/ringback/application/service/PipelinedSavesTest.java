package dev.ringback.application.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ringback.application.port.out.DeliveryRepository;
import dev.ringback.domain.account.MachineId;
import dev.ringback.domain.call.CallRecord;
import dev.ringback.domain.delivery.DeadLetterRevival;
import dev.ringback.domain.delivery.Delivery;
import dev.ringback.domain.delivery.DeliveryState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A run's results commit while the machine's next run is sent: never more than one save in flight
 * for a machine, and the machine is free only once everything sent to it is recorded.
 */
class PipelinedSavesTest {
    private final World world = new World();

    private CallRecord completedCall() {
        return world.completedCall("user: hi\nassistant: hello");
    }

    /** A save the test lets commit, or fail, when it chooses. */
    private record HeldSave(List<Delivery> results, DeadLetterRevival revival, Instant now,
            CompletableFuture<Integer> committed) {}

    /** Holds every asynchronous save until the test releases it; then saves it for real. */
    private class HoldingSaves extends DelegatingDeliveryRepository {
        final BlockingQueue<HeldSave> held = new LinkedBlockingQueue<>();

        HoldingSaves() {
            super(world.deliveries);
        }

        @Override
        public CompletionStage<Integer> saveRunAsync(List<Delivery> results, DeadLetterRevival revival, Instant now) {
            HeldSave save = new HeldSave(results, revival, now, new CompletableFuture<>());
            held.add(save);
            return save.committed();
        }

        HeldSave next() throws InterruptedException {
            HeldSave save = held.poll(10, TimeUnit.SECONDS);
            assertThat(save).as("a save was asked for").isNotNull();
            return save;
        }

        void commit(HeldSave save) {
            save.committed().complete(saveRun(save.results(), save.revival(), save.now()));
        }
    }

    private DeliverDueService service(DeliveryRepository deliveries) {
        return new DeliverDueService(deliveries, world.machines, world.notifier, world.archive, World.RETRY,
                world.clock, world.random);
    }

    /** A delivery thread's turn, run on a thread of its own: its count, or its failure. */
    private record Turn(Thread thread, CompletableFuture<Integer> result) {}

    private static Turn startTurn(DeliverDueService service, int runLength) {
        CompletableFuture<Integer> result = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                result.complete(service.deliverRun(runLength, () -> true));
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        thread.start();
        return new Turn(thread, result);
    }

    private static void awaitWaiting(Thread thread) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (thread.getState() != Thread.State.WAITING) {
            assertThat(System.nanoTime()).as("the sending thread waits").isLessThan(deadline);
            Thread.onSpinWait();
        }
    }

    @Test
    void theNextRunIsSentWhileThePreviousRunsResultsCommitAndOnlyOneSaveIsInFlight() throws Exception {
        completedCall();
        completedCall();
        HoldingSaves saves = new HoldingSaves();
        DeliverDueService service = service(saves);
        Turn turn = startTurn(service, 2);
        Thread sender = turn.thread();
        CompletableFuture<Integer> delivered = turn.result();

        HeldSave first = saves.next();
        awaitWaiting(sender);

        assertThat(world.notifier.notifications()).as("the second run went out meanwhile").hasSize(2);
        assertThat(saves.held).as("its save waits for the first's commit").isEmpty();
        assertThat(world.deliveries.findByState(DeliveryState.DELIVERED, 10)).isEmpty();

        saves.commit(first);
        HeldSave second = saves.next();
        awaitWaiting(sender);

        assertThat(delivered).as("the machine is held until the last save commits").isNotDone();
        assertThat(service.isSendingTo(world.machine)).isTrue();
        assertThat(world.deliveries.findByState(DeliveryState.DELIVERED, 10)).hasSize(2);

        saves.commit(second);
        assertThat(delivered.get(10, TimeUnit.SECONDS)).isEqualTo(4);
        assertThat(service.isSendingTo(world.machine)).isFalse();
        assertThat(world.deliveries.findByState(DeliveryState.DELIVERED, 10)).hasSize(4);
        sender.join();
    }

    @Test
    void aSaveThatFailsEndsTheTurnWithItsFailureAndFreesTheMachine() throws Exception {
        completedCall();
        HoldingSaves saves = new HoldingSaves();
        DeliverDueService service = service(saves);
        Turn turn = startTurn(service, 32);

        saves.next().committed().completeExceptionally(new IllegalStateException("the commit failed"));

        assertThatThrownBy(() -> turn.result().get(10, TimeUnit.SECONDS)).hasRootCauseMessage("the commit failed");
        assertThat(service.isSendingTo(world.machine)).isFalse();
        assertThat(world.deliveries.findByState(DeliveryState.PENDING, 10)).as("unrecorded: sent again later")
                .hasSize(2);
        turn.thread().join();
    }

    /** A claim that fails while the last run's save is in flight, and that save failing too. */
    @Test
    void aTurnsOwnFailureIsThrownWithTheFailedSaveBesideIt() throws Exception {
        completedCall();
        completedCall();
        HoldingSaves saves = new HoldingSaves() {
            @Override
            public List<Delivery> claimDueOf(MachineId machine, Instant now, Duration lease, int limit) {
                throw new IllegalStateException("the claim failed");
            }
        };
        DeliverDueService service = service(saves);
        Turn turn = startTurn(service, 2);

        saves.next().committed().completeExceptionally(new IllegalStateException("the commit failed"));

        assertThatThrownBy(() -> turn.result().get(10, TimeUnit.SECONDS))
                .cause()
                .hasMessage("the claim failed")
                .satisfies(thrown -> assertThat(thrown.getSuppressed())
                        .extracting(Throwable::getMessage)
                        .containsExactly("the commit failed"));
        assertThat(service.isSendingTo(world.machine)).isFalse();
        turn.thread().join();
    }

    /**
     * Outcomes for a machine keep coming while its run is sent: the thread claims again when the
     * run ends, short as it is, and goes on with them, instead of freeing the machine for a
     * claim made afresh.
     */
    @Test
    void newWorkForTheMachineCommittedDuringAShortRunIsClaimedByThatRun() {
        completedCall();
        DeliverDueService[] service = new DeliverDueService[1];
        boolean[] arrived = {false};
        DeliveryRepository observed = new DelegatingDeliveryRepository(world.deliveries) {
            @Override
            public CompletionStage<Integer> saveRunAsync(List<Delivery> results, DeadLetterRevival revival, Instant now) {
                if (!arrived[0]) {
                    arrived[0] = true;
                    completedCall();
                    assertThat(service[0].takesNewWorkFor(world.machine)).isTrue();
                }
                return super.saveRunAsync(results, revival, now);
            }
        };
        service[0] = service(observed);

        assertThat(service[0].deliverRun(32, () -> true)).isEqualTo(4);
        assertThat(world.deliveries.findByState(DeliveryState.PENDING, 10)).isEmpty();
        assertThat(service[0].takesNewWorkFor(world.machine)).as("not sending any more").isFalse();
    }
}
