package dev.ringback.application.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ringback.application.port.out.CallRepository;
import dev.ringback.application.port.out.DeliveryRepository;
import dev.ringback.domain.account.Machine;
import dev.ringback.domain.account.MachineId;
import dev.ringback.domain.account.User;
import dev.ringback.domain.call.CallId;
import dev.ringback.domain.call.CallRecord;
import dev.ringback.domain.delivery.AttemptResult;
import dev.ringback.domain.delivery.DeadLetterRevival;
import dev.ringback.domain.delivery.Delivery;
import dev.ringback.domain.delivery.DeliveryId;
import dev.ringback.domain.delivery.DeliveryState;
import dev.ringback.domain.delivery.RetryPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link DeliveryRepository} (the outbox) must do. Deliveries enter it with a call's outcome. */
public abstract class DeliveryRepositoryContract {
    private static final Instant T0 = Instant.parse("2025-01-15T10:00:00.123456789Z");
    private static final Duration LEASE = Duration.ofMinutes(2);
    private static final RetryPolicy RETRY = new RetryPolicy(Duration.ofSeconds(10), Duration.ofMinutes(10), 3);

    private CallRepository calls;
    private Repositories repositories;
    private DeliveryRepository deliveries;
    private final SequentialIds ids = new SequentialIds("delivery-");
    private final User alice = Fixtures.user("alice");
    private final Machine machine = Fixtures.machine("machine-a", alice.id(), "gateway-token-a");
    private int callCount;

    protected abstract Repositories newRepositories();

    @BeforeEach
    void createRepositories() {
        Repositories repositories = newRepositories();
        repositories.users().save(alice);
        repositories.machines().save(machine);
        calls = repositories.calls();
        this.repositories = repositories;
        deliveries = repositories.deliveries();
    }

    /** A second user's machine, for the tests about more than one machine. */
    private Machine bobsMachine() {
        User bob = Fixtures.user("bob");
        repositories.users().save(bob);
        Machine other = Fixtures.machine("machine-b", bob.id(), "gateway-token-b");
        repositories.machines().save(other);
        return other;
    }

    /** Another user's machine, named {@code name}. */
    private Machine machineOf(String name) {
        User owner = Fixtures.user("owner-of-" + name);
        repositories.users().save(owner);
        Machine other = Fixtures.machine(name, owner.id(), "gateway-token-" + name);
        repositories.machines().save(other);
        return other;
    }

    /** Ends a new call of {@code machine} at {@code at}: its two deliveries are due then. */
    private List<Delivery> callOfEndedAt(Machine machine, Instant at) {
        CallRecord call = Fixtures.outboundCall("call-" + ++callCount, machine, at.minusSeconds(60));
        calls.insert(call);
        CallRecord ended = Fixtures.completed(call, 50, at);
        List<Delivery> owed = Fixtures.deliveriesFor(ended, ids, at);
        assertThat(calls.recordCompletion(ended, owed)).isTrue();
        return owed;
    }

    /** Ends call "call-b" of {@code machine} at {@code at}: its two deliveries are due then. */
    private List<Delivery> callOnEndedAt(Machine machine, Instant at) {
        CallRecord call = Fixtures.outboundCall("call-b", machine, T0.minusSeconds(60));
        calls.insert(call);
        CallRecord ended = Fixtures.completed(call, 50, at);
        List<Delivery> owed = Fixtures.deliveriesFor(ended, ids, at);
        calls.recordCompletion(ended, owed);
        return owed;
    }

    /** Ends a new call at {@code at}, which queues its notification and transcript, both due at once. */
    private List<Delivery> callEndedAt(Instant at) {
        return callOfEndedAt(machine, at);
    }

    private static List<DeliveryId> idsOf(Collection<Delivery> list) {
        return list.stream().map(Delivery::id).collect(Collectors.toList());
    }

    @Test
    void findsDeliveriesByIdAndByCall() {
        List<Delivery> owed = callEndedAt(T0);
        callEndedAt(T0.plusSeconds(1));

        assertThat(deliveries.findById(owed.get(1).id())).contains(owed.get(1));
        assertThat(deliveries.findById(new DeliveryId("delivery-x"))).isEmpty();
        assertThat(deliveries.findByCall(owed.get(0).callId())).containsExactlyInAnyOrderElementsOf(owed);
        assertThat(deliveries.findByCall(new CallId("call-x"))).isEmpty();
    }

    @Test
    void claimsDueDeliveriesOldestDueFirstUpToTheLimit() {
        List<Delivery> later = callEndedAt(T0.plusSeconds(10));
        List<Delivery> earlier = callEndedAt(T0);

        List<Delivery> claimed = deliveries.claimDue(T0.plusSeconds(20), LEASE, 3);

        assertThat(claimed).hasSize(3);
        assertThat(idsOf(claimed.subList(0, 2))).containsExactlyInAnyOrderElementsOf(idsOf(earlier));
        assertThat(idsOf(later)).contains(claimed.get(2).id());
        assertThat(claimed).allSatisfy(d -> assertThat(d.deliveryState()).isEqualTo(DeliveryState.PENDING));
    }

    @Test
    void machinesBeingTalkedToArePassedOver() {
        Machine other = bobsMachine();
        callEndedAt(T0);
        List<Delivery> forOther = callOnEndedAt(other, T0.plusSeconds(1));

        List<Delivery> claimed = deliveries.claimDue(T0.plusSeconds(2), LEASE, 10, java.util.Set.of(machine.id()));

        assertThat(idsOf(claimed)).containsExactlyInAnyOrderElementsOf(idsOf(forOther));
        assertThat(deliveries.claimDue(T0.plusSeconds(2), LEASE, 10, java.util.Set.of(machine.id(), other.id()))).isEmpty();
        assertThat(deliveries.claimDue(T0.plusSeconds(2), LEASE, 10)).hasSize(2);
    }

