package dev.ringback.domain.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class MonthUsageTest {
    @Test
    void usedMinutesRoundTheSumOfSettledAndReservedSecondsUp() {
        assertThat(new MonthUsage(61, 0, 0, 1, 0).usedMinutes()).isEqualTo(2);
        assertThat(new MonthUsage(30, 30, 1, 2, 0).usedMinutes()).isEqualTo(1);
        assertThat(MonthUsage.NONE.usedMinutes()).isZero();
    }

    @Test
    void remainingMinutesNeverGoNegative() {
        assertThat(new MonthUsage(600, 0, 0, 1, 0).remainingMinutes(60)).isEqualTo(50);
        assertThat(new MonthUsage(7200, 0, 0, 1, 0).remainingMinutes(60)).isZero();
    }

    @Test
    void costIsExactCents() {
        assertThat(new MonthUsage(0, 0, 0, 1, 15_000).costCents()).isEqualByComparingTo("1.5");
        assertThat(new MonthUsage(0, 0, 0, 1, 9_000_000).costCents()).isEqualTo(new BigDecimal("900"));
        assertThat(new MonthUsage(0, 0, 0, 1, 9_000_000).costCents().toString()).isEqualTo("900");
        assertThat(new MonthUsage(0, 0, 0, 1, 1).costCents()).isEqualByComparingTo("0.0001");
        assertThat(MonthUsage.NONE.costCents().toString()).isEqualTo("0");
    }

    @Test
    void negativeFiguresAreRefused() {
        assertThatThrownBy(() -> new MonthUsage(-1, 0, 0, 0, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
