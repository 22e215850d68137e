package dev.ringback.domain.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class CallAllowanceTest {
    private static final Instant MONTH = Instant.parse("2025-01-01T00:00:00Z");
    private final CallAllowance fiveMinutesOfSixty = new CallAllowance(MONTH, MONTH.plusSeconds(86_400), 60, 3, 5);

    private static MonthUsage usage(long settledSeconds, long reservedSeconds, int inFlight) {
        return new MonthUsage(settledSeconds, reservedSeconds, inFlight, inFlight, 0);
    }

    @Test
    void aFreshMonthGrantsTheRequest() {
        assertThat(fiveMinutesOfSixty.decide(MonthUsage.NONE)).isEqualTo(new Reservation.Granted(5, 60));
    }

    @Test
    void theGrantIsClampedToWhatRemains() {
        assertThat(fiveMinutesOfSixty.decide(usage(57 * 60, 0, 0))).isEqualTo(new Reservation.Granted(3, 3));
    }

    @Test
    void callsInFlightHoldTheirReservation() {
        // 50 minutes ended, two calls in flight holding 5 minutes each: nothing is left.
        assertThat(fiveMinutesOfSixty.decide(usage(50 * 60, 10 * 60, 2))).isEqualTo(new Reservation.LimitReached(60, 60));
        assertThat(fiveMinutesOfSixty.decide(usage(50 * 60, 6 * 60, 2))).isEqualTo(new Reservation.Granted(4, 4));
    }

    @Test
    void aStartedMinuteCountsAsUsed() {
        assertThat(fiveMinutesOfSixty.decide(usage(59 * 60 + 1, 0, 0))).isEqualTo(new Reservation.LimitReached(60, 60));
    }

    @Test
    void theConcurrentLimitStopsACallEvenWithMinutesLeft() {
        assertThat(fiveMinutesOfSixty.decide(usage(0, 15 * 60, 3))).isEqualTo(new Reservation.TooManyInFlight(3, 3));
        assertThat(fiveMinutesOfSixty.decide(usage(0, 10 * 60, 2))).isInstanceOf(Reservation.Granted.class);
    }

    @Test
    void theMonthlyLimitIsReportedBeforeTheConcurrentOne() {
        assertThat(fiveMinutesOfSixty.decide(usage(45 * 60, 15 * 60, 3))).isEqualTo(new Reservation.LimitReached(60, 60));
    }

    @Test
    void aCallStopsOccupyingALineAnHourAfterItsMaximumCouldHaveEnded() {
        Instant placed = MONTH.plusSeconds(3600);

        assertThat(CallAllowance.mayStillBeRinging(placed, 5, placed)).isTrue();
        assertThat(CallAllowance.mayStillBeRinging(placed, 5, placed.plusSeconds(5 * 60 + 3599))).isTrue();
        assertThat(CallAllowance.mayStillBeRinging(placed, 5, placed.plusSeconds(5 * 60 + 3600))).isFalse();
        assertThat(CallAllowance.mayStillBeRinging(placed, 0, placed.plusSeconds(3600))).isFalse();
    }
}
