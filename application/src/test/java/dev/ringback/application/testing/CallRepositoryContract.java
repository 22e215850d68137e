package dev.ringback.application.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ringback.application.port.out.CallRepository;
import dev.ringback.application.port.out.DeliveryRepository;
import dev.ringback.domain.account.CallAllowance;
import dev.ringback.domain.account.Machine;
import dev.ringback.domain.account.MonthUsage;
import dev.ringback.domain.account.Reservation;
import dev.ringback.domain.account.User;
import dev.ringback.domain.account.UserId;
import dev.ringback.domain.call.CallId;
import dev.ringback.domain.call.CallOutcome;
import dev.ringback.domain.call.CallRecord;
import dev.ringback.domain.call.CallStatus;
import dev.ringback.domain.call.ProviderCallId;
import dev.ringback.domain.call.UnknownOutcome;
import dev.ringback.domain.delivery.AttemptResult;
import dev.ringback.domain.delivery.DeadLetterRevival;
import dev.ringback.domain.delivery.Delivery;
import dev.ringback.domain.delivery.DeliveryId;
import dev.ringback.domain.delivery.DeliveryState;
import dev.ringback.domain.delivery.RetryPolicy;
import dev.ringback.domain.notify.TranscriptFilePolicy;
import dev.ringback.domain.phone.PhoneNumber;
import dev.ringback.domain.session.OriginSession;
import dev.ringback.domain.session.SessionKey;
import dev.ringback.domain.session.SessionSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What every {@link CallRepository} must do, including writing deliveries with an outcome. */
public abstract class CallRepositoryContract {
    /** Sub-millisecond on purpose: stored times must come back exactly. */
    private static final Instant T0 = Instant.parse("2025-01-15T10:00:00.123456789Z");
    /** When the contract's corrections are recorded: after the unknown outcome (T0 + 2 h), within a lease of it. */
    private static final Instant CORRECTED_AT = T0.plus(Duration.ofHours(3));

    private CallRepository calls;
    private DeliveryRepository deliveries;
    private final SequentialIds ids = new SequentialIds("delivery-");
    private final User alice = Fixtures.user("alice");
    private final User bob = Fixtures.user("bob");
    private final Machine aliceMachine = Fixtures.machine("machine-a", alice.id(), "gateway-token-a");
    private final Machine bobMachine = Fixtures.machine("machine-b", bob.id(), "gateway-token-b");
    /** Has a number but no machine yet. */
    private final User carol = Fixtures.user("carol");

    protected abstract Repositories newRepositories();

    @BeforeEach
    void createRepositories() {
        Repositories repositories = newRepositories();
        repositories.users().save(alice);
        repositories.users().save(bob);
        repositories.users().save(carol);
        repositories.machines().save(aliceMachine);
        repositories.machines().save(bobMachine);
        calls = repositories.calls();
        deliveries = repositories.deliveries();
    }

    private CallRecord placed(String id, Instant at) {
        CallRecord call = Fixtures.outboundCall(id, aliceMachine, at);
        calls.insert(call);
        return call;
    }

    @Test
    void findsAnInsertedCall() {
        CallRecord call = placed("call-1", T0);

        assertThat(calls.findById(call.id())).contains(call);
        assertThat(calls.findById(new CallId("call-x"))).isEmpty();
    }

    @Test
    void everyFieldOfAnEndedCallRoundTrips() {
        CallRecord call = Fixtures.outboundCall("call-1", aliceMachine, T0)
                .acceptedByProvider(new ProviderCallId("bland-1"));
        calls.insert(call);
        CallRecord ended = Fixtures.completed(call, 125, T0.plusSeconds(130));

        assertThat(calls.recordCompletion(ended, List.of())).isTrue();

        assertThat(calls.findById(call.id())).contains(ended);
        assertThat(ended.snapshot().recordingUrl()).isPresent();
        assertThat(ended.snapshot().costMicros()).isPositive();
    }

    /**
     * Bland's answer to the placement was lost (a timeout), so the call has no provider id until
     * its webhook names it: the completion records it, and a later copy of the webhook without our
     * metadata finds the call by it.
     */
    @Test
    void aCompletionRecordsTheProviderIdTheCallDidNotHaveYet() {
        CallRecord call = Fixtures.outboundCall("call-1", aliceMachine, T0);
        calls.insert(call);
        CallRecord ended = Fixtures.completed(call.acceptedByProvider(new ProviderCallId("bland-late")), 125,
                T0.plusSeconds(130));

        assertThat(calls.recordCompletion(ended, List.of())).isTrue();

        assertThat(calls.findByProviderCallId(new ProviderCallId("bland-late"))).contains(ended);
        assertThat(calls.findById(call.id())).contains(ended);
    }

    @Test
    void aCallWithoutOptionalFieldsRoundTrips() {
        CallRecord call = CallRecord.placeOutbound(new CallId("call-2"), alice.id(), aliceMachine.id(),
                Fixtures.USER_NUMBER, new PhoneNumber("+13105550199"), "",
                new OriginSession(SessionKey.MAIN, SessionSource.DEFAULT), T0);
        calls.insert(call);
        CallRecord refused = call.notPlaced("insufficient balance", T0.plusMillis(1));

        assertThat(calls.updateUnfinished(refused)).isTrue();

        assertThat(calls.findById(call.id())).contains(refused);
    }

    @Test
    void aCallOfAMachineWithoutAFileServerKeepsThatThroughItsEnd() {
        CallRecord call = CallRecord.placeOutbound(new CallId("call-3"), alice.id(), aliceMachine.id(),
                Fixtures.USER_NUMBER, new PhoneNumber("+442071234567"), "Ask about the order",
                new OriginSession(SessionKey.MAIN, SessionSource.DEFAULT), false, T0);
        calls.insert(call);
        CallRecord ended = Fixtures.completed(call.acceptedByProvider(new ProviderCallId("bland-3")), 60, T0.plusSeconds(70));

        assertThat(calls.recordCompletion(ended, List.of())).isTrue();

        assertThat(calls.findById(call.id())).contains(ended);
        assertThat(calls.findById(call.id()).orElseThrow().snapshot().writesTranscriptFile()).isFalse();
    }

    @Test
    void aDuplicateIdIsRefused() {
        CallRecord call = placed("call-1", T0);

        assertThatThrownBy(() -> calls.insert(Fixtures.outboundCall("call-1", aliceMachine, T0.plusSeconds(1))))
                .isInstanceOf(IllegalStateException.class);
        assertThat(calls.findById(call.id())).contains(call);
    }

    @Test
    void findsByTheProvidersId() {
        CallRecord call = placed("call-1", T0);
        CallRecord accepted = call.acceptedByProvider(new ProviderCallId("bland-1"));
        calls.updateUnfinished(accepted);

        assertThat(calls.findByProviderCallId(new ProviderCallId("bland-1"))).contains(accepted);
        assertThat(calls.findByProviderCallId(new ProviderCallId("bland-2"))).isEmpty();
    }

