package dev.ringback.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ringback.application.testing.FixedClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class AuthThrottleTest {
    private final FixedClock clock = new FixedClock();
    private final AuthThrottle throttle = new AuthThrottle(new AuthThrottleSettings(3, Duration.ofSeconds(60)), clock);

    @Test
    void aClientIsBlockedAtTheLimitForTheRestOfItsWindow() {
        throttle.recordFailure("10.0.0.1");
        clock.advance(Duration.ofSeconds(10));
        throttle.recordFailure("10.0.0.1");
        assertThat(throttle.retryAfter("10.0.0.1")).isEmpty();

        throttle.recordFailure("10.0.0.1");

        assertThat(throttle.retryAfter("10.0.0.1")).contains(Duration.ofSeconds(50));
        clock.advance(Duration.ofMillis(49_500));
        assertThat(throttle.retryAfter("10.0.0.1")).as("rounded up").contains(Duration.ofSeconds(1));
        clock.advance(Duration.ofMillis(500));
        assertThat(throttle.retryAfter("10.0.0.1")).isEmpty();
    }

    /**
     * Past the sweep threshold with every window still open (many clients failing within one
     * minute: a botnet, or one host with a /48 of IPv6 networks), sweeping on every failure
     * walked the whole map each time: work quadratic in the number of clients.
     */
    @Test
    void manyClientsInOneWindowAreNotSweptOnEveryFailure() {
        for (int i = 0; i < AuthThrottle.SWEEP_ABOVE + 1_000; i++) {
            throttle.recordFailure("client-" + i);
        }

        assertThat(throttle.sweeps()).as("sweeps over %d failures", AuthThrottle.SWEEP_ABOVE + 1_000).isLessThanOrEqualTo(1);
        assertThat(throttle.retryAfter("client-0")).as("no open window is dropped").isEmpty();
        throttle.recordFailure("client-0");
        throttle.recordFailure("client-0");
        assertThat(throttle.retryAfter("client-0")).isPresent();
    }

    @Test
    void expiredWindowsAreStillSweptAway() {
        for (int i = 0; i <= AuthThrottle.SWEEP_ABOVE; i++) {
            throttle.recordFailure("client-" + i);
        }
        clock.advance(Duration.ofSeconds(61));

        for (int i = 0; i <= 2 * AuthThrottle.SWEEP_ABOVE; i++) {
            throttle.recordFailure("later-" + i);
        }

        assertThat(throttle.trackedClients()).isLessThanOrEqualTo(2 * AuthThrottle.SWEEP_ABOVE + 1);
    }

    @Test
    void clientsAreCountedApart() {
        for (int i = 0; i < 3; i++) {
            throttle.recordFailure("10.0.0.1");
        }

        assertThat(throttle.retryAfter("10.0.0.1")).isPresent();
        assertThat(throttle.retryAfter("10.0.0.2")).isEmpty();
    }

    @Test
    void failuresSpreadOverSeveralWindowsNeverBlock() {
        for (int i = 0; i < 10; i++) {
            throttle.recordFailure("10.0.0.1");
            throttle.recordFailure("10.0.0.1");
            clock.advance(Duration.ofSeconds(61));
        }

        assertThat(throttle.retryAfter("10.0.0.1")).isEmpty();
    }

    @Test
    void aNewWindowStartsAfterTheOldOneEnds() {
        for (int i = 0; i < 3; i++) {
            throttle.recordFailure("10.0.0.1");
        }
        clock.advance(Duration.ofSeconds(60));

        throttle.recordFailure("10.0.0.1");

        assertThat(throttle.retryAfter("10.0.0.1")).isEmpty();
    }

    @Test
    void zeroTurnsItOff() {
        AuthThrottle off = new AuthThrottle(AuthThrottleSettings.OFF, clock);
        for (int i = 0; i < 100; i++) {
            off.recordFailure("10.0.0.1");
        }

        assertThat(off.retryAfter("10.0.0.1")).isEmpty();
    }
}
