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
    void thePacedWarmUpIsShownWithItsOwnLatenciesAndNotJudged() {
        Latencies e2e = new Latencies();
        for (int i = 1; i <= 100; i++) {
            e2e.add(i * 1_000_000L);
        }

        report.pacedWarmUp(2, e2e, 1_000);

        String row = report.render().lines().filter(line -> line.contains("its warm-up")).findFirst().orElseThrow();
        assertThat(row).startsWith("  its warm-up, 2.0 s before it").contains("100/1000").contains("50.00")
                .endsWith("not counted").doesNotContain("met").doesNotContain("MISSED");
    }

    @Test
    void theColdStartIsJudgedByTheMedianOfItsStartsEachOfThemListed() {
        report.coldStarts(List.of(1_100.0, 900.0, 1_000.0, 950.0, 1_200.0));

        assertThat(report.render()).contains("cold start to first served request        1000 ms  met     <=1000ms"
                + "  (median of 5 starts: 1100, 900, 1000, 950, 1200 ms)");
    }

    @Test
    void anEvenNumberOfStartsHasTheMeanOfTheMiddleTwoAsItsMedian() {
        report.coldStarts(List.of(1_100.0, 950.0));

        assertThat(report.render()).contains("cold start to first served request        1025 ms  MISSED  <=1000ms"
                + "  (median of 2 starts: 1100, 950 ms)");
    }

    @Test
    void theWriterOverThePacedPhaseIsItsOwnLine() {
        report.pacedWriter(new StoreMeter.Snapshot(900, 500, 4.0, 4.5, 300, 4.4, 10, 0.1), 10);

        assertThat(report.render()).contains("  database writer: busy 86 % of the window (writing 40 %, committing 45 %,"
                + " restarting the WAL 1 %, 10 times); 1.8 writes per commit; 300 of 500 commits durable, of 14.67 ms each");
    }

    @Test
    void aFixedWarmUpIsStatedWithoutTheCompilersShare() {
        LoadGenerator.Result result = new LoadGenerator.Result(100, 0, 1, new Latencies(), 0, 1, false, 15);

        report.warmUp(result, new Bench.CpuWindow(ProcessHandle.current().pid()));

        assertThat(report.render()).contains("  warm-up: 15.0 s\n");
    }
}