    @Test
    void updateUnfinishedReplacesAnInitiatedCall() {
        CallRecord call = placed("call-1", T0);
        CallRecord accepted = call.acceptedByProvider(new ProviderCallId("bland-1"));

        assertThat(calls.updateUnfinished(accepted)).isTrue();

        assertThat(calls.findById(call.id())).contains(accepted);
    }

    @Test
    void updateUnfinishedChangesNothingOnceTheCallHasEnded() {
        CallRecord call = placed("call-1", T0);
        CallRecord ended = Fixtures.completed(call, 60, T0.plusSeconds(70));
        calls.recordCompletion(ended, List.of());

        boolean updated = calls.updateUnfinished(call.acceptedByProvider(new ProviderCallId("bland-late")));

        assertThat(updated).isFalse();
        assertThat(calls.findById(call.id())).contains(ended);
        assertThat(calls.findByProviderCallId(new ProviderCallId("bland-late"))).isEmpty();
    }

    @Test
    void updateUnfinishedAfterNotPlacedIsRefused() {
        CallRecord call = placed("call-1", T0);
        CallRecord refused = call.notPlaced("rejected", T0.plusSeconds(1));
        assertThat(calls.updateUnfinished(refused)).isTrue();

        assertThat(calls.updateUnfinished(call.acceptedByProvider(new ProviderCallId("bland-1")))).isFalse();
        assertThat(calls.findById(call.id())).contains(refused);
    }

    @Test
    void updateUnfinishedOfAnUnknownCallIsFalse() {
        CallRecord never = Fixtures.outboundCall("call-x", aliceMachine, T0);

        assertThat(calls.updateUnfinished(never)).isFalse();
        assertThat(calls.findById(never.id())).isEmpty();
    }

    @Test
    void recentCallsAreTheUsersOwnNewestFirst() {
        CallRecord oldest = placed("call-1", T0);
        CallRecord middle = placed("call-2", T0.plusNanos(1));
        CallRecord newest = placed("call-3", T0.plus(Duration.ofDays(1)));
        calls.insert(Fixtures.outboundCall("call-bob", bobMachine, T0.plusSeconds(5)));

        assertThat(calls.findRecentByUser(alice.id(), 10)).containsExactly(newest, middle, oldest);
        assertThat(calls.findRecentByUser(alice.id(), 2)).containsExactly(newest, middle);
        assertThat(calls.findRecentByUser(new UserId("carol"), 10)).isEmpty();
        assertThat(calls.findRecentByUser(bob.id(), 10)).extracting(CallRecord::id).containsExactly(new CallId("call-bob"));
    }

    @Test
    void secondsUsedCountsTheUsersCallsCreatedSinceTheInstant() {
        Instant monthStart = T0;
        calls.recordCompletion(Fixtures.completed(placed("call-before", monthStart.minusNanos(1)), 1000, T0), List.of());
        calls.recordCompletion(Fixtures.completed(placed("call-at", monthStart), 61, T0.plusSeconds(100)), List.of());
        calls.recordCompletion(Fixtures.completed(placed("call-after", monthStart.plusSeconds(3600)), 30, T0.plusSeconds(4000)), List.of());
        placed("call-running", monthStart.plusSeconds(7200));
        CallRecord bobs = Fixtures.outboundCall("call-bob", bobMachine, monthStart.plusSeconds(10));
        calls.insert(bobs);
        calls.recordCompletion(Fixtures.completed(bobs, 500, T0.plusSeconds(600)), List.of());

        assertThat(calls.secondsUsedSince(alice.id(), monthStart)).isEqualTo(91);
        assertThat(calls.secondsUsedSince(bob.id(), monthStart)).isEqualTo(500);
        assertThat(calls.secondsUsedSince(new UserId("carol"), monthStart)).isZero();
        assertThat(calls.secondsUsedSince(alice.id(), monthStart.plus(Duration.ofDays(1)))).isZero();
    }

    @Test
    void recordCompletionStoresTheOutcomeWithItsDeliveries() {
        CallRecord call = placed("call-1", T0);
        CallRecord ended = Fixtures.completed(call, 60, T0.plusSeconds(70));
        List<Delivery> owed = Fixtures.deliveriesFor(ended, ids, T0.plusSeconds(70));

        assertThat(calls.recordCompletion(ended, owed)).isTrue();

        assertThat(calls.findById(call.id())).contains(ended);
        assertThat(deliveries.findByCall(call.id())).containsExactlyInAnyOrderElementsOf(owed);
        assertThat(deliveries.findById(owed.get(0).id())).contains(owed.get(0));
    }

    @Test
    void aDuplicateCompletionReturnsFalseAndWritesNoDeliveries() {
        CallRecord call = placed("call-1", T0);
        CallRecord first = Fixtures.completed(call, 60, T0.plusSeconds(70));
        List<Delivery> firstOwed = Fixtures.deliveriesFor(first, ids, T0.plusSeconds(70));
        calls.recordCompletion(first, firstOwed);
        CallRecord second = Fixtures.completed(call, 99, T0.plusSeconds(80));

        boolean recorded = calls.recordCompletion(second, Fixtures.deliveriesFor(second, ids, T0.plusSeconds(80)));

        assertThat(recorded).isFalse();
        assertThat(calls.findById(call.id())).contains(first);
        assertThat(deliveries.findByCall(call.id())).containsExactlyInAnyOrderElementsOf(firstOwed);
    }

    @Test
    void anAsynchronousCompletionIsStoredWhenItsStageCompletesAndADuplicateIsRefused() throws Exception {
        CallRecord call = placed("call-1", T0);
        CallRecord ended = Fixtures.completed(call, 60, T0.plusSeconds(70));
        List<Delivery> owed = Fixtures.deliveriesFor(ended, ids, T0.plusSeconds(70));
        CallRecord copy = Fixtures.completed(call, 99, T0.plusSeconds(80));

        boolean first = calls.recordCompletionAsync(ended, owed).toCompletableFuture().get(10, TimeUnit.SECONDS);
        boolean second = calls.recordCompletionAsync(copy, Fixtures.deliveriesFor(copy, ids, T0.plusSeconds(80)))
                .toCompletableFuture().get(10, TimeUnit.SECONDS);

        assertThat(first).isTrue();
        assertThat(second).isFalse();
        assertThat(calls.findById(call.id())).contains(ended);
        assertThat(deliveries.findByCall(call.id())).containsExactlyInAnyOrderElementsOf(owed);
    }

    @Test
    void completionOfAnUnknownCallWritesNothing() {
        CallRecord ghost = Fixtures.completed(Fixtures.outboundCall("call-x", aliceMachine, T0), 60, T0.plusSeconds(70));

        assertThat(calls.recordCompletion(ghost, List.of())).isFalse();
        assertThat(calls.findById(ghost.id())).isEmpty();
    }