    @Test
    void claimsTheDueDeliveriesOfOneMachineOldestDueFirst() {
        Machine other = bobsMachine();
        callEndedAt(T0.plusSeconds(10));
        List<Delivery> earlier = callEndedAt(T0);
        callOnEndedAt(other, T0);
        List<Delivery> leased = deliveries.claimDue(T0, LEASE, 1, java.util.Set.of(other.id()));

        List<Delivery> claimed = deliveries.claimDueOf(machine.id(), T0.plusSeconds(20), LEASE, 2);

        assertThat(claimed).hasSize(2).allSatisfy(d -> assertThat(d.machineId()).isEqualTo(machine.id()));
        assertThat(idsOf(claimed)).doesNotContainAnyElementsOf(idsOf(leased));
        assertThat(idsOf(earlier)).containsAll(idsOf(claimed.subList(0, 1)));
        assertThat(deliveries.claimDueOf(machine.id(), T0.plusSeconds(20), LEASE, 10)).hasSize(1);
        assertThat(deliveries.claimDueOf(machine.id(), T0.plusSeconds(20), LEASE, 10)).isEmpty();
        assertThat(deliveries.claimDueOf(machine.id(), T0.plusSeconds(20), LEASE, 0)).isEmpty();
    }

    @Test
    void aRunIsTheFirstDueDeliveryAndTheDueDeliveriesOfItsMachine() {
        Machine other = bobsMachine();
        List<Delivery> forOther = callOnEndedAt(other, T0);
        List<Delivery> first = callEndedAt(T0.plusSeconds(1));
        List<Delivery> second = callEndedAt(T0.plusSeconds(2));
        callEndedAt(T0.plusSeconds(30));

        List<Delivery> run = deliveries.claimRun(T0.plusSeconds(20), LEASE, 3, java.util.Set.of(other.id()));

        assertThat(run).hasSize(3).allSatisfy(d -> assertThat(d.machineId()).isEqualTo(machine.id()));
        assertThat(idsOf(first)).containsExactlyInAnyOrderElementsOf(idsOf(run.subList(0, 2)));
        assertThat(idsOf(second)).contains(run.get(2).id());
        assertThat(idsOf(deliveries.claimRun(T0.plusSeconds(20), LEASE, 10, java.util.Set.of(other.id()))))
                .as("the rest of the machine's due deliveries, not the one due later")
                .containsExactlyInAnyOrderElementsOf(idsOf(second).stream()
                        .filter(id -> !id.equals(run.get(2).id())).collect(Collectors.toList()));
        assertThat(deliveries.claimRun(T0.plusSeconds(20), LEASE, 10, java.util.Set.of(other.id()))).isEmpty();
        assertThat(idsOf(deliveries.claimRun(T0.plusSeconds(20), LEASE, 10, java.util.Set.of())))
                .containsExactlyInAnyOrderElementsOf(idsOf(forOther));
        assertThat(deliveries.claimRun(T0.plusSeconds(20), LEASE, 0, java.util.Set.of())).isEmpty();
    }

    @Test
    void aRunAfterALapsedLeaseSaysTheEarlierWorkerMayHaveSent() {
        callEndedAt(T0);
        assertThat(deliveries.claimRun(T0, LEASE, 10, java.util.Set.of())).hasSize(2)
                .noneMatch(Delivery::mayHaveReachedMachine);

        assertThat(deliveries.claimRun(T0.plus(LEASE), LEASE, 10, java.util.Set.of())).hasSize(2)
                .allMatch(Delivery::mayHaveReachedMachine);
    }

    @Test
    void runsForSeveralThreadsAreOnePerMachineInTheOrderSuccessiveRunsWouldComeIn() {
        Machine second = machineOf("machine-2");
        Machine third = machineOf("machine-3");
        Machine skipped = machineOf("machine-skipped");
        List<Delivery> thirdsFirst = callOfEndedAt(third, T0);
        List<Delivery> firsts = callEndedAt(T0.plusSeconds(1));
        callOfEndedAt(skipped, T0.plusSeconds(2));
        List<Delivery> seconds = callOfEndedAt(second, T0.plusSeconds(3));
        List<Delivery> thirdsSecond = callOfEndedAt(third, T0.plusSeconds(4));
        callEndedAt(T0.plusSeconds(30));

        List<List<Delivery>> runs = deliveries.claimRuns(T0.plusSeconds(20), LEASE, 3, 5, java.util.Set.of(skipped.id()));

        assertThat(runs).as("one run per machine with due deliveries, the skipped one passed over").hasSize(3);
        assertThat(runs.get(0)).hasSize(3).allSatisfy(d -> assertThat(d.machineId()).isEqualTo(third.id()));
        assertThat(idsOf(runs.get(0).subList(0, 2))).containsExactlyInAnyOrderElementsOf(idsOf(thirdsFirst));
        assertThat(idsOf(thirdsSecond)).contains(runs.get(0).get(2).id());
        assertThat(idsOf(runs.get(1))).as("machine-a's due one, not the one due later")
                .containsExactlyInAnyOrderElementsOf(idsOf(firsts));
        assertThat(idsOf(runs.get(2))).containsExactlyInAnyOrderElementsOf(idsOf(seconds));
        assertThat(deliveries.claimRuns(T0.plusSeconds(20), LEASE, 3, 5, java.util.Set.of(skipped.id())))
                .as("all leased but the third machine's last, beyond its run's length").singleElement()
                .satisfies(run -> assertThat(idsOf(run)).hasSize(1).isSubsetOf(idsOf(thirdsSecond)));
    }

