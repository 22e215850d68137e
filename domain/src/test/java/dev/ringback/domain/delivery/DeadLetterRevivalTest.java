package dev.ringback.domain.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ringback.domain.Calls;
import dev.ringback.domain.call.CallRecord;
import dev.ringback.domain.notify.NotificationPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DeadLetterRevivalTest {
    private static final Instant CREATED = Instant.parse("2026-07-01T09:00:00Z");
    private static final Instant DIED = CREATED.plus(Duration.ofDays(14));
    private static final Instant BACK = DIED.plus(Duration.ofDays(2));
    private static final RetryPolicy POLICY = new RetryPolicy(Duration.ofSeconds(2), Duration.ofHours(1), 3);
    private static final CallRecord CALL = Calls.completedOutbound(150, "user: hi", "ok");
    private static final DeadLetterRevival REVIVAL = DeadLetterRevival.DEFAULT;

    private static Delivery created() {
        return Delivery.ofNotification(new DeliveryId("d-1"), CALL.id(), CALL.machineId().orElseThrow(),
                NotificationPolicy.compose(CALL), CREATED);
    }

    private static Delivery deadOf(Delivery delivery, Instant at) {
        while (delivery.deliveryState() == DeliveryState.PENDING) {
            delivery = delivery.afterAttempt(new AttemptResult.Retryable("no answer", Optional.empty()), at, POLICY, 0.5);
        }
        assertThat(delivery.deliveryState()).isEqualTo(DeliveryState.DEAD);
        return delivery;
    }

    private static Delivery dead() {
        return deadOf(created(), DIED);
    }

    @Test
    void aDeadLetterComesBackPendingDueNowWithTheSameKeyAndItsRetriesStartingOver() {
        Delivery dead = dead();

        Delivery revived = REVIVAL.revive(dead, BACK).orElseThrow();

        DeliverySnapshot s = revived.snapshot();
        assertThat(s.state()).isEqualTo(DeliveryState.PENDING);
        assertThat(s.nextAttemptAt()).isEqualTo(BACK);
        assertThat(s.finishedAt()).isEmpty();
        assertThat(s.idempotencyKey()).isEqualTo(dead.snapshot().idempotencyKey());
        assertThat(s.body()).isEqualTo(dead.snapshot().body());
        assertThat(s.attempts()).as("counted from one, as a replay: retries start over").isEqualTo(1);
        assertThat(s.revivals()).isEqualTo(1);
        assertThat(s.createdAt()).isEqualTo(CREATED);
        assertThat(revived.mayHaveReachedMachine()).as("attempts were made: history check first").isTrue();
        assertThat(revived.afterAttempt(new AttemptResult.Retryable("503", Optional.empty()), BACK, POLICY, 0.5)
                .deliveryState()).as("not dead again at the first failure").isEqualTo(DeliveryState.PENDING);
    }

    @Test
    void aFailedDeliveryIsNotRevived() {
        Delivery failed = created().afterAttempt(new AttemptResult.Refused("401"), DIED, POLICY, 0.5);

        assertThat(REVIVAL.qualifies(failed.snapshot(), BACK)).isFalse();
        assertThat(REVIVAL.revive(failed, BACK)).isEmpty();
        assertThatThrownBy(() -> failed.revived(BACK)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void pendingAndDeliveredDeliveriesAreNotRevived() {
        Delivery delivered = created().afterAttempt(new AttemptResult.Delivered("200"), DIED, POLICY, 0.5);

        assertThat(REVIVAL.revive(created(), BACK)).isEmpty();
        assertThat(REVIVAL.revive(delivered, BACK)).isEmpty();
    }

    @Test
    void aDeliveryIsRevivedOnceOnly() {
        Delivery revived = dead().revived(BACK);
        Delivery deadAgain = deadOf(revived, BACK.plus(Duration.ofDays(3)));

        assertThat(deadAgain.snapshot().revivals()).as("dying again keeps the count").isEqualTo(1);
        assertThat(REVIVAL.revive(deadAgain, BACK.plus(Duration.ofDays(4)))).isEmpty();
    }

    @Test
    void anOperatorsReplayStillWorksAfterARevivalAndKeepsItsCount() {
        Delivery deadAgain = deadOf(dead().revived(BACK), BACK.plus(Duration.ofDays(3)));

        Delivery replayed = deadAgain.replay(BACK.plus(Duration.ofDays(5)));

        assertThat(replayed.deliveryState()).isEqualTo(DeliveryState.PENDING);
        assertThat(replayed.snapshot().revivals()).as("a replay is no revival, and grants no new one").isEqualTo(1);
    }

    @Test
    void onlyDeadLettersYoungerThanTheBoundAreRevived() {
        Delivery dead = dead();
        Instant lastMoment = CREATED.plus(DeadLetterRevival.DEFAULT_MAX_AGE);

        assertThat(REVIVAL.qualifies(dead.snapshot(), lastMoment.minusNanos(1))).isTrue();
        assertThat(REVIVAL.qualifies(dead.snapshot(), lastMoment)).isFalse();
        assertThat(REVIVAL.createdAfter(BACK)).isEqualTo(BACK.minus(Duration.ofDays(30)));
        assertThat(new DeadLetterRevival(Duration.ofDays(10)).qualifies(dead.snapshot(), BACK))
                .as("16 days old, bound 10 days").isFalse();
    }

    @Test
    void aRunProvesItsMachineReachableWhenOneOfItsAttemptsWasDelivered() {
        Delivery delivered = created().afterAttempt(new AttemptResult.Delivered("200"), DIED, POLICY, 0.5);
        Delivery waiting = created().afterAttempt(new AttemptResult.Retryable("503", Optional.empty()), DIED, POLICY, 0.5);

        assertThat(DeadLetterRevival.machinesAnswering(List.of(waiting, delivered, delivered)))
                .containsExactly(CALL.machineId().orElseThrow());
        assertThat(DeadLetterRevival.machinesAnswering(List.of(waiting))).isEmpty();
        assertThat(DeadLetterRevival.machinesAnswering(List.of())).isEmpty();
    }

    @Test
    void theAgeBoundMustBePositive() {
        assertThatThrownBy(() -> new DeadLetterRevival(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }
}
