package dev.ringback.domain.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PlanMinutesTest {
    private static final PlanMinutes PLANS = PlanMinutes.PLATFORM_DEFAULT;

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"starter, 0", "pro, 60", "power, 120", "PRO, 60", "' Power ', 120", "Starter, 0",
        "enterprise, 0", "'', 0", "pro-plus, 0"})
    void thePlatformsTable(String plan, long minutes) {
        assertThat(PLANS.monthlyMinutes(plan)).isEqualTo(minutes);
    }

    @Test
    void noPlanMeansNoMinutes() {
        assertThat(PLANS.monthlyMinutes(null)).isZero();
    }

    @ParameterizedTest(name = "{0} s -> {1} min")
    @CsvSource({"0, 0", "-5, 0", "1, 1", "59, 1", "60, 1", "61, 2", "3600, 60", "3601, 61"})
    void minutesUsedRoundUp(long seconds, long minutes) {
        assertThat(PlanMinutes.minutesUsed(seconds)).isEqualTo(minutes);
    }

    @Test
    void theTableSaysWhichPlansItNamesWhateverTheirCase() {
        assertThat(PLANS.knows(" Pro ")).isTrue();
        assertThat(PLANS.knows("starter")).as("named, though with no minutes").isTrue();
        assertThat(PLANS.knows("premium")).isFalse();
        assertThat(PLANS.knows(null)).isFalse();
        assertThat(PLANS.names()).containsExactly("power", "pro", "starter");
    }

    @Test
    void minutesUsedNeverOverflowsToAFreeMonth() {
        assertThat(PlanMinutes.minutesUsed(Long.MAX_VALUE)).isEqualTo(Long.MAX_VALUE / 60 + 1);
        assertThat(PlanMinutes.minutesUsed(Long.MAX_VALUE - 30)).isPositive();
    }

    @Test
    void aCustomTableIsCopiedAndChecked() {
        Map<String, Long> table = new HashMap<>(Map.of("team", 500L));
        PlanMinutes custom = new PlanMinutes(table);
        table.put("team", 1L);
        assertThat(custom.monthlyMinutes("team")).isEqualTo(500);
        assertThatThrownBy(() -> new PlanMinutes(Map.of("bad", -1L))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PlanMinutes(null)).isInstanceOf(NullPointerException.class);
    }
}