    @Test
    void runsForSeveralThreadsStopAtTheNumberAskedFor() {
        Machine second = machineOf("machine-2");
        List<Delivery> firsts = callEndedAt(T0);
        List<Delivery> seconds = callOfEndedAt(second, T0.plusSeconds(1));

        assertThat(deliveries.claimRuns(T0.plusSeconds(2), LEASE, 10, 0, java.util.Set.of())).isEmpty();
        assertThat(deliveries.claimRuns(T0.plusSeconds(2), LEASE, 0, 2, java.util.Set.of())).isEmpty();
        assertThat(deliveries.claimRuns(T0.plusSeconds(2), LEASE, 10, 1, java.util.Set.of())).singleElement()
                .satisfies(run -> assertThat(idsOf(run)).containsExactlyInAnyOrderElementsOf(idsOf(firsts)));
        assertThat(deliveries.claimRuns(T0.plusSeconds(2), LEASE, 10, 2, java.util.Set.of())).singleElement()
                .satisfies(run -> assertThat(idsOf(run)).containsExactlyInAnyOrderElementsOf(idsOf(seconds)));
        assertThat(deliveries.claimRuns(T0.plusSeconds(2), LEASE, 10, 2, java.util.Set.of())).isEmpty();
        assertThat(deliveries.claimRuns(T0.plusSeconds(2).plus(LEASE), LEASE, 10, 2, java.util.Set.of()))
                .as("after the leases lapse, due again, each run saying so").hasSize(2)
                .allSatisfy(run -> assertThat(run).allMatch(Delivery::mayHaveReachedMachine));
    }

    @Test
    void savingSeveralAtOnceStoresEachAndReleasesTheirLeases() {
        List<Delivery> owed = callEndedAt(T0);
        List<Delivery> claimed = deliveries.claimDue(T0, LEASE, 10);
        List<Delivery> after = List.of(
                claimed.get(0).afterAttempt(new AttemptResult.Delivered("HTTP 202"), T0.plusMillis(5), RETRY, 0.5),
                claimed.get(1).afterAttempt(new AttemptResult.Retryable("HTTP 503", Optional.empty()), T0.plusMillis(5), RETRY, 0.0));

        deliveries.saveAll(after);
        deliveries.saveAll(List.of());

        assertThat(deliveries.findById(after.get(0).id())).contains(after.get(0));
        assertThat(deliveries.findById(after.get(1).id())).contains(after.get(1));
        assertThat(deliveries.findById(after.get(0).id()).orElseThrow().snapshot().body()).as("delivered: dropped").isEmpty();
        assertThat(deliveries.findById(after.get(1).id()).orElseThrow().snapshot().body()).as("kept for the retry")
                .isEqualTo(claimed.get(1).snapshot().body()).isNotEmpty();
        assertThat(deliveries.claimDue(after.get(1).snapshot().nextAttemptAt(), LEASE, 10)).containsExactly(after.get(1));
        assertThat(idsOf(owed)).containsExactlyInAnyOrderElementsOf(idsOf(after));
    }

    @Test
    void savingSeveralAtOnceStoresDeliveriesNotStoredYetWhole() {
        CallRecord call = Fixtures.outboundCall("call-" + ++callCount, machine, T0.minusSeconds(60));
        calls.insert(call);
        List<Delivery> fresh = Fixtures.deliveriesFor(Fixtures.completed(call, 50, T0), ids, T0);

        deliveries.saveAll(fresh);

        for (Delivery delivery : fresh) {
            Delivery stored = deliveries.findById(delivery.id()).orElseThrow();
            assertThat(stored.snapshot()).isEqualTo(delivery.snapshot());
        }
    }

    @Test
    void claimedDeliveriesAreTheStoredOnes() {
        List<Delivery> owed = callEndedAt(T0);

        assertThat(deliveries.claimDue(T0, LEASE, 10)).containsExactlyInAnyOrderElementsOf(owed);
    }

    @Test
    void deliveriesNotYetDueAreNotClaimed() {
        callEndedAt(T0);

        assertThat(deliveries.claimDue(T0.minusNanos(1), LEASE, 10)).isEmpty();
        assertThat(deliveries.claimDue(T0, LEASE, 10)).hasSize(2);
    }

    @Test
    void aZeroLimitClaimsNothing() {
        callEndedAt(T0);

        assertThat(deliveries.claimDue(T0, LEASE, 0)).isEmpty();
        assertThat(deliveries.claimDue(T0, LEASE, 10)).hasSize(2);
    }

    @Test
    void leasedDeliveriesAreNotClaimedAgainUntilTheLeaseExpires() {
        List<Delivery> owed = callEndedAt(T0);
        Instant claimedAt = T0.plusSeconds(1);
        assertThat(deliveries.claimDue(claimedAt, LEASE, 10)).hasSize(2);

        assertThat(deliveries.claimDue(claimedAt, LEASE, 10)).isEmpty();
        assertThat(deliveries.claimDue(claimedAt.plus(LEASE).minusNanos(1), LEASE, 10)).isEmpty();

        List<Delivery> reclaimed = deliveries.claimDue(claimedAt.plus(LEASE), LEASE, 10);
        assertThat(idsOf(reclaimed)).containsExactlyInAnyOrderElementsOf(idsOf(owed));
    }