    @Test
    void aCompletionWhoseDeliveriesCannotBeWrittenLeavesTheCallUnfinished() {
        Unwritable unwritable = unwritableCompletion();
        Delivery fine = Fixtures.deliveriesFor(unwritable.ended(), ids, T0.plusSeconds(70)).get(0);

        assertThatThrownBy(() -> calls.recordCompletion(unwritable.ended(), List.of(fine, unwritable.clashing())))
                .isInstanceOf(IllegalStateException.class);

        assertThat(calls.findById(unwritable.call().id())).contains(unwritable.call());
        assertThat(deliveries.findByCall(unwritable.call().id())).isEmpty();
        assertThat(deliveries.findById(fine.id())).isEmpty();
    }

    @Test
    void anAsynchronousCompletionThatCannotBeWrittenFailsItsStageAndLeavesTheCallUnfinished() {
        Unwritable unwritable = unwritableCompletion();

        assertThatThrownBy(() -> calls.recordCompletionAsync(unwritable.ended(), List.of(unwritable.clashing()))
                        .toCompletableFuture().get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(IllegalStateException.class);

        assertThat(calls.findById(unwritable.call().id())).contains(unwritable.call());
        assertThat(deliveries.findByCall(unwritable.call().id())).isEmpty();
    }

    /** A call in flight, its completion, and a delivery for it whose id another call's delivery already has. */
    @Test
    void theWordsOfCallsEndedBeforeTheCutoffAreForgottenButForCallsStillOwingADelivery() {
        Instant ended = T0.plusSeconds(130);
        Instant cutoff = T0.plus(Duration.ofHours(1));
        CallRecord allDelivered = endedOwing("call-delivered", ended);
        deliverAll(allDelivered, ended.plusSeconds(1));
        CallRecord oneDead = endedOwing("call-dead", ended);
        List<Delivery> itsDeliveries = deliveries.findByCall(oneDead.id());
        deliveries.save(itsDeliveries.get(0).afterAttempt(new AttemptResult.Delivered("200"), ended, RetryPolicy.DEFAULT, 0.5));
        deliveries.save(itsDeliveries.get(1).afterAttempt(new AttemptResult.Retryable("503", Optional.empty()), ended,
                new RetryPolicy(Duration.ofSeconds(1), Duration.ofSeconds(1), 1), 0.5));
        CallRecord stillOwing = endedOwing("call-owing", ended);
        CallRecord endedAfter = endedOwing("call-recent", cutoff.plusSeconds(1));
        deliverAll(endedAfter, cutoff.plusSeconds(2));
        CallRecord inFlight = placed("call-in-flight", T0);
        MonthUsage usage = calls.usageSince(alice.id(), T0.minus(Duration.ofDays(1)), cutoff);

        assertThat(calls.forgetWordsOfCallsEndedBefore(cutoff)).isEqualTo(2);

        assertThat(calls.findById(allDelivered.id())).contains(allDelivered.withWordsForgotten());
        assertThat(calls.findById(oneDead.id())).contains(oneDead.withWordsForgotten());
        assertThat(deliveries.findByCall(oneDead.id())).as("the delivered one stays, the dead one, words and all, goes")
                .extracting(Delivery::id).containsExactly(itsDeliveries.get(0).id());
        assertThat(calls.findById(stillOwing.id())).contains(stillOwing);
        assertThat(calls.findById(endedAfter.id())).contains(endedAfter);
        assertThat(calls.findById(inFlight.id())).contains(inFlight);
        assertThat(calls.usageSince(alice.id(), T0.minus(Duration.ofDays(1)), cutoff)).isEqualTo(usage);
        assertThat(calls.forgetWordsOfCallsEndedBefore(cutoff)).as("nothing left to forget").isZero();
    }

    /** A call ended at {@code at} with its notification and transcript owed. */
    private CallRecord endedOwing(String id, Instant at) {
        CallRecord call = placed(id, T0);
        CallRecord ended = Fixtures.completed(call, 125, at);
        assertThat(calls.recordCompletion(ended, Fixtures.deliveriesFor(ended, ids, at))).isTrue();
        return ended;
    }

    private void deliverAll(CallRecord call, Instant at) {
        deliveries.findByCall(call.id()).forEach(delivery -> deliveries.save(
                delivery.afterAttempt(new AttemptResult.Delivered("200"), at, RetryPolicy.DEFAULT, 0.5)));
    }

    private record Unwritable(CallRecord call, CallRecord ended, Delivery clashing) {}

    private Unwritable unwritableCompletion() {
        CallRecord otherEnded = Fixtures.completed(placed("call-0", T0), 10, T0.plusSeconds(20));
        List<Delivery> taken = Fixtures.deliveriesFor(otherEnded, ids, T0.plusSeconds(20));
        calls.recordCompletion(otherEnded, taken);
        CallRecord call = placed("call-1", T0.plusSeconds(1));
        CallRecord ended = Fixtures.completed(call, 60, T0.plusSeconds(70));
        return new Unwritable(call, ended, Delivery.ofTranscript(taken.get(0).id(), ended.id(), ended.machineId().orElseThrow(),
                TranscriptFilePolicy.fileFor(ended), T0.plusSeconds(70)));
    }

    @Test
    void concurrentCompletionsOfOneCallRecordExactlyOne() throws Exception {
        CallRecord call = placed("call-1", T0);
        List<CallRecord> candidates = new ArrayList<>();
        List<Callable<Boolean>> writes = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            CallRecord ended = Fixtures.completed(call, 10 + i, T0.plusSeconds(100 + i));
            List<Delivery> owed = Fixtures.deliveriesFor(ended, new SequentialIds("thread-" + i + "-"), T0.plusSeconds(100));
            candidates.add(ended);
            writes.add(() -> calls.recordCompletion(ended, owed));
        }

        List<Integer> winners = winnersOfARace(writes);

        assertThat(winners).hasSize(1);
        int winner = winners.get(0);
        assertThat(calls.findById(call.id())).contains(candidates.get(winner));
        assertThat(deliveries.findByCall(call.id()))
                .extracting(Delivery::id)
                .containsExactlyInAnyOrder(new DeliveryId("thread-" + winner + "-1"), new DeliveryId("thread-" + winner + "-2"));
    }

    /** A call ended as "outcome unknown" and stored with what that owes, as the reconciler leaves it. */
    private CallRecord storedUnknown(CallRecord call, String summary) {
        CallRecord unknown = Fixtures.endedUnknown(call, summary, T0.plus(Duration.ofHours(2)));
        assertThat(calls.recordCompletion(unknown, Fixtures.deliveriesFor(unknown, ids, T0.plus(Duration.ofHours(2))))).isTrue();
        return unknown;
    }

