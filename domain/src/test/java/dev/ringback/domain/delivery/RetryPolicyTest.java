package dev.ringback.domain.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
    private static final RetryPolicy POLICY = new RetryPolicy(Duration.ofSeconds(2), Duration.ofMinutes(10), 8);
    private static final double TOP = Math.nextDown(1.0);

    @Test
    void delaysDoubleUntilTheCap() {
        // With the largest jitter, the delay is (almost) the whole exponential step.
        assertThat(POLICY.delayAfter(1, Optional.empty(), TOP)).isBetween(Duration.ofMillis(1_999), Duration.ofSeconds(2));
        assertThat(POLICY.delayAfter(2, Optional.empty(), TOP)).isBetween(Duration.ofMillis(3_999), Duration.ofSeconds(4));
        assertThat(POLICY.delayAfter(3, Optional.empty(), TOP)).isBetween(Duration.ofMillis(7_999), Duration.ofSeconds(8));
        assertThat(POLICY.delayAfter(9, Optional.empty(), TOP)).isBetween(Duration.ofMillis(511_999), Duration.ofSeconds(512));
        assertThat(POLICY.delayAfter(10, Optional.empty(), TOP)).isBetween(Duration.ofMillis(599_999), Duration.ofMinutes(10));
        assertThat(POLICY.delayAfter(1_000, Optional.empty(), TOP)).isLessThanOrEqualTo(Duration.ofMinutes(10));
        assertThat(POLICY.delayAfter(Integer.MAX_VALUE, Optional.empty(), TOP)).isLessThanOrEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void jitterSpreadsOverTheUpperHalfOfTheStep() {
        assertThat(POLICY.delayAfter(3, Optional.empty(), 0.0)).isEqualTo(Duration.ofSeconds(4));
        assertThat(POLICY.delayAfter(3, Optional.empty(), 0.5)).isEqualTo(Duration.ofSeconds(6));
        Random random = new Random(3);
        for (int i = 0; i < 10_000; i++) {
            int attempts = 1 + random.nextInt(20);
            double jitter = random.nextDouble();
            Duration delay = POLICY.delayAfter(attempts, Optional.empty(), jitter);
            long step = Math.min(Duration.ofMinutes(10).toMillis(), 2_000L << Math.min(attempts - 1, 30));
            assertThat(delay.toMillis()).isBetween(step / 2, step);
        }
    }

    @Test
    void retryAfterIsHonouredUpToTheCap() {
        assertThat(POLICY.delayAfter(1, Optional.of(Duration.ofSeconds(30)), 0.0)).isEqualTo(Duration.ofSeconds(30));
        assertThat(POLICY.delayAfter(1, Optional.of(Duration.ofHours(5)), 0.0)).isEqualTo(Duration.ofMinutes(10));
        // A shorter Retry-After than the schedule does not make us hurry.
        assertThat(POLICY.delayAfter(5, Optional.of(Duration.ofSeconds(1)), 0.0)).isEqualTo(Duration.ofSeconds(16));
        assertThat(POLICY.delayAfter(5, Optional.of(Duration.ZERO), 0.0)).isEqualTo(Duration.ofSeconds(16));
        assertThat(POLICY.delayAfter(5, Optional.of(Duration.ofSeconds(-30)), 0.0)).isEqualTo(Duration.ofSeconds(16));
    }

    @Test
    void anAbsurdRetryAfterIsCappedNotAnError() {
        // A machine's Retry-After header is outside input: no value of it may break the worker.
        assertThat(POLICY.delayAfter(1, Optional.of(Duration.ofSeconds(Long.MAX_VALUE)), 0.0)).isEqualTo(Duration.ofMinutes(10));
        assertThat(POLICY.delayAfter(1, Optional.of(Duration.ofSeconds(Long.MIN_VALUE)), 0.0)).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void maxAttemptsBoundsRetries() {
        assertThat(POLICY.mayRetryAfter(1)).isTrue();
        assertThat(POLICY.mayRetryAfter(7)).isTrue();
        assertThat(POLICY.mayRetryAfter(8)).isFalse();
        assertThat(POLICY.mayRetryAfter(9)).isFalse();
        assertThat(new RetryPolicy(Duration.ofSeconds(1), Duration.ofSeconds(1), 1).mayRetryAfter(1)).isFalse();
    }

    @Test
    void theDefaultOutlastsAWeekOfSleepWhateverTheJitter() {
        RetryPolicy policy = RetryPolicy.DEFAULT;
        assertThat(retriedFor(policy, 0.0)).isGreaterThanOrEqualTo(Duration.ofDays(7));
        assertThat(retriedFor(policy, Math.nextDown(1.0))).isLessThanOrEqualTo(Duration.ofDays(15));
        assertThat(policy.maxAttempts()).isEqualTo(350);
    }

    /** From the first attempt to the last, every delay drawn with the same jitter. */
    private static Duration retriedFor(RetryPolicy policy, double jitter) {
        Duration total = Duration.ZERO;
        for (int attempt = 1; policy.mayRetryAfter(attempt); attempt++) {
            total = total.plus(policy.delayAfter(attempt, Optional.empty(), jitter));
        }
        return total;
    }

    @Test
    void badArgumentsAreRefused() {
        assertThatThrownBy(() -> POLICY.delayAfter(0, Optional.empty(), 0.5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> POLICY.delayAfter(-1, Optional.empty(), 0.5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> POLICY.delayAfter(1, Optional.empty(), 1.0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> POLICY.delayAfter(1, Optional.empty(), -0.1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> POLICY.delayAfter(1, Optional.empty(), Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void badPoliciesAreRefused() {
        assertThatThrownBy(() -> new RetryPolicy(Duration.ZERO, Duration.ofSeconds(1), 3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RetryPolicy(Duration.ofSeconds(-1), Duration.ofSeconds(1), 3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RetryPolicy(Duration.ofSeconds(5), Duration.ofSeconds(1), 3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RetryPolicy(Duration.ofSeconds(1), Duration.ofSeconds(1), 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RetryPolicy(null, Duration.ofSeconds(1), 3)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new RetryPolicy(Duration.ofSeconds(1), null, 3)).isInstanceOf(NullPointerException.class);
    }
}