    @Test
    void aClaimAfterALapsedLeaseSaysTheEarlierWorkerMayHaveSent() {
        callEndedAt(T0);
        List<Delivery> first = deliveries.claimDue(T0, LEASE, 10);
        assertThat(first).hasSize(2).noneMatch(Delivery::mayHaveReachedMachine);

        List<Delivery> again = deliveries.claimDue(T0.plus(LEASE), LEASE, 10);
        assertThat(again).hasSize(2).allMatch(Delivery::mayHaveReachedMachine);
        assertThat(again).extracting(d -> d.snapshot().attempts()).containsOnly(0);

        MachineId machine = again.get(0).machineId();
        assertThat(deliveries.claimDueOf(machine, T0.plus(LEASE).plus(LEASE), LEASE, 10))
                .as("the per-machine claim too").hasSize(2).allMatch(Delivery::mayHaveReachedMachine);
    }

    @Test
    void aSavedOrReleasedDeliveryIsClaimedWithoutThatDoubt() {
        callEndedAt(T0);
        List<Delivery> claimed = deliveries.claimDue(T0, LEASE, 10);
        deliveries.release(claimed.get(0));
        deliveries.save(claimed.get(1));

        assertThat(deliveries.claimDue(T0.plus(LEASE), LEASE, 10)).hasSize(2)
                .noneMatch(Delivery::mayHaveReachedMachine);
    }

    /**
     * A worker that died mid-run may have sent what it claimed; the next worker to claim it, if it
     * hands it back unsent (its run stopped early, say), must not make the one after it forget that.
     */
    @Test
    void aLapsedClaimHandedBackIsClaimedAgainAtOnceStillInDoubt() {
        callEndedAt(T0);
        deliveries.claimDue(T0, LEASE, 10);
        Instant reclaimedAt = T0.plus(LEASE);
        List<Delivery> reclaimed = deliveries.claimDue(reclaimedAt, LEASE, 10);
        assertThat(reclaimed).hasSize(2).allMatch(Delivery::mayHaveReachedMachine);

        deliveries.releaseAll(reclaimed);

        List<Delivery> again = deliveries.claimDue(reclaimedAt, LEASE, 10);
        assertThat(again).as("due at once").hasSize(2).allMatch(Delivery::mayHaveReachedMachine);
        assertThat(again).extracting(d -> d.snapshot().attempts()).containsOnly(0);
        assertThat(deliveries.countPending(reclaimedAt).beingSent()).as("the second claim's lease").isEqualTo(2);
    }

    @Test
    void aReleasedDeliveryCanBeClaimedAgainAtOnceKeepingItsState() {
        List<Delivery> owed = callEndedAt(T0);
        Instant claimedAt = T0.plusSeconds(1);
        List<Delivery> claimed = deliveries.claimDue(claimedAt, LEASE, 10);
        assertThat(claimed).hasSize(2);

        deliveries.release(claimed.get(0));

        assertThat(deliveries.claimDue(claimedAt, LEASE, 10)).containsExactly(claimed.get(0));
        assertThat(deliveries.findById(claimed.get(0).id())).contains(owed.stream()
                .filter(d -> d.id().equals(claimed.get(0).id())).findFirst().orElseThrow());
    }

    @Test
    void releasingSeveralHandsBackThoseAndKeepsTheOthersLeased() {
        callEndedAt(T0);
        callEndedAt(T0);
        List<Delivery> claimed = deliveries.claimDue(T0, LEASE, 10);
        assertThat(claimed).hasSize(4);

        deliveries.releaseAll(List.of(claimed.get(1), claimed.get(3)));
        deliveries.releaseAll(List.of());

        assertThat(deliveries.claimDue(T0, LEASE, 10)).containsExactlyInAnyOrder(claimed.get(1), claimed.get(3));
        assertThat(deliveries.claimDue(T0, LEASE, 10)).isEmpty();
    }

    @Test
    void savingReleasesTheLease() {
        List<Delivery> owed = callEndedAt(T0);
        Delivery claimed = deliveries.claimDue(T0, LEASE, 1).get(0);
        Delivery retry = claimed.afterAttempt(new AttemptResult.Retryable("HTTP 503", Optional.of(Duration.ofSeconds(10))),
                T0, RETRY, 0.0);
        deliveries.save(retry);
        Instant retryAt = retry.snapshot().nextAttemptAt();
        assertThat(retryAt).isBefore(T0.plus(LEASE));

        assertThat(deliveries.claimDue(retryAt.minusNanos(1), LEASE, 10)).extracting(Delivery::id)
                .doesNotContain(claimed.id());
        assertThat(deliveries.claimDue(retryAt, LEASE, 10)).containsExactly(retry);
        assertThat(owed).extracting(Delivery::id).contains(claimed.id());
    }

    @Test
    void aSavedAttemptRoundTrips() {
        Delivery delivery = callEndedAt(T0).get(0);
        Delivery retried = delivery.afterAttempt(new AttemptResult.Retryable("HTTP 502", Optional.empty()), T0.plusMillis(3), RETRY, 0.37);
        deliveries.save(retried);
        assertThat(deliveries.findById(delivery.id())).contains(retried);

        Delivery delivered = retried.afterAttempt(new AttemptResult.Delivered("HTTP 202"), T0.plusSeconds(30), RETRY, 0.5);
        deliveries.save(delivered);

        assertThat(deliveries.findById(delivery.id())).contains(delivered);
        assertThat(delivered.snapshot().attempts()).isEqualTo(2);
        assertThat(delivered.snapshot().lastError()).isEmpty();
    }

