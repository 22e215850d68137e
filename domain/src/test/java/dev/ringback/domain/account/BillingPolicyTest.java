package dev.ringback.domain.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.TimeZone;
import org.junit.jupiter.api.Test;

class BillingPolicyTest {
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    @Test
    void theDefaultMonthIsTheUtcCalendarMonth() {
        BillingPolicy utc = BillingPolicy.DEFAULT;

        assertThat(utc.monthStart(Instant.parse("2025-03-31T23:59:59.999999999Z"))).isEqualTo(Instant.parse("2025-03-01T00:00:00Z"));
        assertThat(utc.monthStart(Instant.parse("2025-04-01T00:00:00Z"))).isEqualTo(Instant.parse("2025-04-01T00:00:00Z"));
        assertThat(utc.monthStart(Instant.parse("2024-02-29T12:00:00Z"))).isEqualTo(Instant.parse("2024-02-01T00:00:00Z"));
    }

    @Test
    void aConfiguredZoneMovesTheBoundaryToItsMidnight() {
        BillingPolicy eastern = new BillingPolicy(NEW_YORK, 3);

        // 03:00 UTC on 1 April is still 31 March in New York (EDT, UTC-4).
        assertThat(eastern.monthStart(Instant.parse("2025-04-01T03:59:59Z"))).isEqualTo(Instant.parse("2025-03-01T05:00:00Z"));
        assertThat(eastern.monthStart(Instant.parse("2025-04-01T04:00:00Z"))).isEqualTo(Instant.parse("2025-04-01T04:00:00Z"));
        // In winter the offset is UTC-5.
        assertThat(eastern.monthStart(Instant.parse("2025-01-15T10:00:00Z"))).isEqualTo(Instant.parse("2025-01-01T05:00:00Z"));
    }

    @Test
    void theServersOwnZoneIsNeverUsed() {
        TimeZone original = TimeZone.getDefault();
        try {
            TimeZone.setDefault(TimeZone.getTimeZone("Pacific/Kiritimati")); // UTC+14: its 1 April begins on 31 March UTC
            assertThat(BillingPolicy.DEFAULT.monthStart(Instant.parse("2025-03-31T12:00:00Z")))
                    .isEqualTo(Instant.parse("2025-03-01T00:00:00Z"));
        } finally {
            TimeZone.setDefault(original);
        }
    }

    @Test
    void theAllowanceCarriesTheMonthAndLimits() {
        CallAllowance allowance = new BillingPolicy(ZoneOffset.UTC, 2).allowance(Instant.parse("2025-01-15T10:00:00Z"), 60, 5);

        assertThat(allowance).isEqualTo(new CallAllowance(Instant.parse("2025-01-01T00:00:00Z"), Instant.parse("2025-01-15T10:00:00Z"), 60, 2, 5));
    }

    @Test
    void atLeastOneConcurrentCallMustBeAllowed() {
        assertThatThrownBy(() -> new BillingPolicy(ZoneOffset.UTC, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
