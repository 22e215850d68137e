package dev.ringback.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DurabilityTest {
    @Test
    void fullUnlessTheServersOwnVariableSaysOtherwise() {
        assertThat(Durability.from(Map.of()).synchronous()).isEqualTo("FULL");
        assertThat(Durability.from(Map.of("RINGBACK_DB_SYNCHRONOUS", " ")).synchronous()).isEqualTo("FULL");
        assertThat(Durability.from(Map.of("RINGBACK_DB_SYNCHRONOUS", "normal")).synchronous()).isEqualTo("NORMAL");
        assertThat(Durability.from(Map.of("RINGBACK_DB_SYNCHRONOUS", "EXTRA")).syncsAtCommit()).isTrue();
    }

    @Test
    void aValueTheServerWouldRefuseStopsTheRun() {
        assertThatThrownBy(() -> Durability.from(Map.of("RINGBACK_DB_SYNCHRONOUS", "OFF")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("FULL, NORMAL or EXTRA");
    }

    @Test
    void theReportSaysWhichSettingRanAndWhenItsFiguresAreNoResult() {
        Report report = new Report("test", List.of(), List.of());
        assertThat(report.render()).contains("database: synchronous=FULL, every commit synced before it is answered\n");

        report.durability(Durability.from(Map.of("RINGBACK_DB_SYNCHRONOUS", "NORMAL")));

        assertThat(report.render()).contains("database: synchronous=NORMAL (chosen by RINGBACK_DB_SYNCHRONOUS)")
                .contains("an upper bound, not results");
    }
}