    @Test
    void finishedDeliveriesAreNeverClaimed() {
        List<Delivery> first = callEndedAt(T0);
        List<Delivery> second = callEndedAt(T0);
        deliveries.save(first.get(0).afterAttempt(new AttemptResult.Delivered("HTTP 200"), T0, RETRY, 0.5));
        deliveries.save(first.get(1).afterAttempt(new AttemptResult.Refused("HTTP 401"), T0, RETRY, 0.5));
        Delivery dead = second.get(0);
        for (int i = 0; i < RETRY.maxAttempts(); i++) {
            dead = dead.afterAttempt(new AttemptResult.Retryable("timeout", Optional.empty()), T0, RETRY, 0.5);
        }
        assertThat(dead.deliveryState()).isEqualTo(DeliveryState.DEAD);
        deliveries.save(dead);

        List<Delivery> claimed = deliveries.claimDue(T0.plus(Duration.ofDays(365)), LEASE, 10);

        assertThat(claimed).extracting(Delivery::id).containsExactly(second.get(1).id());
    }

    @Test
    void findsByStateOldestFirstUpToTheLimit() {
        List<Delivery> older = callEndedAt(T0);
        List<Delivery> newer = callEndedAt(T0.plusSeconds(5));
        Delivery deadOld = older.get(0).afterAttempt(new AttemptResult.Refused("HTTP 400"), T0.plusSeconds(9), RETRY, 0.5);
        Delivery deadNew = newer.get(0).afterAttempt(new AttemptResult.Refused("HTTP 400"), T0.plusSeconds(6), RETRY, 0.5);
        deliveries.save(deadNew);
        deliveries.save(deadOld);

        assertThat(deliveries.findByState(DeliveryState.FAILED, 10)).containsExactly(deadOld, deadNew);
        assertThat(deliveries.findByState(DeliveryState.FAILED, 1)).containsExactly(deadOld);
        assertThat(deliveries.findByState(DeliveryState.PENDING, 10)).containsExactly(older.get(1), newer.get(1));
        assertThat(deliveries.findByState(DeliveryState.DELIVERED, 10)).isEmpty();
    }

    @Test
    void findsOneMachinesDeliveriesInAStateOldestFirstUpToTheLimit() {
        List<Delivery> older = callEndedAt(T0);
        List<Delivery> newer = callEndedAt(T0.plusSeconds(5));
        List<Delivery> bobs = callOnEndedAt(bobsMachine(), T0.plusSeconds(1));
        Delivery failedNew = newer.get(0).afterAttempt(new AttemptResult.Refused("HTTP 401"), T0.plusSeconds(6), RETRY, 0.5);
        Delivery failedOld = older.get(0).afterAttempt(new AttemptResult.Refused("HTTP 401"), T0.plusSeconds(9), RETRY, 0.5);
        Delivery bobsFailed = bobs.get(0).afterAttempt(new AttemptResult.Refused("HTTP 401"), T0.plusSeconds(2), RETRY, 0.5);
        deliveries.saveAll(List.of(failedNew, failedOld, bobsFailed));

        assertThat(deliveries.findByMachineAndState(machine.id(), DeliveryState.FAILED, 10))
                .containsExactly(failedOld, failedNew);
        assertThat(deliveries.findByMachineAndState(machine.id(), DeliveryState.FAILED, 1)).containsExactly(failedOld);
        assertThat(deliveries.findByMachineAndState(machine.id(), DeliveryState.FAILED, 0)).isEmpty();
        assertThat(deliveries.findByMachineAndState(bobs.get(0).machineId(), DeliveryState.FAILED, 10))
                .containsExactly(bobsFailed);
        assertThat(deliveries.findByMachineAndState(machine.id(), DeliveryState.PENDING, 10))
                .containsExactly(older.get(1), newer.get(1));
        assertThat(deliveries.findByMachineAndState(machine.id(), DeliveryState.DEAD, 10)).isEmpty();
    }

    @Test
    void aReplayedDeliveryIsDueAgain() {
        List<Delivery> owed = callEndedAt(T0);
        Delivery failed = owed.get(0).afterAttempt(new AttemptResult.Refused("HTTP 400"), T0, RETRY, 0.5);
        deliveries.save(failed);
        deliveries.save(owed.get(1).afterAttempt(new AttemptResult.Delivered("HTTP 200"), T0, RETRY, 0.5));
        assertThat(deliveries.claimDue(T0.plusSeconds(600), LEASE, 10)).isEmpty();

        Delivery replayed = failed.replay(T0.plusSeconds(600));
        deliveries.save(replayed);

        assertThat(deliveries.claimDue(T0.plusSeconds(600), LEASE, 10)).containsExactly(replayed);
    }

    @Test
    void aReplayIsStoredOnlyOverADeliveryStillDeadOrFailed() {
        List<Delivery> owed = callEndedAt(T0);
        Delivery failed = owed.get(0).afterAttempt(new AttemptResult.Refused("HTTP 400"), T0, RETRY, 0.5);
        deliveries.save(failed);
        Delivery replayed = failed.replay(T0.plusSeconds(600));

        assertThat(deliveries.saveReplay(replayed)).isTrue();
        assertThat(deliveries.findById(failed.id())).contains(replayed);
        assertThat(deliveries.saveReplay(failed.replay(T0.plusSeconds(601)))).as("replayed already").isFalse();
        assertThat(deliveries.findById(failed.id())).contains(replayed);

        Delivery delivered = replayed.afterAttempt(new AttemptResult.Delivered("HTTP 200"), T0.plusSeconds(602), RETRY, 0.5);
        deliveries.save(delivered);
        assertThat(deliveries.saveReplay(failed.replay(T0.plusSeconds(603)))).as("delivered meanwhile").isFalse();
        assertThat(deliveries.findById(failed.id())).contains(delivered);
        assertThat(deliveries.claimDue(T0.plusSeconds(700), LEASE, 10)).extracting(Delivery::id).doesNotContain(failed.id());
    }