    /**
     * Deliveries owed by an outcome that may have been told before (the sweep settling a call after
     * a restore) are stored so that their first claim reads them as resends; the others are not.
     */
    @Test
    void deliveriesThatMayHaveBeenSentBeforeAreClaimedAsResends() {
        CallRecord doubted = Fixtures.completed(placed("call-doubted", T0), 60, T0.plusSeconds(60));
        List<Delivery> owed = Fixtures.deliveriesFor(doubted, ids, T0.plusSeconds(60)).stream()
                .map(Delivery::mayHaveBeenSentBefore).toList();
        assertThat(calls.recordCompletion(doubted, owed)).isTrue();
        CallRecord plain = Fixtures.completed(placed("call-plain", T0), 60, T0.plusSeconds(60));
        assertThat(calls.recordCompletion(plain, Fixtures.deliveriesFor(plain, ids, T0.plusSeconds(60)))).isTrue();
        CallRecord unknown = storedUnknown(bobCall("call-corrected"), UnknownOutcome.LOST_SUMMARY);
        CallRecord corrected = Fixtures.corrected(unknown, 60, CORRECTED_AT);
        assertThat(calls.recordCorrection(corrected, Fixtures.correctionDeliveriesFor(corrected, ids, CORRECTED_AT).stream()
                .map(Delivery::mayHaveBeenSentBefore).toList())).isTrue();

        List<Delivery> claimed = new ArrayList<>(deliveries.claimDueOf(aliceMachine.id(), CORRECTED_AT, Duration.ofMinutes(2), 10));
        claimed.addAll(deliveries.claimDueOf(bobMachine.id(), CORRECTED_AT, Duration.ofMinutes(2), 10));

        assertThat(claimed).hasSize(6);
        assertThat(claimed).filteredOn(Delivery::mayHaveReachedMachine).extracting(Delivery::callId)
                .containsExactlyInAnyOrder(doubted.id(), doubted.id(), corrected.id(), corrected.id());
        assertThat(claimed).filteredOn(Delivery::mayHaveReachedMachine).extracting(d -> d.snapshot().attempts())
                .containsOnly(0);
    }

    @Test
    void aCorrectionReplacesTheUnknownOutcomeWholeAndStoresItsDeliveries() {
        for (int i = 0; i < UnknownOutcome.SUMMARIES.size(); i++) {
            CallRecord call = placed("call-" + i, T0);
            CallRecord unknown = storedUnknown(call.acceptedByProvider(new ProviderCallId("bland-" + i)),
                    UnknownOutcome.SUMMARIES.get(i));
            List<Delivery> toldUnknown = deliveries.findByCall(call.id());
            CallRecord corrected = Fixtures.corrected(unknown, 125, T0.plus(Duration.ofHours(3)));
            List<Delivery> owed = Fixtures.correctionDeliveriesFor(corrected, ids, T0.plus(Duration.ofHours(3)));

            assertThat(calls.recordCorrection(corrected, owed)).isTrue();

            assertThat(calls.findById(call.id())).contains(corrected);
            assertThat(calls.findByProviderCallId(corrected.providerCallId().orElseThrow())).contains(corrected);
            // What told the unknown outcome was still waiting: withdrawn, only the correction is owed.
            assertThat(toldUnknown).hasSize(2);
            assertThat(deliveries.findByCall(call.id())).containsExactlyInAnyOrderElementsOf(owed);
            assertThat(deliveries.findById(owed.get(0).id())).contains(owed.get(0));
        }
    }

    /**
     * Whatever told the unknown outcome and was not delivered goes, whether it waits, is being
     * sent, or was given up on: a dead letter comes back when its machine answers again and an
     * operator may replay a failed one, each after the correction it would contradict.
     */
    @Test
    void aCorrectionWithdrawsEveryDeliveryOfTheCallThatWasNotDelivered() {
        Duration lease = Duration.ofMinutes(2);
        // Held: claimed 30 s before the correction, its lease runs on past it.
        CallRecord held = storedUnknown(placed("call-held", T0), UnknownOutcome.LOST_SUMMARY);
        assertThat(deliveries.claimDueOf(aliceMachine.id(), CORRECTED_AT.minusSeconds(30), lease, 10)).hasSize(2);
        // Lapsed: claimed when it was told, by a worker that never came back.
        CallRecord lapsed = storedUnknown(bobCall("call-lapsed"), UnknownOutcome.LOST_SUMMARY);
        assertThat(deliveries.claimDueOf(bobMachine.id(), T0.plus(Duration.ofHours(2)), lease, 10)).hasSize(2);
        // One of two delivered, the other handed back to wait for its turn.
        CallRecord half = storedUnknown(placed("call-half", T0), UnknownOutcome.STUCK_SUMMARY);
        List<Delivery> run = deliveries.claimDueOf(aliceMachine.id(), CORRECTED_AT.minusSeconds(60), lease, 10);
        assertThat(run).extracting(Delivery::callId).containsOnly(half.id());
        Delivery delivered = run.get(0).afterAttempt(new AttemptResult.Delivered("HTTP 200"),
                CORRECTED_AT.minusSeconds(59), RetryPolicy.DEFAULT, 0.5);
        deliveries.save(delivered);
        deliveries.release(run.get(1));
        // Given up on: one refused by the machine, the other dead after every retry.
        CallRecord givenUp = storedUnknown(bobCall("call-given-up"), UnknownOutcome.LOST_SUMMARY);
        List<Delivery> toldGivenUp = deliveries.findByCall(givenUp.id());
        deliveries.save(toldGivenUp.get(0).afterAttempt(new AttemptResult.Refused("HTTP 401"),
                CORRECTED_AT.minusSeconds(50), RetryPolicy.DEFAULT, 0.5));
        Delivery dead = toldGivenUp.get(1);
        for (int i = 0; i < RetryPolicy.DEFAULT.maxAttempts(); i++) {
            dead = dead.afterAttempt(new AttemptResult.Retryable("timeout", Optional.empty()),
                    CORRECTED_AT.minusSeconds(40), RetryPolicy.DEFAULT, 0.5);
        }
        assertThat(dead.deliveryState()).isEqualTo(DeliveryState.DEAD);
        deliveries.save(dead);
        // Not corrected: what it owes is no one else's business.
        CallRecord untouched = storedUnknown(bobCall("call-untouched"), UnknownOutcome.LOST_SUMMARY);
        List<Delivery> untouchedOwes = deliveries.findByCall(untouched.id());

        for (CallRecord unknown : List.of(held, lapsed, half, givenUp)) {
            CallRecord corrected = Fixtures.corrected(unknown, 60, CORRECTED_AT);
            List<Delivery> owed = Fixtures.correctionDeliveriesFor(corrected, ids, CORRECTED_AT);
            assertThat(calls.recordCorrection(corrected, owed)).as(unknown.id().value()).isTrue();

            List<Delivery> left = deliveries.findByCall(unknown.id()).stream().filter(d -> !owed.contains(d)).toList();
            if (unknown == half) {
                assertThat(left).as("the delivered one only").extracting(Delivery::id).containsExactly(delivered.id());
            } else {
                assertThat(left).as(unknown.id().value()).isEmpty();
            }
        }
        assertThat(deliveries.findByCall(untouched.id())).containsExactlyInAnyOrderElementsOf(untouchedOwes);
    }

