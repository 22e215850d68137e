package dev.ringback.application.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ringback.application.port.in.ReportActiveSessionUseCase;
import dev.ringback.application.testing.LoggedLines;
import dev.ringback.application.testing.RecordingAgentNotifier;
import dev.ringback.domain.account.MachineId;
import dev.ringback.domain.call.CallRecord;
import dev.ringback.domain.notify.AgentNotification;
import dev.ringback.domain.delivery.AttemptResult;
import dev.ringback.domain.delivery.Delivery;
import dev.ringback.domain.delivery.DeliveryId;
import dev.ringback.domain.delivery.DeliveryKind;
import dev.ringback.domain.delivery.DeliverySnapshot;
import dev.ringback.domain.delivery.DeliveryState;
import dev.ringback.domain.notify.NotificationPolicy;
import dev.ringback.domain.notify.TranscriptFilePolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DeliverDueServiceTest {
    private final World world = new World();

    /** A completed call with its two deliveries pending; returns the call. */
    private CallRecord completedCall() {
        return world.completedCall("user: hi\nassistant: hello");
    }

    private Delivery delivery(CallRecord call, DeliveryKind kind) {
        return world.deliveries.findByCall(call.id()).stream().filter(d -> d.kind() == kind).findFirst().orElseThrow();
    }

    @Test
    void everyAttemptSuccessfulOrNotLeavesOneInfoLineWithIdsAndOutcomeButNoContent() {
        CallRecord call = completedCall();

        List<String> lines = LoggedLines.of(DeliverDueService.class, java.util.logging.Level.INFO,
                () -> world.delivery().deliverDue(10));

        assertThat(lines).hasSize(2).allSatisfy(line -> assertThat(line)
                .matches("delivery \\S+ \\((notification|transcript) of call " + call.id().value()
                        + "\\) attempt 1: .+ -> delivered")
                .doesNotContain("user: hi").doesNotContain(call.snapshot().to().e164()));
    }

    /** A completed call whose two deliveries died: every attempt the policy allows went unanswered. */
    private CallRecord callWhoseDeliveriesDied() {
        AttemptResult unanswered = new AttemptResult.Retryable("no answer", Optional.empty());
        for (int i = 0; i < World.RETRY.maxAttempts(); i++) {
            world.notifier.thenAnswer(unanswered);
            world.archive.thenAnswer(unanswered);
        }
        CallRecord call = completedCall();
        for (int round = 0; round < World.RETRY.maxAttempts(); round++) {
            world.delivery().deliverDue(10);
            world.clock.advance(World.RETRY.maxDelay());
        }
        assertThat(world.deliveries.findByCall(call.id()))
                .allSatisfy(d -> assertThat(d.deliveryState()).isEqualTo(DeliveryState.DEAD));
        return call;
    }

    @Test
    void aMachineThatAnswersAgainGetsItsDeadLettersInTheSameTurnOnce() {
        CallRecord away = callWhoseDeliveriesDied();
        AgentNotification owed = NotificationPolicy.compose(away);
        CallRecord back = completedCall();
        DeliverDueService service = world.delivery();
        int[] attempted = new int[1];

        List<String> lines = LoggedLines.of(DeliverDueService.class, java.util.logging.Level.INFO,
                () -> attempted[0] = service.deliverRun(32, () -> true));

        assertThat(attempted[0]).as("the new call's two, then the two revived, by the same thread").isEqualTo(4);
        assertThat(world.deliveries.findByCall(away.id())).allSatisfy(d -> {
            assertThat(d.deliveryState()).isEqualTo(DeliveryState.DELIVERED);
            assertThat(d.snapshot().revivals()).isEqualTo(1);
        });
        assertThat(world.deliveries.findByCall(back.id()))
                .allSatisfy(d -> assertThat(d.deliveryState()).isEqualTo(DeliveryState.DELIVERED));
        assertThat(world.notifier.notifications()).filteredOn(n -> n.idempotencyKey().equals(owed.idempotencyKey()))
                .as("three unanswered attempts, then the revived one").hasSize(World.RETRY.maxAttempts() + 1)
                .last().satisfies(n -> assertThat(n.resend()).as("history check first").isTrue());
        assertThat(lines).containsOnlyOnce("machine " + world.machine + " answered again: 2 dead letters revived, due now");
        assertThat(lines).noneSatisfy(line -> assertThat(line).contains("user: hi"));
        assertThat(world.revived.total()).isEqualTo(2);
        assertThat(service.deliverRun(32, () -> true)).as("nothing more to send").isZero();
    }

    @Test
    void aRunTheMachineDidNotAnswerRevivesNothing() {
        CallRecord away = callWhoseDeliveriesDied();
        world.notifier.thenAnswer(new AttemptResult.Retryable("no answer", Optional.empty()));
        completedCall();

        world.delivery().deliverRun(32, () -> true);

        assertThat(world.deliveries.findByCall(away.id()))
                .allSatisfy(d -> assertThat(d.deliveryState()).isEqualTo(DeliveryState.DEAD));
        assertThat(world.revived.total()).isZero();
    }

    @Test
    void dueDeliveriesAreSentAndMarkedDelivered() {
        CallRecord call = completedCall();

        int attempted = world.delivery().deliverDue(10);

        assertThat(attempted).isEqualTo(2);
        assertThat(world.notifier.sent()).singleElement().satisfies(sent -> {
            assertThat(sent.machine().id()).isEqualTo(world.machine);
            assertThat(sent.notification()).isEqualTo(NotificationPolicy.compose(call));
            assertThat(sent.notification().sessionKey().value()).isEqualTo("agent:main:test-calls");
        });
        assertThat(world.archive.stored()).singleElement().satisfies(stored -> {
            assertThat(stored.machine().id()).isEqualTo(world.machine);
            assertThat(stored.file()).isEqualTo(TranscriptFilePolicy.fileFor(call));
        });
        assertThat(world.deliveries.findByCall(call.id())).allSatisfy(d -> {
            assertThat(d.deliveryState()).isEqualTo(DeliveryState.DELIVERED);
            assertThat(d.snapshot().attempts()).isEqualTo(1);
            assertThat(d.snapshot().finishedAt()).contains(world.clock.now());
        });
        assertThat(world.delivery().deliverDue(10)).as("nothing is sent twice").isZero();
        assertThat(world.notifier.sent()).hasSize(1);
        assertThat(world.delivery().nextDueAt()).isEmpty();
    }

    @Test
    void aMachineIsBeingSentToExactlyWhileARunIsUnderWay() {
        completedCall();
        List<Boolean> seenDuringAttempts = new java.util.concurrent.CopyOnWriteArrayList<>();
        DeliverDueService[] service = new DeliverDueService[1];
        dev.ringback.application.port.out.AgentNotifier observing = (machine, notification) -> {
            seenDuringAttempts.add(service[0].isSendingTo(world.machine));
            seenDuringAttempts.add(service[0].isSendingTo(new MachineId("another-machine")));
            return new AttemptResult.Delivered("200");
        };
        service[0] = new DeliverDueService(world.deliveries, world.machines, observing, world.archive, World.RETRY,
                world.clock, world.random);

        assertThat(service[0].isSendingTo(world.machine)).isFalse();
        assertThat(service[0].deliverRun(32, () -> true)).isEqualTo(2);

        assertThat(seenDuringAttempts).containsExactly(true, false);
        assertThat(service[0].isSendingTo(world.machine)).isFalse();
    }

    /**
     * A second thread claiming while the first's claim returns must already pass the first's
     * machine over; otherwise it leases that machine's newer deliveries only to hand them back.
     */
    @Test
    void aThreadClaimingWhileAnotherTakesItsMachinePassesThatMachineOver() throws Exception {
        completedCall();
        java.util.concurrent.CountDownLatch firstClaimed = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch letFirstGoOn = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch secondClaimed = new java.util.concurrent.CountDownLatch(1);
        List<java.util.Set<MachineId>> skippedByClaim = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.concurrent.atomic.AtomicInteger released = new java.util.concurrent.atomic.AtomicInteger();
        dev.ringback.application.port.out.DeliveryRepository observed = new DelegatingDeliveryRepository(world.deliveries) {
            @Override
            public List<Delivery> claimRun(Instant now, Duration lease, int limit, java.util.Set<MachineId> skipping) {
                skippedByClaim.add(skipping);
                List<Delivery> run = super.claimRun(now, lease, limit, skipping);
                if (skippedByClaim.size() == 1) {
                    firstClaimed.countDown();
                    awaitQuietly(letFirstGoOn);
                } else {
                    secondClaimed.countDown();
                }
                return run;
            }

            @Override
            public void saveAll(List<Delivery> attempted) {
                // The first run stays under way until the second has claimed.
                awaitQuietly(secondClaimed);
                super.saveAll(attempted);
            }

            @Override
            public void releaseAll(List<Delivery> claimed) {
                released.addAndGet(claimed.size());
                super.releaseAll(claimed);
            }
        };
        DeliverDueService service = new DeliverDueService(observed, world.machines, world.notifier, world.archive,
                World.RETRY, world.clock, world.random);

        // The first run takes one of the machine's two deliveries and is held up as its claim returns.
        java.util.concurrent.CompletableFuture<Integer> first =
                java.util.concurrent.CompletableFuture.supplyAsync(() -> service.deliverRun(1, () -> true));
        assertThat(firstClaimed.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        Thread secondThread = new Thread(() -> service.deliverRun(1, () -> true));
        secondThread.start();
        // The second either claims now (the other delivery is due and not leased) or waits its turn.
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (skippedByClaim.size() < 2 && secondThread.getState() != Thread.State.WAITING && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        letFirstGoOn.countDown();
        assertThat(first.get(10, java.util.concurrent.TimeUnit.SECONDS)).as("the machine's both, in two runs").isEqualTo(2);
        secondThread.join(10_000);

        assertThat(skippedByClaim).hasSize(2);
        assertThat(skippedByClaim.get(1)).as("the second claim passed the first's machine over").contains(world.machine);
        assertThat(released).as("nothing claimed only to be handed back").hasValue(0);
        assertThat(world.deliveries.findByState(DeliveryState.DELIVERED, 10)).hasSize(2);
    }

    /** A machine of its own user, with one ended call whose two deliveries are due now. */
    private MachineId machineWithAnEndedCall(String name) {
        dev.ringback.domain.account.User owner = dev.ringback.application.testing.Fixtures.user("owner-of-" + name);
        world.users.save(owner);
        dev.ringback.domain.account.Machine machine =
                dev.ringback.application.testing.Fixtures.machine(name, owner.id(), "gateway-token-" + name);
        world.machines.save(machine);
        CallRecord call = dev.ringback.application.testing.Fixtures.outboundCall("call-of-" + name, machine,
                world.clock.now().minusSeconds(60));
        world.calls.insert(call);
        CallRecord ended = dev.ringback.application.testing.Fixtures.completed(call, 30, world.clock.now());
        world.calls.recordCompletion(ended, dev.ringback.application.testing.Fixtures.deliveriesFor(ended, world.ids,
                world.clock.now()));
        return machine.id();
    }

    /**
     * Starts a thread's run whose claim is held up until {@code letGo}, then two more threads; returns
     * once those two wait for the next claim. {@code claims} is how many runs each claim asked for.
     */
    private List<java.util.concurrent.CompletableFuture<Integer>> twoThreadsWaitingBehindAClaim(DeliverDueService service,
            java.util.concurrent.CountDownLatch firstClaimIn) throws Exception {
        List<java.util.concurrent.CompletableFuture<Integer>> runs = new java.util.ArrayList<>();
        runs.add(java.util.concurrent.CompletableFuture.supplyAsync(() -> service.deliverRun(32, () -> true), pool));
        assertThat(firstClaimIn.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        runs.add(java.util.concurrent.CompletableFuture.supplyAsync(() -> service.deliverRun(32, () -> true), pool));
        runs.add(java.util.concurrent.CompletableFuture.supplyAsync(() -> service.deliverRun(32, () -> true), pool));
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (service.threadsWaitingToClaim() < 2 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(service.threadsWaitingToClaim()).as("both wait behind the claim under way").isEqualTo(2);
        return runs;
    }

    private final java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newCachedThreadPool();

    @org.junit.jupiter.api.AfterEach
    void stopThreads() {
        pool.shutdownNow();
    }

    /**
     * Threads that come to claim while a claim is under way wait for it, then one claim serves
     * them all, a machine each: one write for the lot, not one per thread, each after the last.
     */
    @Test
    void threadsThatComeToClaimDuringAClaimShareTheNextOneAMachineEach() throws Exception {
        List<MachineId> machines = List.of(machineWithAnEndedCall("machine-x"), machineWithAnEndedCall("machine-y"),
                machineWithAnEndedCall("machine-z"));
        java.util.concurrent.CountDownLatch firstClaimIn = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch letFirstGo = new java.util.concurrent.CountDownLatch(1);
        List<Integer> runsAskedFor = new java.util.concurrent.CopyOnWriteArrayList<>();
        dev.ringback.application.port.out.DeliveryRepository observed = new DelegatingDeliveryRepository(world.deliveries) {
            @Override
            public List<List<Delivery>> claimRuns(Instant now, Duration lease, int runLength, int runs,
                    java.util.Set<MachineId> skipping) {
                runsAskedFor.add(runs);
                if (runsAskedFor.size() == 1) {
                    firstClaimIn.countDown();
                    awaitQuietly(letFirstGo);
                }
                return world.deliveries.claimRuns(now, lease, runLength, runs, skipping);
            }
        };
        DeliverDueService service = new DeliverDueService(observed, world.machines, world.notifier, world.archive,
                World.RETRY, world.clock, world.random);

        List<java.util.concurrent.CompletableFuture<Integer>> runs = twoThreadsWaitingBehindAClaim(service, firstClaimIn);
        letFirstGo.countDown();

        for (java.util.concurrent.CompletableFuture<Integer> run : runs) {
            assertThat(run.get(10, java.util.concurrent.TimeUnit.SECONDS)).as("a machine's two deliveries each").isEqualTo(2);
        }
        assertThat(runsAskedFor).as("the first thread's claim, then one for the two that waited").containsExactly(1, 2);
        assertThat(world.notifier.sent()).extracting(sent -> sent.machine().id())
                .containsExactlyInAnyOrderElementsOf(machines);
        assertThat(world.deliveries.findByState(DeliveryState.DELIVERED, 10)).hasSize(6);
        assertThat(machines).noneMatch(service::isSendingTo);
    }

    @Test
    void aFailedClaimFailsEveryThreadItWasForAndHoldsNoMachine() throws Exception {
        machineWithAnEndedCall("machine-x");
        machineWithAnEndedCall("machine-y");
        machineWithAnEndedCall("machine-z");
        java.util.concurrent.CountDownLatch firstClaimIn = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch letFirstGo = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.atomic.AtomicInteger claims = new java.util.concurrent.atomic.AtomicInteger();
        dev.ringback.application.port.out.DeliveryRepository failingSecond = new DelegatingDeliveryRepository(world.deliveries) {
            @Override
            public List<List<Delivery>> claimRuns(Instant now, Duration lease, int runLength, int runs,
                    java.util.Set<MachineId> skipping) {
                int claim = claims.incrementAndGet();
                if (claim == 1) {
                    firstClaimIn.countDown();
                    awaitQuietly(letFirstGo);
                } else if (claim == 2) {
                    throw new IllegalStateException("disk I/O error");
                }
                return world.deliveries.claimRuns(now, lease, runLength, runs, skipping);
            }
        };
        DeliverDueService service = new DeliverDueService(failingSecond, world.machines, world.notifier, world.archive,
                World.RETRY, world.clock, world.random);

        List<java.util.concurrent.CompletableFuture<Integer>> runs = twoThreadsWaitingBehindAClaim(service, firstClaimIn);
        letFirstGo.countDown();

        assertThat(runs.get(0).get(10, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(2);
        for (java.util.concurrent.CompletableFuture<Integer> failed : runs.subList(1, 3)) {
            assertThat(failed).failsWithin(Duration.ofSeconds(10)).withThrowableOfType(java.util.concurrent.ExecutionException.class)
                    .withRootCauseInstanceOf(IllegalStateException.class).withMessageContaining("disk I/O error");
        }
        assertThat(List.of(new MachineId("machine-y"), new MachineId("machine-z"))).noneMatch(service::isSendingTo);
        assertThat(service.threadsWaitingToClaim()).isZero();
        assertThat(service.deliverRun(32, () -> true) + service.deliverRun(32, () -> true))
                .as("the next claims take what the failed one left").isEqualTo(4);
    }

    /**
     * Many threads claiming at once, as the worker's do: every thread is answered (a lost wake-up
     * leaves threads waiting for good) and each delivery is sent once. That no machine gets two
     * sends at once is checked too, though a send this short rarely overlaps another.
     */
    @Test
    void manyThreadsClaimingAtOnceAreAllAnsweredAndSendEachDeliveryOnce() throws Exception {
        List<MachineId> machines = new java.util.ArrayList<>();
        for (int i = 0; i < 24; i++) {
            machines.add(machineWithAnEndedCall("machine-" + i));
        }
        java.util.Map<MachineId, java.util.concurrent.atomic.AtomicInteger> inFlight = new java.util.concurrent.ConcurrentHashMap<>();
        java.util.concurrent.atomic.AtomicInteger mostAtOnce = new java.util.concurrent.atomic.AtomicInteger();
        List<MachineId> notified = new java.util.concurrent.CopyOnWriteArrayList<>();
        dev.ringback.application.port.out.AgentNotifier counting = (machine, notification) -> {
            int now = inFlight.computeIfAbsent(machine.id(), id -> new java.util.concurrent.atomic.AtomicInteger()).incrementAndGet();
            mostAtOnce.accumulateAndGet(now, Math::max);
            Thread.yield();
            notified.add(machine.id());
            inFlight.get(machine.id()).decrementAndGet();
            return new AttemptResult.Delivered("200");
        };
        DeliverDueService service = new DeliverDueService(world.deliveries, world.machines, counting, world.archive,
                World.RETRY, world.clock, world.random);
        java.util.concurrent.atomic.AtomicInteger attempted = new java.util.concurrent.atomic.AtomicInteger();
        long deadline = System.nanoTime() + 20_000_000_000L;
        List<java.util.concurrent.Future<?>> threads = new java.util.ArrayList<>();
        for (int t = 0; t < 8; t++) {
            threads.add(pool.submit(() -> {
                while (attempted.get() < 48 && System.nanoTime() < deadline) {
                    attempted.addAndGet(service.deliverRun(1, () -> true));
                }
            }));
        }
        for (java.util.concurrent.Future<?> thread : threads) {
            thread.get(30, java.util.concurrent.TimeUnit.SECONDS);
        }

        assertThat(attempted).hasValue(48);
        assertThat(notified).containsExactlyInAnyOrderElementsOf(machines);
        assertThat(world.archive.stored()).hasSize(24);
        assertThat(mostAtOnce).as("never two sends to one machine at once").hasValue(1);
        assertThat(world.deliveries.findByState(DeliveryState.DELIVERED, 100)).hasSize(48);
        assertThat(service.threadsWaitingToClaim()).isZero();
        assertThat(machines).noneMatch(service::isSendingTo);
    }

    private static void awaitQuietly(java.util.concurrent.CountDownLatch latch) {
        try {
            latch.await(10, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void aRunSendsAMachinesBacklogInDueOrderAndRecordsEveryAttempt() {
        CallRecord first = completedCall();
        world.clock.advance(Duration.ofSeconds(1));
        CallRecord second = completedCall();
        world.clock.advance(Duration.ofSeconds(1));

        assertThat(world.delivery().deliverRun(32, () -> true)).isEqualTo(4);

        assertThat(world.notifier.notifications()).containsExactly(
                NotificationPolicy.compose(first), NotificationPolicy.compose(second));
        assertThat(world.archive.files()).containsExactly(TranscriptFilePolicy.fileFor(first), TranscriptFilePolicy.fileFor(second));
        assertThat(world.deliveries.findByCall(first.id())).allMatch(d -> d.deliveryState() == DeliveryState.DELIVERED);
        assertThat(world.deliveries.findByCall(second.id())).allMatch(d -> d.deliveryState() == DeliveryState.DELIVERED);
        assertThat(world.delivery().deliverRun(32, () -> true)).as("nothing is sent twice").isZero();
    }

    @Test
    void aRunClaimsNoMoreThanItsLengthAtATimeAndAFullOneIsFollowedByTheMachinesNextWhileItIsHeld() {
        CallRecord first = completedCall();
        world.clock.advance(Duration.ofSeconds(1));
        CallRecord second = completedCall();
        world.clock.advance(Duration.ofSeconds(1));
        completedCall();
        List<Integer> claimed = new java.util.concurrent.CopyOnWriteArrayList<>();
        dev.ringback.application.port.out.DeliveryRepository observed = new DelegatingDeliveryRepository(world.deliveries) {
            @Override
            public List<Delivery> claimRun(Instant now, Duration lease, int limit, java.util.Set<MachineId> skipping) {
                List<Delivery> run = super.claimRun(now, lease, limit, skipping);
                claimed.add(run.size());
                return run;
            }

            @Override
            public List<Delivery> claimDueOf(MachineId machine, Instant now, Duration lease, int limit) {
                List<Delivery> run = super.claimDueOf(machine, now, lease, limit);
                claimed.add(run.size());
                return run;
            }
        };
        List<Boolean> heldWhileSending = new java.util.concurrent.CopyOnWriteArrayList<>();
        DeliverDueService[] service = new DeliverDueService[1];
        dev.ringback.application.port.out.AgentNotifier observing = (machine, notification) -> {
            heldWhileSending.add(service[0].isSendingTo(world.machine));
            return world.notifier.deliver(machine, notification);
        };
        service[0] = new DeliverDueService(observed, world.machines, observing, world.archive, World.RETRY,
                world.clock, world.random);

        assertThat(service[0].deliverRun(2, () -> true)).isEqualTo(6);

        assertThat(claimed).as("runs of two, the last claim finding nothing").containsExactly(2, 2, 2, 0);
        assertThat(heldWhileSending).hasSize(3).containsOnly(true);
        assertThat(service[0].isSendingTo(world.machine)).isFalse();
        assertThat(world.notifier.notifications()).startsWith(NotificationPolicy.compose(first), NotificationPolicy.compose(second));
        assertThat(world.deliveries.findByState(DeliveryState.PENDING, 10)).isEmpty();
    }

    @Test
    void aRunShorterThanItsLengthEndsTheMachinesTurn() {
        completedCall();
        completedCall();
        List<Integer> claimed = new java.util.concurrent.CopyOnWriteArrayList<>();
        dev.ringback.application.port.out.DeliveryRepository observed = new DelegatingDeliveryRepository(world.deliveries) {
            @Override
            public List<Delivery> claimDueOf(MachineId machine, Instant now, Duration lease, int limit) {
                claimed.add(limit);
                return super.claimDueOf(machine, now, lease, limit);
            }
        };
        DeliverDueService service = new DeliverDueService(observed, world.machines, world.notifier, world.archive,
                World.RETRY, world.clock, world.random);

        assertThat(service.deliverRun(32, () -> true)).isEqualTo(4);
        assertThat(claimed).as("no claim after a short run").isEmpty();
    }

    @Test
    void aRunStopsAtTheFirstAttemptNotDeliveredAndHandsBackTheRest() {
        world.notifier.thenAnswer(new AttemptResult.Retryable("503", Optional.empty()));
        CallRecord call = completedCall();
        completedCall();

        assertThat(world.delivery().deliverRun(32, () -> true)).isEqualTo(1);

        assertThat(delivery(call, DeliveryKind.NOTIFICATION).snapshot().lastError()).contains("503");
        assertThat(world.delivery().deliverRun(32, () -> true)).as("handed back, not leased").isEqualTo(3);
        assertThat(world.deliveries.findByState(DeliveryState.DELIVERED, 10)).hasSize(3);
    }

    @Test
    void aStoppingWorkerEndsTheRunAndHandsBackTheRest() {
        completedCall();
        completedCall();
        int[] asked = {0};

        assertThat(world.delivery().deliverRun(32, () -> asked[0]++ < 2)).isEqualTo(2);

        assertThat(world.deliveries.findByState(DeliveryState.DELIVERED, 10)).hasSize(2);
        assertThat(world.delivery().deliverRun(32, () -> true)).isEqualTo(2);
    }

    @Test
    void aRetryableFailureIsTriedAgainOnSchedule() {
        world.notifier.thenAnswer(new AttemptResult.Retryable("503", Optional.empty()));
        CallRecord call = completedCall();
        Instant first = world.clock.now();

        world.delivery().deliverDue(10);

        Delivery pending = delivery(call, DeliveryKind.NOTIFICATION);
        Duration expectedDelay = World.RETRY.delayAfter(1, Optional.empty(), 0.5);
        assertThat(pending.deliveryState()).isEqualTo(DeliveryState.PENDING);
        assertThat(pending.snapshot().attempts()).isEqualTo(1);
        assertThat(pending.snapshot().lastError()).contains("503");
        assertThat(pending.snapshot().nextAttemptAt()).isEqualTo(first.plus(expectedDelay));
        assertThat(world.delivery().nextDueAt()).contains(first.plus(expectedDelay));

        world.clock.advance(expectedDelay.minusMillis(1));
        assertThat(world.delivery().deliverDue(10)).as("not due yet").isZero();

        world.clock.advance(Duration.ofMillis(1));
        assertThat(world.delivery().deliverDue(10)).isEqualTo(1);
        assertThat(delivery(call, DeliveryKind.NOTIFICATION).deliveryState()).isEqualTo(DeliveryState.DELIVERED);
        assertThat(world.notifier.notifications()).hasSize(2);
        AgentNotification firstTry = world.notifier.notifications().get(0);
        AgentNotification retry = world.notifier.notifications().get(1);
        assertThat(firstTry.resend()).isFalse();
        assertThat(retry.resend()).as("the notifier is told to look before sending again").isTrue();
        assertThat(retry).usingRecursiveComparison().ignoringFields("resend").isEqualTo(firstTry);
    }

    @Test
    void aRetryAnsweredBringsTheMachinesOtherWaitingDeliveriesForwardIntoTheSameTurn() {
        world.notifier.thenAnswer(new AttemptResult.Retryable("no answer", Optional.empty()));
        world.archive.thenAnswer(new AttemptResult.Retryable("no answer", Optional.empty()));
        CallRecord call = completedCall();
        world.delivery().deliverRun(32, () -> true);
        world.clock.advance(Duration.ofSeconds(1));
        world.delivery().deliverRun(32, () -> true);
        Instant notificationRetry = delivery(call, DeliveryKind.NOTIFICATION).snapshot().nextAttemptAt();
        Instant transcriptRetry = delivery(call, DeliveryKind.TRANSCRIPT).snapshot().nextAttemptAt();
        assertThat(transcriptRetry).isAfter(notificationRetry);

        world.clock.set(notificationRetry);
        assertThat(world.delivery().deliverRun(32, () -> true)).isEqualTo(2);

        assertThat(world.deliveries.findByCall(call.id())).allSatisfy(d -> {
            assertThat(d.deliveryState()).isEqualTo(DeliveryState.DELIVERED);
            assertThat(d.snapshot().finishedAt()).contains(notificationRetry);
        });
    }

    @Test
    void firstAttemptsDeliveredBringNothingForward() {
        completedCall();
        completedCall();
        int[] broughtForward = {0};
        dev.ringback.application.port.out.DeliveryRepository counting = new DelegatingDeliveryRepository(world.deliveries) {
            @Override
            public int bringForward(MachineId machine, Instant now, Instant onlyIfDueAfter, int limit) {
                broughtForward[0]++;
                return super.bringForward(machine, now, onlyIfDueAfter, limit);
            }
        };
        DeliverDueService service = new DeliverDueService(counting, world.machines, world.notifier, world.archive,
                World.RETRY, world.clock, world.random);

        assertThat(service.deliverRun(32, () -> true)).isEqualTo(4);
        assertThat(broughtForward[0]).as("a write only when a machine answers again").isZero();
    }

    @Test
    void retryAfterFromTheMachineIsHonoured() {
        world.notifier.thenAnswer(new AttemptResult.Retryable("429", Optional.of(Duration.ofSeconds(90))));
        CallRecord call = completedCall();
        Instant first = world.clock.now();
        world.delivery().deliverDue(10);
        assertThat(delivery(call, DeliveryKind.NOTIFICATION).snapshot().nextAttemptAt()).isEqualTo(first.plusSeconds(90));
    }

    @Test
    void aRefusalIsFinal() {
        world.notifier.thenAnswer(new AttemptResult.Refused("401"));
        CallRecord call = completedCall();

        world.delivery().deliverDue(10);
        world.clock.advance(Duration.ofDays(1));
        world.delivery().deliverDue(10);

        Delivery failed = delivery(call, DeliveryKind.NOTIFICATION);
        assertThat(failed.deliveryState()).isEqualTo(DeliveryState.FAILED);
        assertThat(failed.snapshot().lastError()).contains("401");
        assertThat(world.notifier.sent()).hasSize(1);
        assertThat(delivery(call, DeliveryKind.TRANSCRIPT).deliveryState())
                .as("the transcript is independent").isEqualTo(DeliveryState.DELIVERED);
    }

    @Test
    void aDeliveryDiesAfterTheLastAllowedAttempt() {
        AttemptResult busy = new AttemptResult.Retryable("503", Optional.empty());
        world.notifier.thenAnswer(busy, busy, busy, busy);
        CallRecord call = completedCall();

        for (int round = 0; round < 10; round++) {
            world.delivery().deliverDue(10);
            world.clock.advance(World.RETRY.maxDelay());
        }

        Delivery dead = delivery(call, DeliveryKind.NOTIFICATION);
        assertThat(dead.deliveryState()).isEqualTo(DeliveryState.DEAD);
        assertThat(dead.snapshot().attempts()).isEqualTo(World.RETRY.maxAttempts());
        assertThat(world.notifier.sent()).hasSize(World.RETRY.maxAttempts());
    }

    @Test
    void aDeliveryForAMachineThatIsGoneIsRefused() {
        CallRecord call = completedCall();
        Delivery orphan = Delivery.ofNotification(new DeliveryId("orphan-1"), call.id(), new MachineId("gone"),
                NotificationPolicy.compose(call), world.clock.now());
        world.deliveries.insertAll(List.of(orphan));

        world.delivery().deliverDue(10);

        Delivery refused = world.deliveries.findById(orphan.id()).orElseThrow();
        assertThat(refused.deliveryState()).isEqualTo(DeliveryState.FAILED);
        assertThat(refused.snapshot().lastError()).contains("machine no longer registered");
        assertThat(world.notifier.sent()).extracting(s -> s.machine().id()).containsOnly(world.machine);
    }

    @Test
    void anAdapterThatThrowsCountsAsARetryableAttempt() {
        world.notifier.thenThrow(new IllegalStateException("bug in the adapter"));
        world.archive.thenThrow(new NullPointerException());
        CallRecord call = completedCall();

        assertThat(world.delivery().deliverDue(10)).isEqualTo(2);

        for (DeliveryKind kind : DeliveryKind.values()) {
            DeliverySnapshot s = delivery(call, kind).snapshot();
            assertThat(s.state()).isEqualTo(DeliveryState.PENDING);
            assertThat(s.attempts()).isEqualTo(1);
            assertThat(s.lastError()).hasValueSatisfying(error -> assertThat(error).startsWith("unexpected ")
                    .doesNotContain("bug in the adapter"));
            assertThat(s.nextAttemptAt()).isAfter(world.clock.now());
        }
        world.clock.advance(World.RETRY.maxDelay());
        world.delivery().deliverDue(10);
        assertThat(world.deliveries.findByCall(call.id())).allMatch(d -> d.deliveryState() == DeliveryState.DELIVERED);
    }

    @Test
    void nothingDueMeansNothingSent() {
        assertThat(world.delivery().deliverDue(10)).isZero();
        assertThat(world.delivery().nextDueAt()).isEmpty();
        assertThat(world.notifier.sent()).isEmpty();
        assertThat(world.archive.stored()).isEmpty();
    }

    @Test
    void theLimitBoundsOneRound() {
        completedCall();
        completedCall();
        assertThat(world.delivery().deliverDue(3)).isEqualTo(3);
        assertThat(world.delivery().deliverDue(3)).isEqualTo(1);
        assertThat(world.notifier.sent().size() + world.archive.stored().size()).isEqualTo(4);
    }

    @Test
    void eachNotificationGoesToItsOwnConversation() {
        RecordingAgentNotifier notifier = world.notifier;
        world.reports().report(new ReportActiveSessionUseCase.Command(world.user, "first"));
        CallRecord a = world.placeQueued("bland-a", Optional.empty());
        world.reports().report(new ReportActiveSessionUseCase.Command(world.user, "second"));
        CallRecord b = world.placeQueued("bland-b", Optional.of("agent:main:declared"));
        CallRecord c = world.placeQueued("bland-c", Optional.empty());
        for (CallRecord call : List.of(c, a, b)) {
            world.outcomes().record(World.report(call.providerCallId().orElseThrow().value(), Optional.empty(),
                    World.completed(5, "", "")));
        }

        world.delivery().deliverDue(10);

        assertThat(notifier.notifications()).extracting(n -> n.sessionKey().value())
                .containsExactlyInAnyOrder("agent:main:first", "agent:main:declared", "agent:main:second");
        assertThat(notifier.notifications()).extracting(n -> n.idempotencyKey()).doesNotHaveDuplicates();
    }

    @Test
    void aStoppingWorkerHandsBackWhatItClaimedButDidNotAttempt() {
        CallRecord call = completedCall();
        int[] checks = {0};

        int attempted = world.delivery().deliverDue(10, () -> checks[0]++ == 0);

        assertThat(attempted).isEqualTo(1);
        assertThat(world.notifier.sent().size() + world.archive.stored().size()).isEqualTo(1);
        assertThat(world.deliveries.findByCall(call.id())).filteredOn(d -> d.deliveryState() == DeliveryState.PENDING)
                .singleElement().satisfies(left -> assertThat(left.snapshot().attempts()).isZero());
        assertThat(world.delivery().deliverDue(10)).as("handed back, so claimable at once, not after the lease")
                .isEqualTo(1);
        assertThat(world.deliveries.findByCall(call.id())).allSatisfy(d ->
                assertThat(d.deliveryState()).isEqualTo(DeliveryState.DELIVERED));
    }

    @Test
    void whatADeadWorkerMayHaveSentStaysInDoubtWhenARunHandsItBack() {
        completedCall();
        CallRecord second = completedCall();
        // A worker claims all four, sends some perhaps, and dies before it records anything.
        assertThat(world.deliveries.claimDue(world.clock.now(), DeliverDueService.LEASE, 10)).hasSize(4);
        world.clock.advance(DeliverDueService.LEASE);
        // The next worker's first look at the conversation's history is refused: its run stops there.
        world.notifier.thenAnswer(new AttemptResult.Retryable("503", Optional.empty()));
        assertThat(world.delivery().deliverRun(32, () -> true)).isEqualTo(1);

        assertThat(world.delivery().deliverRun(32, () -> true)).as("the three handed back").isEqualTo(3);

        AgentNotification secondNotification = world.notifier.notifications().stream()
                .filter(n -> n.marker().equals(NotificationPolicy.markerFor(second.id()))).findFirst().orElseThrow();
        assertThat(secondNotification.resend()).as("history checked before sending again").isTrue();
    }

    @Test
    void aMachineThatTakesAFirstAttemptAfterLeavingOneUnansweredGetsItsLongWaitingRetriesAtOnce() {
        world.notifier.thenAnswer(new AttemptResult.Retryable("no answer", Optional.of(Duration.ofMinutes(10))));
        CallRecord asleep = completedCall();
        assertThat(world.delivery().deliverRun(32, () -> true)).as("the notification, unanswered").isEqualTo(1);
        world.clock.advance(Duration.ofMinutes(1));

        // The transcript handed back is a first attempt; the machine taking it is awake again.
        assertThat(world.delivery().deliverRun(32, () -> true)).isEqualTo(2);

        assertThat(world.deliveries.findByCall(asleep.id()))
                .allSatisfy(d -> assertThat(d.deliveryState()).isEqualTo(DeliveryState.DELIVERED));
    }

    @Test
    void aRetryAfterGivenAMomentAgoStillHoldsWhenTheMachineTakesAFirstAttempt() {
        world.notifier.thenAnswer(new AttemptResult.Retryable("429", Optional.of(Duration.ofSeconds(60))));
        CallRecord busy = completedCall();
        world.delivery().deliverRun(32, () -> true);

        assertThat(world.delivery().deliverRun(32, () -> true)).as("the transcript alone").isEqualTo(1);

        assertThat(delivery(busy, DeliveryKind.NOTIFICATION).deliveryState()).isEqualTo(DeliveryState.PENDING);
        assertThat(delivery(busy, DeliveryKind.TRANSCRIPT).deliveryState()).isEqualTo(DeliveryState.DELIVERED);
    }

    @Test
    void aDeadWorkersLeaseLastsTheConfiguredLength() {
        completedCall();
        Duration lease = Duration.ofSeconds(7);
        DeliverDueService crashed = new DeliverDueService(world.deliveries, world.machines, world.notifier, world.archive,
                World.RETRY, world.clock, world.random, lease);
        crashed.deliverDue(10, () -> false); // claims, then "dies" before attempting: release is what a crash skips
        world.deliveries.claimDue(world.clock.now(), lease, 10); // the lease a crashed worker would have left behind

        assertThat(world.deliveries.claimDue(world.clock.now().plus(lease).minusMillis(1), lease, 10)).isEmpty();
        assertThat(world.delivery().nextDueAt()).contains(world.clock.now().plus(lease));
    }
}