    /** Fails each of {@code owed} once at {@code at}: each waits for its retry, later the later it is in the list. */
    private List<Delivery> failedOnceAt(Instant at, List<Delivery> owed) {
        List<Delivery> waiting = new ArrayList<>();
        for (int i = 0; i < owed.size(); i++) {
            waiting.add(owed.get(i).afterAttempt(new AttemptResult.Retryable("no answer", Optional.empty()),
                    at.plusSeconds(i), RETRY, 0.5));
        }
        deliveries.saveAll(waiting);
        return waiting;
    }

    private Instant nextAttemptOf(Delivery delivery) {
        return deliveries.findById(delivery.id()).orElseThrow().snapshot().nextAttemptAt();
    }

    @Test
    void aMachinesWaitingDeliveriesAreBroughtForwardEarliestFirstKeepingTheirHistory() {
        List<Delivery> waiting = failedOnceAt(T0, callEndedAt(T0));
        Instant now = T0.plusSeconds(2);
        assertThat(waiting).allSatisfy(d -> assertThat(d.snapshot().nextAttemptAt()).isAfter(now));

        assertThat(deliveries.bringForward(machine.id(), now, now, 1)).isEqualTo(1);
        assertThat(nextAttemptOf(waiting.get(0))).isEqualTo(now);
        assertThat(nextAttemptOf(waiting.get(1))).isEqualTo(waiting.get(1).snapshot().nextAttemptAt());

        assertThat(deliveries.bringForward(machine.id(), now, now, 10)).isEqualTo(1);
        assertThat(nextAttemptOf(waiting.get(1))).isEqualTo(now);
        Delivery claimed = deliveries.claimDue(now, LEASE, 1).get(0);
        assertThat(claimed.snapshot().attempts()).isEqualTo(1);
        assertThat(claimed.snapshot().lastError()).contains("no answer");
        assertThat(claimed.mayHaveReachedMachine()).isTrue();
        assertThat(deliveries.bringForward(machine.id(), now, now, 10)).isZero();
    }

    @Test
    void onlyWaitingDeliveriesDueAfterTheGivenTimeAreBroughtForward() {
        List<Delivery> waiting = failedOnceAt(T0, callEndedAt(T0));
        Instant first = waiting.get(0).snapshot().nextAttemptAt();

        assertThat(deliveries.bringForward(machine.id(), T0.plusSeconds(2), first, 1)).isZero();
        assertThat(nextAttemptOf(waiting.get(0))).isEqualTo(first);
        assertThat(nextAttemptOf(waiting.get(1))).isEqualTo(waiting.get(1).snapshot().nextAttemptAt());

        assertThat(deliveries.bringForward(machine.id(), T0.plusSeconds(2), first.minusMillis(1), 1)).isEqualTo(1);
        assertThat(nextAttemptOf(waiting.get(0))).isEqualTo(T0.plusSeconds(2));
    }

    @Test
    void otherMachinesLeasedFinishedAndDueDeliveriesStayAsTheyAre() {
        List<Delivery> bobs = failedOnceAt(T0, callOnEndedAt(bobsMachine(), T0));
        List<Delivery> mine = failedOnceAt(T0, callEndedAt(T0));
        Instant now = T0.plusSeconds(2);
        deliveries.save(mine.get(1).afterAttempt(new AttemptResult.Refused("HTTP 401"), T0.plusSeconds(1), RETRY, 0.5));
        Instant retry = mine.get(0).snapshot().nextAttemptAt();
        List<Delivery> leased = deliveries.claimDue(retry, LEASE, 1, java.util.Set.of(bobs.get(0).machineId()));
        assertThat(leased).extracting(Delivery::id).containsExactly(mine.get(0).id());
        List<Delivery> due = callEndedAt(T0.plusSeconds(1));

        assertThat(deliveries.bringForward(machine.id(), now, now, 10)).isZero();

        assertThat(nextAttemptOf(bobs.get(0))).isEqualTo(bobs.get(0).snapshot().nextAttemptAt());
        assertThat(nextAttemptOf(mine.get(0))).isEqualTo(retry);
        assertThat(nextAttemptOf(due.get(0))).isEqualTo(T0.plusSeconds(1));
        assertThat(deliveries.findById(mine.get(1).id()).orElseThrow().deliveryState()).isEqualTo(DeliveryState.FAILED);
        assertThat(deliveries.bringForward(bobs.get(0).machineId(), now, now, 0)).isZero();
        assertThat(deliveries.bringForward(bobs.get(0).machineId(), now, now, 10)).isEqualTo(2);
    }

    /** {@code owed} failed at {@code at} until its retries ran out, saved dead. */
    private Delivery diedAt(Instant at, Delivery owed) {
        Delivery dead = owed;
        while (dead.deliveryState() == DeliveryState.PENDING) {
            dead = dead.afterAttempt(new AttemptResult.Retryable("no answer", Optional.empty()), at, RETRY, 0.5);
        }
        deliveries.save(dead);
        return dead;
    }

    /** A new call of {@code machine} ended at {@code at} and its notification delivered then, in a run of its own. */
    private List<Delivery> deliveredRunOf(Machine machine, Instant at) {
        Delivery owed = callOfEndedAt(machine, at).get(0);
        return List.of(owed.afterAttempt(new AttemptResult.Delivered("HTTP 202"), at, RETRY, 0.5));
    }

