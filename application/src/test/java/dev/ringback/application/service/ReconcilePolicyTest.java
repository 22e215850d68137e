package dev.ringback.application.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ReconcilePolicyTest {
    private static final Duration TEN_MINUTES = Duration.ofMinutes(10);
    private static final Duration HOUR = Duration.ofHours(1);

    @Test
    void theGracesAndTheGiveUpTimeMustGrowInThatOrder() {
        assertThatThrownBy(() -> new ReconcilePolicy(HOUR, TEN_MINUTES, Duration.ofDays(1), 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown-outcome grace");
        assertThatThrownBy(() -> new ReconcilePolicy(TEN_MINUTES, Duration.ofHours(2), HOUR, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("give-up time");
        assertThatThrownBy(() -> new ReconcilePolicy(Duration.ofMinutes(-1), HOUR, HOUR, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("negative");
        assertThatThrownBy(() -> new ReconcilePolicy(TEN_MINUTES, HOUR, HOUR, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("batch");
        assertThat(new ReconcilePolicy(TEN_MINUTES, HOUR, HOUR, 1).giveUp()).isEqualTo(HOUR);
    }

    @Test
    void withoutAGiveUpTimeTheDefaultIsUsedUnlessTheUnknownGraceIsLonger() {
        assertThat(new ReconcilePolicy(TEN_MINUTES, HOUR, 5).giveUp()).isEqualTo(ReconcilePolicy.DEFAULT_GIVE_UP);
        assertThat(new ReconcilePolicy(TEN_MINUTES, Duration.ofDays(3), 5).giveUp()).isEqualTo(Duration.ofDays(3));
        assertThat(ReconcilePolicy.DEFAULT.giveUp()).isEqualTo(Duration.ofHours(24));
    }
}
