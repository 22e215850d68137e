package dev.ringback.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ReportTest {
    private final Report report = new Report("test", List.of("-Xmx1m"), List.of("-Xmx2m"));

    @Test
    void theDeliveriesOwedAtTheWindowsEdgesAndTheirRate() {
        report.owed(1_000, 21_000, 10);

        assertThat(report.render()).contains(
                "deliveries owed (2 per webhook sent, less those at the gateway): 1,000 when the window opened,"
                        + " 21,000 when it closed (+2,000/s)");
    }

    @Test
    void aWindowThatNeverOpenedOwesNothingToReport() {
        report.owed(Long.MIN_VALUE, Long.MIN_VALUE, 0);

        assertThat(report.render()).doesNotContain("deliveries owed");
    }

    @Test
    void aFixedWarmUpIsStatedWithoutTheCompilersShare() {
        LoadGenerator.Result result = new LoadGenerator.Result(100, 0, 1, new Latencies(), 0, 1, false, 15);

        report.warmUp(result, new Bench.CpuWindow(ProcessHandle.current().pid()));

        assertThat(report.render()).contains("  warm-up: 15.0 s\n");
    }
}