    @Test
    void aRunThatDeliveredBringsItsMachinesDeadLettersBackDueNowKeepingTheirKeys() {
        List<Delivery> owed = callEndedAt(T0);
        Delivery deadNote = diedAt(T0.plus(Duration.ofDays(7)), owed.get(0));
        Delivery deadFile = diedAt(T0.plus(Duration.ofDays(7)), owed.get(1));
        Instant back = T0.plus(Duration.ofDays(16));
        List<Delivery> run = deliveredRunOf(machine, back);

        int revived = deliveries.saveRun(run, DeadLetterRevival.DEFAULT, back);

        assertThat(revived).isEqualTo(2);
        assertThat(deliveries.findById(run.get(0).id())).contains(run.get(0));
        assertThat(deliveries.findById(deadNote.id())).contains(deadNote.revived(back));
        assertThat(deliveries.findById(deadFile.id())).contains(deadFile.revived(back));
        assertThat(deliveries.findById(deadNote.id()).orElseThrow().snapshot().idempotencyKey())
                .isEqualTo(owed.get(0).snapshot().idempotencyKey());
        assertThat(deliveries.claimDue(back, LEASE, 10)).extracting(Delivery::id)
                .contains(deadNote.id(), deadFile.id());
    }

    @Test
    void aRunSavedWithoutWaitingIsStoredWithItsRevivalsOnceItsStageCompletes() throws Exception {
        List<Delivery> owed = callEndedAt(T0);
        Delivery deadNote = diedAt(T0.plus(Duration.ofDays(7)), owed.get(0));
        Instant back = T0.plus(Duration.ofDays(16));
        List<Delivery> run = deliveredRunOf(machine, back);

        int revived = deliveries.saveRunAsync(run, DeadLetterRevival.DEFAULT, back).toCompletableFuture()
                .get(10, TimeUnit.SECONDS);

        assertThat(revived).isEqualTo(1);
        assertThat(deliveries.findById(run.get(0).id())).contains(run.get(0));
        assertThat(deliveries.findById(deadNote.id())).contains(deadNote.revived(back));
        assertThat(deliveries.saveRunAsync(List.of(), DeadLetterRevival.DEFAULT, back).toCompletableFuture()
                .get(10, TimeUnit.SECONDS)).isZero();
    }

    @Test
    void onlyThatMachinesDeadLettersComeBackNotItsRefusedOnesNorOtherMachines() {
        Machine bobs = bobsMachine();
        Delivery bobsDead = diedAt(T0.plus(Duration.ofDays(7)), callOnEndedAt(bobs, T0).get(0));
        List<Delivery> owed = callEndedAt(T0);
        Delivery refused = owed.get(0).afterAttempt(new AttemptResult.Refused("HTTP 401"), T0, RETRY, 0.5);
        deliveries.save(refused);
        Delivery dead = diedAt(T0.plus(Duration.ofDays(7)), owed.get(1));
        Instant back = T0.plus(Duration.ofDays(16));

        assertThat(deliveries.saveRun(deliveredRunOf(machine, back), DeadLetterRevival.DEFAULT, back)).isEqualTo(1);

        assertThat(deliveries.findById(dead.id()).orElseThrow().deliveryState()).isEqualTo(DeliveryState.PENDING);
        assertThat(deliveries.findById(refused.id())).contains(refused);
        assertThat(deliveries.findById(bobsDead.id())).contains(bobsDead);
    }

    @Test
    void aRunThatDeliveredNothingBringsNothingBack() {
        Delivery dead = diedAt(T0.plus(Duration.ofDays(7)), callEndedAt(T0).get(0));
        Instant back = T0.plus(Duration.ofDays(16));
        Delivery unanswered = callEndedAt(back).get(0)
                .afterAttempt(new AttemptResult.Retryable("no answer", Optional.empty()), back, RETRY, 0.5);

        assertThat(deliveries.saveRun(List.of(unanswered), DeadLetterRevival.DEFAULT, back)).isZero();
        assertThat(deliveries.saveRun(List.of(), DeadLetterRevival.DEFAULT, back)).isZero();

        assertThat(deliveries.findById(unanswered.id())).contains(unanswered);
        assertThat(deliveries.findById(dead.id())).contains(dead);
    }

    @Test
    void aDeadLetterComesBackOnceOnlyAndAnOperatorMayStillReplayIt() {
        Delivery dead = diedAt(T0.plus(Duration.ofDays(7)), callEndedAt(T0).get(0));
        Instant back = T0.plus(Duration.ofDays(16));
        deliveries.saveRun(deliveredRunOf(machine, back), DeadLetterRevival.DEFAULT, back);
        Delivery deadAgain = diedAt(back.plus(Duration.ofDays(1)), deliveries.findById(dead.id()).orElseThrow());
        assertThat(deliveries.findById(dead.id())).contains(deadAgain);
        Instant backAgain = back.plus(Duration.ofDays(2));

        assertThat(deliveries.saveRun(deliveredRunOf(machine, backAgain), DeadLetterRevival.DEFAULT, backAgain)).isZero();
        assertThat(deliveries.findById(dead.id())).contains(deadAgain);

        Delivery replayed = deadAgain.replay(backAgain);
        assertThat(deliveries.saveReplay(replayed)).isTrue();
        assertThat(deliveries.findById(dead.id())).contains(replayed);
        assertThat(replayed.snapshot().revivals()).isEqualTo(1);
    }

    @Test
    void deadLettersOlderThanTheBoundStayDead() {
        Delivery old = diedAt(T0.plus(Duration.ofDays(7)), callEndedAt(T0).get(0));
        Delivery young = diedAt(T0.plus(Duration.ofDays(8)), callEndedAt(T0.plus(Duration.ofDays(1))).get(0));
        Instant back = T0.plus(Duration.ofDays(10));

        int revived = deliveries.saveRun(deliveredRunOf(machine, back), new DeadLetterRevival(Duration.ofDays(10)), back);

        assertThat(revived).isEqualTo(1);
        assertThat(deliveries.findById(old.id())).contains(old);
        assertThat(deliveries.findById(young.id())).contains(young.revived(back));
    }