    /**
     * A worker comes back with its results after a correction withdrew what it was sending, its
     * lease still running or run out: they stay withdrawn, or the agent would be told the unknown
     * outcome again (a retry) after the correction.
     */
    @ParameterizedTest
    @ValueSource(ints = {1, 5})
    void aRunsResultsDoNotBringBackWhatACorrectionWithdrew(int claimedMinutesBefore) {
        Duration lease = Duration.ofMinutes(2);
        CallRecord unknown = storedUnknown(placed("call-slow", T0), UnknownOutcome.LOST_SUMMARY);
        List<Delivery> run = deliveries.claimDueOf(aliceMachine.id(),
                CORRECTED_AT.minus(Duration.ofMinutes(claimedMinutesBefore)), lease, 10);
        assertThat(run).hasSize(2);
        CallRecord corrected = Fixtures.corrected(unknown, 60, CORRECTED_AT);
        List<Delivery> owed = Fixtures.correctionDeliveriesFor(corrected, ids, CORRECTED_AT);
        assertThat(calls.recordCorrection(corrected, owed)).isTrue();

        List<Delivery> results = List.of(
                run.get(0).afterAttempt(new AttemptResult.Delivered("HTTP 200"), CORRECTED_AT.plusSeconds(1),
                        RetryPolicy.DEFAULT, 0.5),
                run.get(1).afterAttempt(new AttemptResult.Retryable("HTTP 503", Optional.empty()),
                        CORRECTED_AT.plusSeconds(1), RetryPolicy.DEFAULT, 0.5));
        deliveries.saveRun(results, DeadLetterRevival.DEFAULT, CORRECTED_AT.plusSeconds(1));

        assertThat(deliveries.findByCall(unknown.id())).containsExactlyInAnyOrderElementsOf(owed);
    }

    /** A call of Bob's, on his machine: claims of Alice's machine never pick it. */
    private CallRecord bobCall(String id) {
        CallRecord call = Fixtures.outboundCall(id, bobMachine, T0);
        calls.insert(call);
        return call;
    }

    @Test
    void aCorrectionRecordsTheProviderIdTheCallDidNotHaveYet() {
        CallRecord unknown = storedUnknown(placed("call-1", T0), UnknownOutcome.LOST_SUMMARY);
        CallRecord corrected = Fixtures.corrected(unknown.acceptedByProvider(new ProviderCallId("bland-late")), 60,
                T0.plus(Duration.ofHours(3)));

        assertThat(calls.recordCorrection(corrected, List.of())).isTrue();

        assertThat(calls.findByProviderCallId(new ProviderCallId("bland-late"))).contains(corrected);
    }

    @Test
    void aCorrectionToAnOutcomeWithoutTextsLeavesNoneOfTheUnknownOnes() {
        CallRecord unknown = storedUnknown(placed("call-1", T0), UnknownOutcome.STUCK_SUMMARY);
        CallRecord unanswered = unknown.correctUnknownOutcome(new CallOutcome(CallStatus.NO_ANSWER, 0, "", "",
                Optional.empty(), Optional.empty()), T0.plus(Duration.ofHours(3))).call();

        assertThat(calls.recordCorrection(unanswered, List.of())).isTrue();

        assertThat(calls.findById(unknown.id())).contains(unanswered);
        assertThat(calls.findById(unknown.id()).orElseThrow().snapshot().summary()).isEmpty();
    }

    @Test
    void aSecondCorrectionReturnsFalseAndWritesNoDeliveries() {
        CallRecord unknown = storedUnknown(placed("call-1", T0), UnknownOutcome.LOST_SUMMARY);
        CallRecord first = Fixtures.corrected(unknown, 60, T0.plus(Duration.ofHours(3)));
        calls.recordCorrection(first, Fixtures.correctionDeliveriesFor(first, ids, T0.plus(Duration.ofHours(3))));
        List<Delivery> afterFirst = deliveries.findByCall(unknown.id());
        // Decided from the unknown call as read before the first was written: a concurrent copy.
        CallRecord second = Fixtures.corrected(unknown, 99, T0.plus(Duration.ofHours(4)));

        boolean recorded = calls.recordCorrection(second, Fixtures.correctionDeliveriesFor(second, ids, T0.plus(Duration.ofHours(4))));

        assertThat(recorded).isFalse();
        assertThat(calls.findById(unknown.id())).contains(first);
        assertThat(deliveries.findByCall(unknown.id())).containsExactlyInAnyOrderElementsOf(afterFirst).hasSize(2);
    }

    /** Only a call stored as ended without its outcome is corrected, whatever the record handed in says. */
    @Test
    void aCallNotStoredAsEndedWithoutItsOutcomeIsNotCorrected() {
        CallRecord inFlight = placed("call-1", T0);
        CallRecord completed = placed("call-2", T0);
        calls.recordCompletion(Fixtures.completed(completed, 30, T0.plusSeconds(40)), List.of());
        CallRecord failed = placed("call-3", T0);
        CallRecord failedByTheProvider = failed.complete(new CallOutcome(CallStatus.FAILED, 0, "", "Busy line",
                Optional.empty(), Optional.empty()), T0.plusSeconds(40)).call();
        calls.recordCompletion(failedByTheProvider, List.of());
        CallRecord notPlaced = placed("call-4", T0);
        calls.updateUnfinished(notPlaced.notPlaced("refused", T0.plusSeconds(1)));
        CallRecord ghost = Fixtures.outboundCall("call-x", aliceMachine, T0);

        for (CallRecord call : List.of(inFlight, completed, failed, notPlaced, ghost)) {
            CallRecord before = calls.findById(call.id()).orElse(null);
            CallRecord corrected = Fixtures.corrected(Fixtures.endedUnknown(call, UnknownOutcome.LOST_SUMMARY,
                    T0.plus(Duration.ofHours(2))), 60, T0.plus(Duration.ofHours(3)));
            List<Delivery> owed = Fixtures.correctionDeliveriesFor(corrected, ids, T0.plus(Duration.ofHours(3)));

            assertThat(calls.recordCorrection(corrected, owed)).as(call.id().value()).isFalse();

            assertThat(calls.findById(call.id()).orElse(null)).isEqualTo(before);
            assertThat(deliveries.findByCall(call.id())).isEmpty();
        }
    }

    @Test
    void aCorrectionWhoseDeliveriesCannotBeWrittenLeavesTheUnknownOutcome() {
        CallRecord otherEnded = Fixtures.completed(placed("call-0", T0), 10, T0.plusSeconds(20));
        List<Delivery> taken = Fixtures.deliveriesFor(otherEnded, ids, T0.plusSeconds(20));
        calls.recordCompletion(otherEnded, taken);
        CallRecord unknown = storedUnknown(placed("call-1", T0), UnknownOutcome.LOST_SUMMARY);
        CallRecord corrected = Fixtures.corrected(unknown, 60, T0.plus(Duration.ofHours(3)));
        Delivery clashing = Delivery.ofTranscript(taken.get(0).id(), corrected.id(), corrected.machineId().orElseThrow(),
                TranscriptFilePolicy.fileFor(corrected), T0.plus(Duration.ofHours(3)));

        assertThatThrownBy(() -> calls.recordCorrection(corrected, List.of(clashing))).isInstanceOf(IllegalStateException.class);

        assertThat(calls.findById(unknown.id())).contains(unknown);
        assertThat(deliveries.findByCall(unknown.id())).hasSize(2);
        // Left as it was, the call can still be corrected.
        assertThat(calls.recordCorrection(corrected, List.of())).isTrue();
        assertThat(calls.findById(unknown.id())).contains(corrected);
    }

