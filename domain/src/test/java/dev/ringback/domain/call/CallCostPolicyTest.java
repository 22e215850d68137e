package dev.ringback.domain.call;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CallCostPolicyTest {

    /** $0.09 per connected minute (pro rata by the second), $0.015 per unanswered or failed attempt. */
    @ParameterizedTest(name = "{0} {1}s -> {2} micro-dollars")
    @CsvSource({
        "COMPLETED, 60, 90000",
        "COMPLETED, 150, 225000",
        "COMPLETED, 1, 1500",
        "COMPLETED, 3600, 5400000",
        "VOICEMAIL, 30, 45000",
        "COMPLETED, 0, 15000",
        "NO_ANSWER, 0, 15000",
        "NO_ANSWER, 45, 15000",
        "FAILED, 0, 15000",
        "FAILED, 300, 15000",
        "INITIATED, 0, 0",
        "INITIATED, 120, 0",
    })
    void priceList(CallStatus status, int seconds, long micros) {
        assertThat(CallCostPolicy.costMicros(status, seconds)).isEqualTo(micros);
    }

    @Test
    void theLongestPossibleCallDoesNotOverflow() {
        assertThat(CallCostPolicy.costMicros(CallStatus.COMPLETED, Integer.MAX_VALUE))
                .isEqualTo((long) Integer.MAX_VALUE * CallCostPolicy.MICROS_PER_CONNECTED_MINUTE / 60)
                .isPositive();
    }

    @Test
    void costGrowsWithDuration() {
        long previous = 0;
        for (int seconds = 1; seconds < 10_000; seconds++) {
            long cost = CallCostPolicy.costMicros(CallStatus.COMPLETED, seconds);
            assertThat(cost).isGreaterThanOrEqualTo(previous);
            previous = cost;
        }
    }
}
