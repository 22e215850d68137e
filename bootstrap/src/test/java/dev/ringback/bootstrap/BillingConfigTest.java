package dev.ringback.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ringback.domain.account.BillingPolicy;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BillingConfigTest {
    private static RingbackConfig config(Map<String, String> extra) {
        Map<String, String> env = new java.util.HashMap<>(extra);
        env.put("RINGBACK_TELEPHONY", "simulated");
        return RingbackConfig.fromEnvironment(env);
    }

    @Test
    void theDefaultIsTheUtcMonthAndThreeCallsAtOnce() {
        assertThat(config(Map.of()).billing()).isEqualTo(new BillingPolicy(ZoneOffset.UTC, 3));
    }

    @Test
    void theZoneAndLimitAreConfigurable() {
        BillingPolicy billing = config(Map.of("RINGBACK_BILLING_ZONE", "America/New_York", "RINGBACK_MAX_CONCURRENT_CALLS", "5")).billing();

        assertThat(billing.zone()).isEqualTo(ZoneId.of("America/New_York"));
        assertThat(billing.maxConcurrentCalls()).isEqualTo(5);
    }

    @Test
    void anUnknownZoneIsRefusedByName() {
        assertThatThrownBy(() -> config(Map.of("RINGBACK_BILLING_ZONE", "Mars/Olympus")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("RINGBACK_BILLING_ZONE");
    }

    @Test
    void aLimitBelowOneIsRefusedByName() {
        assertThatThrownBy(() -> config(Map.of("RINGBACK_MAX_CONCURRENT_CALLS", "0")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("RINGBACK_MAX_CONCURRENT_CALLS");
    }
}