    @Test
    void concurrentCorrectionsOfOneCallRecordExactlyOne() throws Exception {
        CallRecord unknown = storedUnknown(placed("call-1", T0), UnknownOutcome.STUCK_SUMMARY);
        List<Delivery> toldUnknown = deliveries.findByCall(unknown.id());
        List<CallRecord> candidates = new ArrayList<>();
        List<Callable<Boolean>> writes = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            CallRecord corrected = Fixtures.corrected(unknown, 10 + i, T0.plus(Duration.ofHours(3)).plusSeconds(i));
            List<Delivery> owed = Fixtures.correctionDeliveriesFor(corrected, new SequentialIds("thread-" + i + "-"),
                    T0.plus(Duration.ofHours(3)));
            candidates.add(corrected);
            writes.add(() -> calls.recordCorrection(corrected, owed));
        }

        List<Integer> winners = winnersOfARace(writes);

        assertThat(winners).hasSize(1);
        int winner = winners.get(0);
        assertThat(calls.findById(unknown.id())).contains(candidates.get(winner));
        // The winner's deliveries only: the unknown outcome's, never sent, withdrawn once, by the winner.
        assertThat(toldUnknown).hasSize(2);
        assertThat(deliveries.findByCall(unknown.id())).extracting(Delivery::id)
                .containsExactlyInAnyOrder(new DeliveryId("thread-" + winner + "-1"), new DeliveryId("thread-" + winner + "-2"));
    }

    /** Settled as "outcome unknown", a call holds no minutes; corrected, its real seconds and price count. */
    @Test
    void aCorrectedCallCountsItsRealSecondsAndCostInTheMonth() {
        CallRecord unknown = storedUnknown(placed("call-1", T0), UnknownOutcome.LOST_SUMMARY);
        Instant now = T0.plus(Duration.ofHours(3));
        MonthUsage before = calls.usageSince(alice.id(), T0.minusSeconds(60), now);
        CallRecord corrected = Fixtures.corrected(unknown, 125, now);

        calls.recordCorrection(corrected, List.of());

        MonthUsage after = calls.usageSince(alice.id(), T0.minusSeconds(60), now);
        assertThat(before.settledSeconds()).isZero();
        assertThat(before.costMicros()).isEqualTo(unknown.snapshot().costMicros());
        assertThat(after.settledSeconds()).isEqualTo(125);
        assertThat(after.costMicros()).isEqualTo(corrected.snapshot().costMicros());
        assertThat(after.totalCalls()).isEqualTo(before.totalCalls()).isEqualTo(1);
        assertThat(calls.secondsUsedSince(alice.id(), T0.minusSeconds(60))).isEqualTo(125);
    }

    @Test
    void recordInboundStoresTheCallWithItsDeliveriesOnce() {
        CallRecord inbound = CallRecord.receiveInbound(new CallId("call-in"), alice.id(), aliceMachine.id(),
                Fixtures.OTHER_PARTY, Fixtures.USER_NUMBER, new ProviderCallId("bland-in"),
                new OriginSession(SessionKey.MAIN, SessionSource.DEFAULT), T0,
                Fixtures.outcome(CallStatus.VOICEMAIL, 42), T0.plusSeconds(50));
        List<Delivery> owed = Fixtures.deliveriesFor(inbound, ids, T0.plusSeconds(50));

        assertThat(calls.recordInbound(inbound, owed)).isTrue();

        assertThat(calls.findById(inbound.id())).contains(inbound);
        assertThat(calls.findByProviderCallId(new ProviderCallId("bland-in"))).contains(inbound);
        assertThat(deliveries.findByCall(inbound.id())).containsExactlyInAnyOrderElementsOf(owed);

        CallRecord resent = CallRecord.receiveInbound(new CallId("call-in-2"), alice.id(), aliceMachine.id(),
                Fixtures.OTHER_PARTY, Fixtures.USER_NUMBER, new ProviderCallId("bland-in"),
                new OriginSession(SessionKey.MAIN, SessionSource.DEFAULT), T0,
                Fixtures.outcome(CallStatus.VOICEMAIL, 42), T0.plusSeconds(60));

        assertThat(calls.recordInbound(resent, Fixtures.deliveriesFor(resent, ids, T0.plusSeconds(60)))).isFalse();
        assertThat(calls.findById(resent.id())).isEmpty();
        assertThat(deliveries.findByCall(resent.id())).isEmpty();
        assertThat(deliveries.findByCall(inbound.id())).hasSize(2);
    }

    @Test
    void anInboundCallFromAWithheldNumberIsStoredAndReadBackWithoutACaller() {
        CallRecord withheld = CallRecord.receiveInbound(new CallId("call-in"), alice.id(), aliceMachine.id(),
                Optional.empty(), Fixtures.USER_NUMBER, new ProviderCallId("bland-in"),
                new OriginSession(SessionKey.MAIN, SessionSource.DEFAULT), true, T0,
                Fixtures.outcome(CallStatus.COMPLETED, 42), T0.plusSeconds(50));

        assertThat(calls.recordInbound(withheld, Fixtures.deliveriesFor(withheld, ids, T0.plusSeconds(50)))).isTrue();

        assertThat(calls.findById(withheld.id())).contains(withheld);
        assertThat(calls.findById(withheld.id()).orElseThrow().snapshot().from()).isEmpty();
        assertThat(calls.findByProviderCallId(new ProviderCallId("bland-in"))).contains(withheld);
        assertThat(calls.findRecentByUser(alice.id(), 10)).containsExactly(withheld);

        CallRecord resent = CallRecord.receiveInbound(new CallId("call-in-2"), alice.id(), aliceMachine.id(),
                Optional.empty(), Fixtures.USER_NUMBER, new ProviderCallId("bland-in"),
                new OriginSession(SessionKey.MAIN, SessionSource.DEFAULT), true, T0,
                Fixtures.outcome(CallStatus.COMPLETED, 42), T0.plusSeconds(60));
        assertThat(calls.recordInbound(resent, Fixtures.deliveriesFor(resent, ids, T0.plusSeconds(60)))).isFalse();
        assertThat(calls.findRecentByUser(alice.id(), 10)).containsExactly(withheld);
    }

    @Test
    void anInboundCallOfAUserWithoutAMachineIsStoredReadBackListedAndCountedOnce() {
        CallRecord received = CallRecord.receiveInboundWithoutMachine(new CallId("call-in"), carol.id(),
                Optional.of(Fixtures.OTHER_PARTY), Fixtures.USER_NUMBER, new ProviderCallId("bland-in"),
                new OriginSession(SessionKey.MAIN, SessionSource.DEFAULT), T0,
                Fixtures.outcome(CallStatus.COMPLETED, 42), T0.plusSeconds(50));

        assertThat(calls.recordInbound(received, List.of())).isTrue();

        assertThat(calls.findById(received.id())).contains(received);
        assertThat(calls.findById(received.id()).orElseThrow().machineId()).isEmpty();
        assertThat(calls.findByProviderCallId(new ProviderCallId("bland-in"))).contains(received);
        assertThat(calls.findRecentByUser(carol.id(), 10)).containsExactly(received);
        assertThat(calls.usageSince(carol.id(), T0.minusSeconds(60), T0.plusSeconds(60)))
                .isEqualTo(new MonthUsage(42, 0, 0, 1, received.snapshot().costMicros()));
        assertThat(deliveries.findByCall(received.id())).isEmpty();

        CallRecord resent = CallRecord.receiveInboundWithoutMachine(new CallId("call-in-2"), carol.id(),
                Optional.of(Fixtures.OTHER_PARTY), Fixtures.USER_NUMBER, new ProviderCallId("bland-in"),
                new OriginSession(SessionKey.MAIN, SessionSource.DEFAULT), T0,
                Fixtures.outcome(CallStatus.COMPLETED, 42), T0.plusSeconds(60));
        assertThat(calls.recordInbound(resent, List.of())).isFalse();
        assertThat(calls.findRecentByUser(carol.id(), 10)).containsExactly(received);
    }

    /** When the usage is read: after every call of these tests began, long before any could be given up. */
    private static final Instant NOW = T0.plus(Duration.ofMinutes(30));

    private CallAllowance allowance(long limitMinutes, int maxConcurrent, int requestedMinutes) {
        return new CallAllowance(T0, NOW, limitMinutes, maxConcurrent, requestedMinutes);
    }

    @Test
    void aGrantedReservationInsertsTheCallHoldingItsMaximum() {
        CallRecord call = Fixtures.outboundCall("call-1", aliceMachine, T0.plusSeconds(1));

        Reservation reservation = calls.reserveAndInsert(call, allowance(60, 3, 5));

        assertThat(reservation).isEqualTo(new Reservation.Granted(5, 60));
        assertThat(calls.findById(call.id())).contains(call);
        assertThat(calls.usageSince(alice.id(), T0, NOW)).isEqualTo(new MonthUsage(0, 300, 1, 1, 0));
    }

    @Test
    void aRefusedReservationWritesNothing() {
        calls.recordCompletion(Fixtures.completed(placed("call-0", T0), 3600, T0.plusSeconds(3600)), List.of());
        CallRecord call = Fixtures.outboundCall("call-1", aliceMachine, T0.plusSeconds(4000));

        assertThat(calls.reserveAndInsert(call, allowance(60, 3, 5))).isEqualTo(new Reservation.LimitReached(60, 60));
        assertThat(calls.findById(call.id())).isEmpty();
    }

    @Test
    void theGrantIsClampedAndTheClampedMinutesAreWhatIsHeld() {
        calls.recordCompletion(Fixtures.completed(placed("call-0", T0), 58 * 60, T0.plusSeconds(3600)), List.of());
        CallRecord call = Fixtures.outboundCall("call-1", aliceMachine, T0.plusSeconds(4000));

        assertThat(calls.reserveAndInsert(call, allowance(60, 3, 10))).isEqualTo(new Reservation.Granted(2, 2));
        assertThat(calls.usageSince(alice.id(), T0, NOW).reservedSeconds()).isEqualTo(120);
    }

    @Test
    void theOutcomeReplacesTheReservationByTheActualSeconds() {
        CallRecord call = Fixtures.outboundCall("call-1", aliceMachine, T0.plusSeconds(1));
        calls.reserveAndInsert(call, allowance(60, 3, 5));
        CallRecord ended = Fixtures.completed(call, 42, T0.plusSeconds(60));

        calls.recordCompletion(ended, List.of());

        MonthUsage usage = calls.usageSince(alice.id(), T0, NOW);
        assertThat(usage).isEqualTo(new MonthUsage(42, 0, 0, 1, ended.snapshot().costMicros()));
        assertThat(usage.costMicros()).isEqualTo(63_000);
    }

    @Test
    void aCallThatWasNotPlacedHoldsNothing() {
        CallRecord call = Fixtures.outboundCall("call-1", aliceMachine, T0.plusSeconds(1));
        calls.reserveAndInsert(call, allowance(60, 3, 5));

        calls.updateUnfinished(call.notPlaced("rejected", T0.plusSeconds(2)));

        assertThat(calls.usageSince(alice.id(), T0, NOW)).isEqualTo(new MonthUsage(0, 0, 0, 1, 0));
    }

    @Test
    void theProvidersIdArrivingKeepsTheReservation() {
        CallRecord call = Fixtures.outboundCall("call-1", aliceMachine, T0.plusSeconds(1));
        calls.reserveAndInsert(call, allowance(60, 3, 7));

        calls.updateUnfinished(call.acceptedByProvider(new ProviderCallId("bland-1")));

        assertThat(calls.usageSince(alice.id(), T0, NOW).reservedSeconds()).isEqualTo(420);
    }

    @Test
    void aCallInsertedWithoutAReservationHoldsNothingButIsInFlight() {
        placed("call-1", T0.plusSeconds(1));

        assertThat(calls.usageSince(alice.id(), T0, NOW)).isEqualTo(new MonthUsage(0, 0, 1, 1, 0));
    }

    @Test
    void usageCountsTheUsersOwnMonthOnlyButEveryCallInFlight() {
        CallRecord lastMonthRunning = Fixtures.outboundCall("call-old-running", aliceMachine, T0.minusSeconds(60));
        calls.reserveAndInsert(lastMonthRunning, new CallAllowance(T0.minus(Duration.ofDays(30)), NOW, 60, 3, 5));
        calls.recordCompletion(Fixtures.completed(placed("call-old", T0.minusNanos(1)), 600, T0), List.of());
        CallRecord ended = Fixtures.completed(placed("call-1", T0), 90, T0.plusSeconds(100));
        calls.recordCompletion(ended, List.of());
        calls.reserveAndInsert(Fixtures.outboundCall("call-2", aliceMachine, T0.plusSeconds(200)), allowance(60, 3, 4));
        CallRecord bobs = Fixtures.outboundCall("call-bob", bobMachine, T0.plusSeconds(10));
        calls.insert(bobs);
        calls.recordCompletion(Fixtures.completed(bobs, 500, T0.plusSeconds(600)), List.of());

        MonthUsage usage = calls.usageSince(alice.id(), T0, NOW);

        // Last month's running call is in flight (it occupies a line) but its minutes belong to last month.
        assertThat(usage).isEqualTo(new MonthUsage(90, 240, 2, 2, ended.snapshot().costMicros()));
        assertThat(calls.usageSince(new UserId("carol"), T0, NOW)).isEqualTo(MonthUsage.NONE);
    }

    @Test
    void aCallSilentLongAfterItsMaximumFreesItsLineButKeepsItsMinutes() {
        CallRecord lost = Fixtures.outboundCall("call-lost", aliceMachine, T0);
        calls.reserveAndInsert(lost, allowance(60, 1, 5));
        Instant lastRingingMoment = T0.plus(Duration.ofMinutes(5)).plus(CallAllowance.LINE_RELEASE_GRACE).minusNanos(1);

        assertThat(calls.usageSince(alice.id(), T0, lastRingingMoment)).isEqualTo(new MonthUsage(0, 300, 1, 1, 0));
        assertThat(calls.usageSince(alice.id(), T0, lastRingingMoment.plusNanos(1))).isEqualTo(new MonthUsage(0, 300, 0, 1, 0));
        CallRecord next = Fixtures.outboundCall("call-next", aliceMachine, T0.plus(Duration.ofHours(2)));
        assertThat(calls.reserveAndInsert(next, new CallAllowance(T0, T0.plus(Duration.ofHours(2)), 60, 1, 5)))
                .isEqualTo(new Reservation.Granted(5, 55));
    }

    @Test
    void aCallIsOverdueFromTheEndOfItsGrantedMaximum() {
        CallRecord call = Fixtures.outboundCall("call-1", aliceMachine, T0);
        calls.reserveAndInsert(call, allowance(60, 3, 5));
        Instant latestEnd = T0.plus(Duration.ofMinutes(5));

        assertThat(calls.findOverdue(latestEnd.minusNanos(1), 10)).isEmpty();
        assertThat(calls.findOverdue(latestEnd, 10)).containsExactly(new CallRepository.OverdueCall(call, latestEnd));
    }

    @Test
    void overdueCallsKeepTheirProviderIdAndGrantAndComeOldestFirstUpToTheLimit() {
        CallRecord second = Fixtures.outboundCall("call-2", aliceMachine, T0.plusSeconds(20));
        calls.reserveAndInsert(second, allowance(60, 3, 1));
        CallRecord first = Fixtures.outboundCall("call-1", aliceMachine, T0.plusSeconds(10));
        calls.reserveAndInsert(first, allowance(60, 3, 2));
        CallRecord queued = first.acceptedByProvider(new ProviderCallId("bland-1"));
        calls.updateUnfinished(queued);
        CallRecord bobs = Fixtures.outboundCall("call-bob", bobMachine, T0.plusSeconds(30));
        calls.insert(bobs);
        Instant later = T0.plus(Duration.ofHours(1));

        assertThat(calls.findOverdue(later, 10)).containsExactly(
                new CallRepository.OverdueCall(queued, T0.plusSeconds(10).plus(Duration.ofMinutes(2))),
                new CallRepository.OverdueCall(second, T0.plusSeconds(20).plus(Duration.ofMinutes(1))),
                new CallRepository.OverdueCall(bobs, T0.plusSeconds(30)));
        assertThat(calls.findOverdue(later, 2)).extracting(o -> o.call().id().value()).containsExactly("call-1", "call-2");
        assertThat(calls.findOverdue(later, 0)).isEmpty();
    }

    @Test
    void endedAndInboundCallsAreNeverOverdue() {
        calls.recordCompletion(Fixtures.completed(placed("call-ended", T0), 30, T0.plusSeconds(40)), List.of());
        calls.updateUnfinished(placed("call-refused", T0).notPlaced("rejected", T0.plusSeconds(1)));
        CallRecord inbound = CallRecord.receiveInbound(new CallId("call-in"), alice.id(), aliceMachine.id(),
                Fixtures.OTHER_PARTY, Fixtures.USER_NUMBER, new ProviderCallId("bland-in"),
                new OriginSession(SessionKey.MAIN, SessionSource.DEFAULT), T0,
                Fixtures.outcome(CallStatus.COMPLETED, 42), T0.plusSeconds(50));
        calls.recordInbound(inbound, List.of());

        assertThat(calls.findOverdue(T0.plus(Duration.ofDays(1)), 10)).isEmpty();
    }

    @Test
    void concurrentPlacementsOnTheLastMinutesNeverPassTheCap() throws Exception {
        // 55 of 60 minutes used: room for exactly five one-minute calls, whatever the interleaving.
        calls.recordCompletion(Fixtures.completed(placed("call-0", T0), 55 * 60, T0.plusSeconds(3400)), List.of());
        List<Reservation> results = race(20, i -> allowance(60, 100, 1));

        assertThat(results).filteredOn(r -> r instanceof Reservation.Granted).hasSize(5);
        assertThat(results).filteredOn(r -> r instanceof Reservation.LimitReached).hasSize(15);
        MonthUsage usage = calls.usageSince(alice.id(), T0, NOW);
        assertThat(usage.usedMinutes()).isEqualTo(60);
        assertThat(usage.callsInFlight()).isEqualTo(5);
        assertThat(calls.findRecentByUser(alice.id(), 100)).hasSize(6);
    }

    @Test
    void concurrentPlacementsNeverPassTheConcurrentCallLimit() throws Exception {
        List<Reservation> results = race(12, i -> allowance(600, 3, 5));

        assertThat(results).filteredOn(r -> r instanceof Reservation.Granted).hasSize(3);
        assertThat(results).filteredOn(r -> r instanceof Reservation.TooManyInFlight).hasSize(9);
        assertThat(calls.usageSince(alice.id(), T0, NOW).callsInFlight()).isEqualTo(3);
    }

    /** Fires {@code threads} placements of Alice's at once, released together by a latch. */
    private List<Reservation> race(int threads, java.util.function.IntFunction<CallAllowance> allowances) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Reservation>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                CallRecord call = Fixtures.outboundCall("racer-" + i, aliceMachine, T0.plusSeconds(3600 + i));
                CallAllowance allowance = allowances.apply(i);
                Callable<Reservation> attempt = () -> {
                    start.await();
                    return calls.reserveAndInsert(call, allowance);
                };
                futures.add(pool.submit(attempt));
            }
            start.countDown();
            List<Reservation> results = new ArrayList<>();
            for (Future<Reservation> future : futures) {
                results.add(future.get(30, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Runs {@code writes} at once, each on its own thread behind one start latch, and returns the
     * indexes of those that returned true, each awaited at most 30 s.
     */
    private static List<Integer> winnersOfARace(List<Callable<Boolean>> writes) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(writes.size());
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (Callable<Boolean> write : writes) {
                results.add(pool.submit(() -> {
                    start.await();
                    return write.call();
                }));
            }
            start.countDown();
            List<Integer> winners = new ArrayList<>();
            for (int i = 0; i < results.size(); i++) {
                if (results.get(i).get(30, TimeUnit.SECONDS)) {
                    winners.add(i);
                }
            }
            return winners;
        } finally {
            pool.shutdownNow();
        }
    }
}