    @Test
    void theMachinesWaitingForARetryAreThoseWithAnAttemptedDeliveryDueLater() {
        Machine bobs = bobsMachine();
        List<Delivery> mine = failedOnceAt(T0, callEndedAt(T0));
        callOnEndedAt(bobs, T0);
        assertThat(deliveries.machinesWaitingForRetry(T0.plusSeconds(2))).containsExactly(machine.id());

        deliveries.saveAll(List.of(
                mine.get(0).afterAttempt(new AttemptResult.Delivered("HTTP 200"), T0.plusSeconds(2), RETRY, 0.5),
                mine.get(1).afterAttempt(new AttemptResult.Refused("HTTP 401"), T0.plusSeconds(2), RETRY, 0.5)));
        assertThat(deliveries.machinesWaitingForRetry(T0.plusSeconds(2))).as("Bob's were never attempted").isEmpty();

        List<Delivery> later = failedOnceAt(T0.plusSeconds(3), callEndedAt(T0.plusSeconds(3)));
        Instant due = later.get(1).snapshot().nextAttemptAt();
        assertThat(deliveries.machinesWaitingForRetry(due.minusMillis(1))).containsExactly(machine.id());
        assertThat(deliveries.machinesWaitingForRetry(due)).as("due, not waiting").isEmpty();
    }

    @Test
    void theOutboxIsCountedByStateAndItsPendingDeliveriesByWhereTheyStand() {
        Machine bobs = bobsMachine();
        List<Delivery> mine = failedOnceAt(T0, callEndedAt(T0));
        List<Delivery> bobsWaiting = failedOnceAt(T0, callOnEndedAt(bobs, T0));
        Delivery delivered = callEndedAt(T0).get(0).afterAttempt(new AttemptResult.Delivered("HTTP 200"), T0, RETRY, 0.5);
        deliveries.save(delivered);
        deliveries.save(mine.get(1).afterAttempt(new AttemptResult.Refused("HTTP 401"), T0.plusSeconds(1), RETRY, 0.5));
        Instant now = T0.plusSeconds(2);
        callEndedAt(now);
        deliveries.claimDue(now, LEASE, 1);

        assertThat(deliveries.countByState()).containsEntry(DeliveryState.PENDING, 6L)
                .containsEntry(DeliveryState.DELIVERED, 1L).containsEntry(DeliveryState.FAILED, 1L)
                .doesNotContainEntry(DeliveryState.DEAD, 1L);
        assertThat(deliveries.countPending(now)).isEqualTo(new DeliveryRepository.PendingCounts(2, 1, 3));
        assertThat(deliveries.waitingByMachine(now, 10)).containsExactly(
                java.util.Map.entry(bobs.id(), 2L), java.util.Map.entry(machine.id(), 1L));
        assertThat(deliveries.waitingByMachine(now, 1)).containsOnlyKeys(bobs.id());
        assertThat(bobsWaiting).hasSize(2);
        Instant later = T0.plus(Duration.ofDays(1));
        assertThat(deliveries.countPending(later)).as("the lease has run out").isEqualTo(new DeliveryRepository.PendingCounts(6, 0, 0));
        assertThat(deliveries.waitingByMachine(later, 10)).isEmpty();
    }

    @Test
    void nextDueAtIsEmptyWithoutPendingDeliveries() {
        assertThat(deliveries.nextDueAt()).isEmpty();

        List<Delivery> owed = callEndedAt(T0);
        owed.forEach(d -> deliveries.save(d.afterAttempt(new AttemptResult.Delivered("HTTP 200"), T0, RETRY, 0.5)));

        assertThat(deliveries.nextDueAt()).isEmpty();
    }

    @Test
    void nextDueAtIsTheEarliestPendingAttempt() {
        callEndedAt(T0.plusSeconds(30));
        callEndedAt(T0.plusSeconds(10));

        assertThat(deliveries.nextDueAt()).contains(T0.plusSeconds(10));
    }

    @Test
    void nextDueAtWaitsForALeaseToExpire() {
        callEndedAt(T0);
        deliveries.claimDue(T0.plusSeconds(1), LEASE, 10);

        assertThat(deliveries.nextDueAt()).contains(T0.plusSeconds(1).plus(LEASE));

        callEndedAt(T0.plusSeconds(5));
        assertThat(deliveries.nextDueAt()).contains(T0.plusSeconds(5));
    }

    @Test
    void concurrentWorkersNeverClaimTheSameDelivery() throws Exception {
        List<DeliveryId> all = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            all.addAll(idsOf(callEndedAt(T0.plusMillis(i))));
        }
        int workers = 4;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        try {
            List<Future<List<DeliveryId>>> results = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                Callable<List<DeliveryId>> worker = () -> {
                    start.await();
                    List<DeliveryId> mine = new ArrayList<>();
                    List<Delivery> batch;
                    while (!(batch = deliveries.claimDue(T0.plusSeconds(1), LEASE, 2)).isEmpty()) {
                        mine.addAll(idsOf(batch));
                    }
                    return mine;
                };
                results.add(pool.submit(worker));
            }
            start.countDown();
            List<DeliveryId> claimed = new ArrayList<>();
            for (Future<List<DeliveryId>> result : results) {
                claimed.addAll(result.get(30, TimeUnit.SECONDS));
            }

            assertThat(claimed).containsExactlyInAnyOrderElementsOf(all);
        } finally {
            pool.shutdownNow();
        }
    }
}
