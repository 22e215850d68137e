package dev.ringback.domain.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ringback.domain.Calls;
import dev.ringback.domain.call.CallRecord;
import dev.ringback.domain.notify.AgentNotification;
import dev.ringback.domain.notify.NotificationPolicy;
import dev.ringback.domain.notify.TranscriptFile;
import dev.ringback.domain.notify.TranscriptFilePolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DeliveryTest {
    private static final Instant T0 = Instant.parse("2025-03-10T00:01:05Z");
    private static final RetryPolicy POLICY = new RetryPolicy(Duration.ofSeconds(2), Duration.ofMinutes(10), 3);
    private static final CallRecord CALL = Calls.completedOutbound(150, "user: hi", "ok");
    private static final AgentNotification NOTE = NotificationPolicy.compose(CALL);
    private static final TranscriptFile FILE = TranscriptFilePolicy.fileFor(CALL);

    private static Delivery notification() {
        return Delivery.ofNotification(new DeliveryId("d-1"), CALL.id(), CALL.machineId().orElseThrow(), NOTE, T0);
    }

    private static Delivery transcript() {
        return Delivery.ofTranscript(new DeliveryId("d-2"), CALL.id(), CALL.machineId().orElseThrow(), FILE, T0);
    }

    private static AttemptResult retryable() {
        return new AttemptResult.Retryable("503", Optional.empty());
    }

    @Test
    void aNewDeliveryIsPendingAndDueNow() {
        DeliverySnapshot s = notification().snapshot();
        assertThat(s.state()).isEqualTo(DeliveryState.PENDING);
        assertThat(s.attempts()).isZero();
        assertThat(s.nextAttemptAt()).isEqualTo(T0);
        assertThat(s.createdAt()).isEqualTo(T0);
        assertThat(s.lastError()).isEmpty();
        assertThat(s.finishedAt()).isEmpty();
        assertThat(s.kind()).isEqualTo(DeliveryKind.NOTIFICATION);
        assertThat(s.target()).isEqualTo("agent:main:test-calls");
        assertThat(s.body()).isEqualTo(NOTE.message());
        assertThat(s.idempotencyKey()).isEqualTo("ringback-call-call-1");
        assertThat(s.callId()).isEqualTo(CALL.id());
        assertThat(s.machineId()).isEqualTo(CALL.machineId().orElseThrow());

        DeliverySnapshot t = transcript().snapshot();
        assertThat(t.kind()).isEqualTo(DeliveryKind.TRANSCRIPT);
        assertThat(t.target()).isEqualTo(FILE.relativePath());
        assertThat(t.body()).isEqualTo(FILE.markdown());
        assertThat(t.idempotencyKey()).isEqualTo("ringback-transcript-call-1").isNotEqualTo(s.idempotencyKey());
    }

    @Test
    void deliveredIsFinal() {
        Instant at = T0.plusSeconds(1);
        Delivery done = notification().afterAttempt(new AttemptResult.Delivered("200"), at, POLICY, 0.3);
        assertThat(done.deliveryState()).isEqualTo(DeliveryState.DELIVERED);
        assertThat(done.snapshot().attempts()).isEqualTo(1);
        assertThat(done.snapshot().finishedAt()).contains(at);
        assertThat(done.snapshot().lastError()).isEmpty();
    }

    @Test
    void aDeliveredDeliveryDropsItsBodyAndOneThatMayBeReplayedKeepsIt() {
        Delivery delivered = transcript().afterAttempt(retryable(), T0, POLICY, 0.5)
                .afterAttempt(new AttemptResult.Delivered("200"), T0.plusSeconds(5), POLICY, 0.5);
        Delivery failed = notification().afterAttempt(new AttemptResult.Refused("401"), T0, POLICY, 0.5);
        Delivery dead = notification();
        for (int i = 0; i < POLICY.maxAttempts(); i++) {
            dead = dead.afterAttempt(retryable(), T0, POLICY, 0.5);
        }

        assertThat(delivered.snapshot().body()).isEmpty();
        assertThat(delivered.snapshot().idempotencyKey()).isEqualTo(transcript().snapshot().idempotencyKey());
        assertThat(failed.snapshot().body()).isEqualTo(NOTE.message());
        assertThat(dead.deliveryState()).isEqualTo(DeliveryState.DEAD);
        assertThat(dead.replay(T0.plusSeconds(60)).asNotification().message()).isEqualTo(NOTE.message());
    }

    @Test
    void refusedIsFailedWithTheReason() {
        Delivery failed = notification().afterAttempt(new AttemptResult.Refused("401"), T0, POLICY, 0.3);
        assertThat(failed.deliveryState()).isEqualTo(DeliveryState.FAILED);
        assertThat(failed.snapshot().lastError()).contains("401");
        assertThat(failed.snapshot().finishedAt()).contains(T0);
    }

    @Test
    void retryableStaysPendingUntilTheNextTime() {
        Instant at = T0.plusSeconds(1);
        Delivery later = notification().afterAttempt(retryable(), at, POLICY, 0.0);
        assertThat(later.deliveryState()).isEqualTo(DeliveryState.PENDING);
        assertThat(later.snapshot().attempts()).isEqualTo(1);
        assertThat(later.snapshot().nextAttemptAt()).isEqualTo(at.plus(POLICY.delayAfter(1, Optional.empty(), 0.0)));
        assertThat(later.snapshot().lastError()).contains("503");
        assertThat(later.snapshot().finishedAt()).isEmpty();

        Delivery withRetryAfter = notification().afterAttempt(
                new AttemptResult.Retryable("429", Optional.of(Duration.ofSeconds(120))), at, POLICY, 0.0);
        assertThat(withRetryAfter.snapshot().nextAttemptAt()).isEqualTo(at.plusSeconds(120));
    }

    @Test
    void theLastAllowedAttemptMakesItDead() {
        Delivery d = notification();
        for (int i = 1; i < POLICY.maxAttempts(); i++) {
            d = d.afterAttempt(retryable(), T0.plusSeconds(i * 100L), POLICY, 0.5);
            assertThat(d.deliveryState()).isEqualTo(DeliveryState.PENDING);
        }
        Instant last = T0.plusSeconds(1_000);
        Delivery dead = d.afterAttempt(retryable(), last, POLICY, 0.5);
        assertThat(dead.deliveryState()).isEqualTo(DeliveryState.DEAD);
        assertThat(dead.snapshot().attempts()).isEqualTo(POLICY.maxAttempts());
        assertThat(dead.snapshot().lastError()).contains("503");
        assertThat(dead.snapshot().finishedAt()).contains(last);
    }

    @Test
    void aSuccessAfterFailuresClearsTheError() {
        Delivery d = notification().afterAttempt(retryable(), T0, POLICY, 0.5)
                .afterAttempt(new AttemptResult.Delivered("200"), T0.plusSeconds(10), POLICY, 0.5);
        assertThat(d.deliveryState()).isEqualTo(DeliveryState.DELIVERED);
        assertThat(d.snapshot().attempts()).isEqualTo(2);
        assertThat(d.snapshot().lastError()).isEmpty();
    }

    @Test
    void aFinalDeliveryRefusesAnotherAttempt() {
        Delivery delivered = notification().afterAttempt(new AttemptResult.Delivered("200"), T0, POLICY, 0.1);
        Delivery failed = notification().afterAttempt(new AttemptResult.Refused("400"), T0, POLICY, 0.1);
        Delivery dead = notification().afterAttempt(retryable(), T0, new RetryPolicy(Duration.ofSeconds(1), Duration.ofSeconds(1), 1), 0.1);
        assertThat(dead.deliveryState()).isEqualTo(DeliveryState.DEAD);
        for (Delivery d : new Delivery[] {delivered, failed, dead}) {
            assertThatThrownBy(() -> d.afterAttempt(new AttemptResult.Delivered("200"), T0, POLICY, 0.1))
                    .isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void replaySendsADeadOrFailedDeliveryAgainWithTheSameKey() {
        Instant replayAt = T0.plusSeconds(86_400);
        Delivery failed = notification().afterAttempt(new AttemptResult.Refused("401"), T0, POLICY, 0.1);
        Delivery replayed = failed.replay(replayAt);
        assertThat(replayed.deliveryState()).isEqualTo(DeliveryState.PENDING);
        assertThat(replayed.snapshot().nextAttemptAt()).isEqualTo(replayAt);
        assertThat(replayed.snapshot().finishedAt()).isEmpty();
        assertThat(replayed.snapshot().idempotencyKey()).isEqualTo(failed.snapshot().idempotencyKey());
        assertThat(replayed.snapshot().body()).isEqualTo(failed.snapshot().body());
        assertThat(replayed.snapshot().attempts()).isEqualTo(1);
        assertThat(replayed.afterAttempt(new AttemptResult.Delivered("200"), replayAt, POLICY, 0.1).deliveryState())
                .isEqualTo(DeliveryState.DELIVERED);

        Delivery dead = notification().afterAttempt(retryable(), T0, new RetryPolicy(Duration.ofSeconds(1), Duration.ofSeconds(1), 1), 0.1);
        assertThat(dead.replay(replayAt).deliveryState()).isEqualTo(DeliveryState.PENDING);
    }

    @Test
    void onlyALapsedClaimWithoutAnAttemptHasThatAsItsOnlyDoubt() {
        Delivery lapsed = Delivery.restoreAbandonedClaim(notification().snapshot());
        Delivery attempted = Delivery.restoreAbandonedClaim(notification().afterAttempt(retryable(), T0, POLICY, 0.5).snapshot());

        assertThat(lapsed.doubtIsALapsedClaim()).isTrue();
        assertThat(attempted.doubtIsALapsedClaim()).as("its attempt says so already").isFalse();
        assertThat(attempted.mayHaveReachedMachine()).isTrue();
        assertThat(notification().doubtIsALapsedClaim()).isFalse();
    }

    /** Owed by an outcome that may have been told before (a restored database): a resend from its first attempt. */
    @Test
    void aDeliveryThatMayHaveBeenSentBeforeIsAResendUntilAnAttemptSaysSo() {
        Delivery doubted = notification().mayHaveBeenSentBefore();

        assertThat(doubted.mayHaveReachedMachine()).isTrue();
        assertThat(doubted.doubtIsALapsedClaim()).as("stored as a lapsed claim: nothing else says so").isTrue();
        assertThat(doubted.snapshot()).isEqualTo(notification().snapshot());
        Delivery attempted = notification().afterAttempt(retryable(), T0, POLICY, 0.5);
        assertThat(attempted.mayHaveBeenSentBefore().doubtIsALapsedClaim()).as("its attempt says so already").isFalse();
        assertThat(doubted.afterAttempt(new AttemptResult.Delivered("200"), T0, POLICY, 0.5).mayHaveReachedMachine())
                .isTrue();
    }

    @Test
    void aReplayedDeadLetterGetsItsRetriesOverAgainAndStaysAResend() {
        Delivery dead = notification();
        for (int i = 0; i < POLICY.maxAttempts(); i++) {
            dead = dead.afterAttempt(retryable(), T0, POLICY, 0.5);
        }
        assertThat(dead.deliveryState()).isEqualTo(DeliveryState.DEAD);
        Instant replayAt = T0.plusSeconds(86_400);

        Delivery replayed = dead.replay(replayAt);
        Delivery failedOnceMore = replayed.afterAttempt(retryable(), replayAt, POLICY, 0.5);

        assertThat(replayed.snapshot().attempts()).isEqualTo(1);
        assertThat(replayed.mayHaveReachedMachine()).as("attempts were made: history check first").isTrue();
        assertThat(failedOnceMore.deliveryState()).as("not dead after one more failure").isEqualTo(DeliveryState.PENDING);
        assertThat(failedOnceMore.snapshot().nextAttemptAt())
                .isEqualTo(replayAt.plus(POLICY.delayAfter(2, Optional.empty(), 0.5)));
    }

    @Test
    void pendingOrDeliveredCannotBeReplayed() {
        assertThatThrownBy(() -> notification().replay(T0)).isInstanceOf(IllegalStateException.class);
        Delivery delivered = notification().afterAttempt(new AttemptResult.Delivered("200"), T0, POLICY, 0.1);
        assertThatThrownBy(() -> delivered.replay(T0)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aDeliveryWaitingForItsRetryIsBroughtForwardWithItsHistory() {
        Delivery waiting = notification().afterAttempt(retryable(), T0, POLICY, 0.5);
        Instant now = T0.plusMillis(500);
        assertThat(waiting.snapshot().nextAttemptAt()).isAfter(now);

        Delivery forward = waiting.broughtForward(now);

        assertThat(forward.snapshot().nextAttemptAt()).isEqualTo(now);
        assertThat(forward.snapshot().attempts()).isEqualTo(1);
        assertThat(forward.snapshot().lastError()).contains("503");
        assertThat(forward.deliveryState()).isEqualTo(DeliveryState.PENDING);
        assertThat(forward.mayHaveReachedMachine()).isTrue();
    }

    @Test
    void aDeliveryDueAlreadyIsNotPushedBack() {
        Delivery waiting = notification().afterAttempt(retryable(), T0, POLICY, 0.5);
        Instant later = waiting.snapshot().nextAttemptAt().plusSeconds(5);

        assertThat(waiting.broughtForward(later)).isSameAs(waiting);
        assertThat(notification().broughtForward(T0).snapshot().nextAttemptAt()).isEqualTo(T0);
    }

    @Test
    void onlyAPendingDeliveryCanBeBroughtForward() {
        Delivery delivered = notification().afterAttempt(new AttemptResult.Delivered("200"), T0, POLICY, 0.5);
        assertThatThrownBy(() -> delivered.broughtForward(T0)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aNotificationRoundTrips() {
        Delivery restored = Delivery.restore(notification().snapshot());
        assertThat(restored.asNotification()).isEqualTo(NOTE);
        assertThatThrownBy(restored::asTranscriptFile).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aCorrectionRoundTripsWithItsOwnMarkerAndKeys() {
        CallRecord corrected = Calls.corrected(150, "user: hi", "ok");
        NotificationPolicy.Owed owed = NotificationPolicy.correctionOwedFor(corrected);
        Delivery note = Delivery.ofNotification(new DeliveryId("d-3"), corrected.id(), corrected.machineId().orElseThrow(),
                owed.notification(), T0);
        Delivery file = Delivery.ofCorrectedTranscript(new DeliveryId("d-4"), corrected.id(), corrected.machineId().orElseThrow(),
                owed.transcript().orElseThrow(), T0);

        Delivery retried = Delivery.restore(note.afterAttempt(retryable(), T0, POLICY, 0.2).snapshot());

        assertThat(retried.asNotification()).usingRecursiveComparison().ignoringFields("resend").isEqualTo(owed.notification());
        assertThat(retried.asNotification().marker()).isEqualTo("[ringback call call-1 corrected]");
        assertThat(file.snapshot().idempotencyKey()).isEqualTo("ringback-transcript-call-1-corrected")
                .isNotEqualTo(transcript().snapshot().idempotencyKey());
        assertThat(file.asTranscriptFile().relativePath()).isEqualTo(FILE.relativePath());
    }

    @Test
    void aFirstAttemptCannotHaveLandedYet() {
        assertThat(notification().mayHaveReachedMachine()).isFalse();
        assertThat(notification().asNotification().resend()).isFalse();
    }

    @Test
    void afterAnAttemptTheNextOneIsAResendOfTheSameNotification() {
        Delivery retried = Delivery.restore(notification().afterAttempt(retryable(), T0, POLICY, 0.2).snapshot());

        assertThat(retried.mayHaveReachedMachine()).isTrue();
        AgentNotification again = retried.asNotification();
        assertThat(again.resend()).isTrue();
        assertThat(again).usingRecursiveComparison().ignoringFields("resend").isEqualTo(NOTE);
    }

    @Test
    void aClaimWhoseWorkerNeverReportedBackMayHaveLanded() {
        Delivery abandoned = Delivery.restoreAbandonedClaim(notification().snapshot());

        assertThat(abandoned.snapshot().attempts()).isZero();
        assertThat(abandoned.mayHaveReachedMachine()).isTrue();
        assertThat(abandoned.asNotification().resend()).isTrue();
        assertThat(abandoned.afterAttempt(retryable(), T0, POLICY, 0.2).mayHaveReachedMachine())
                .as("and every later attempt too").isTrue();
    }

    @Test
    void aTranscriptFileRoundTrips() {
        Delivery restored = Delivery.restore(transcript().snapshot());
        assertThat(restored.asTranscriptFile()).isEqualTo(FILE);
        assertThatThrownBy(restored::asNotification).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void restoreGivesAnEqualDelivery() {
        Delivery d = notification();
        assertThat(Delivery.restore(d.snapshot())).isEqualTo(d).hasSameHashCodeAs(d);
        assertThat(d.toString()).contains("d-1", "notification", "pending").doesNotContain(NOTE.message());
    }

    @Test
    void snapshotInvariants() {
        DeliverySnapshot s = notification().snapshot();
        assertThatThrownBy(() -> new DeliverySnapshot(s.id(), s.callId(), s.machineId(), s.kind(), s.target(), s.body(),
                s.idempotencyKey(), DeliveryState.DELIVERED, 1, s.nextAttemptAt(), Optional.empty(), s.createdAt(),
                Optional.empty())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DeliverySnapshot(s.id(), s.callId(), s.machineId(), s.kind(), s.target(), s.body(),
                s.idempotencyKey(), DeliveryState.PENDING, 0, s.nextAttemptAt(), Optional.empty(), s.createdAt(),
                Optional.of(T0))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DeliverySnapshot(s.id(), s.callId(), s.machineId(), s.kind(), s.target(), s.body(),
                s.idempotencyKey(), DeliveryState.PENDING, -1, s.nextAttemptAt(), Optional.empty(), s.createdAt(),
                Optional.empty())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void wireNamesRoundTrip() {
        for (DeliveryState state : DeliveryState.values()) {
            assertThat(DeliveryState.fromWireName(state.wireName())).isEqualTo(state);
        }
        for (DeliveryKind kind : DeliveryKind.values()) {
            assertThat(DeliveryKind.fromWireName(kind.wireName())).isEqualTo(kind);
        }
        assertThat(DeliveryState.PENDING.isFinal()).isFalse();
        assertThat(DeliveryState.DELIVERED.isFinal()).isTrue();
        assertThat(DeliveryState.FAILED.isFinal()).isTrue();
        assertThat(DeliveryState.DEAD.isFinal()).isTrue();
        assertThatThrownBy(() -> DeliveryState.fromWireName("lost")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DeliveryKind.fromWireName("fax")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void attemptResultsNeedTheirParts() {
        assertThatThrownBy(() -> new AttemptResult.Delivered(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new AttemptResult.Refused(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new AttemptResult.Retryable("x", null)).isInstanceOf(NullPointerException.class);
    }
}
