package dev.ringback.adapters.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The worker's outbox queries run many times a second while a backlog drains: they must read
 * indexes, never every pending row (whose bodies are kilobytes each).
 */
class DeliveryQueryPlanTest {
    @RegisterExtension
    final QueryPlans plans = new QueryPlans();

    @Test
    void theNextDueTimeIsReadFromIndexesAlone() throws SQLException {
        List<String> plan = plans.of(JdbiDeliveryRepository.NEXT_DUE_AT);

        assertThat(plan).anySatisfy(step -> assertThat(step).contains("COVERING INDEX deliveries_claim"));
        assertThat(plan).anySatisfy(step -> assertThat(step).contains("INDEX deliveries_leased"));
        assertThat(plan).noneSatisfy(step -> assertThat(step).contains("SCAN deliveries"));
    }

    @Test
    void theClaimFilterIsAnsweredByTheClaimIndex() throws SQLException {
        List<String> plan = plans.of(JdbiDeliveryRepository.DUE);

        assertThat(plan).anySatisfy(step -> assertThat(step).contains("INDEX deliveries_claim"));
        assertThat(plan).noneSatisfy(step -> assertThat(step).contains("SCAN deliveries"));
    }

    @Test
    void theMachinesOfAClaimAreFoundThroughTheClaimIndex() throws SQLException {
        List<String> plan = plans.of(JdbiDeliveryRepository.DUE_MACHINES);

        assertThat(plan).anySatisfy(step -> assertThat(step).contains("INDEX deliveries_claim"));
        assertThat(plan).noneSatisfy(step -> assertThat(step).contains("SCAN deliveries"));
    }

    @Test
    void oneMachinesFinishedDeliveriesAreFoundThroughTheClaimIndex() throws SQLException {
        List<String> plan = plans.of(JdbiDeliveryRepository.BY_MACHINE_AND_STATE.replace(":state", "'failed'")
                .replace(":machine", "'m'").replace(":limit", "500"));

        assertThat(plan).anySatisfy(step -> assertThat(step).contains("INDEX deliveries_claim (state=?)"));
        assertThat(plan).noneSatisfy(step -> assertThat(step).startsWith("SCAN deliveries"));
    }

    @Test
    void aMachinesWaitingDeliveriesAreFoundThroughTheClaimIndex() throws SQLException {
        List<String> plan = plans.of(JdbiDeliveryRepository.BRING_FORWARD.replace(":now", "'2026-01-01'")
                .replace(":after", "'2026-01-01'").replace(":machine", "'m'").replace(":limit", "1"));

        assertThat(plan).anySatisfy(step -> assertThat(step).contains("INDEX deliveries_claim (state=? AND next_attempt_at>?)"));
        assertThat(plan).noneSatisfy(step -> assertThat(step).startsWith("SCAN deliveries"));
    }

    @Test
    void theMachinesWaitingForARetryAreReadThroughTheClaimIndex() throws SQLException {
        List<String> plan = plans.of(JdbiDeliveryRepository.WAITING_MACHINES.replace(":now", "'2026-01-01'"));

        assertThat(plan).anySatisfy(step -> assertThat(step).contains("INDEX deliveries_claim (state=? AND next_attempt_at>?)"));
        assertThat(plan).noneSatisfy(step -> assertThat(step).startsWith("SCAN deliveries"));
    }

    /** Run after every run that delivered something: it must cost nothing when there are no dead letters. */
    @Test
    void aMachinesRevivableDeadLettersAreFoundThroughThePartialIndexOfDeadLetters() throws SQLException {
        List<String> plan = plans.of(JdbiDeliveryRepository.REVIVABLE);

        assertThat(plan).anySatisfy(step -> assertThat(step)
                .contains("INDEX deliveries_dead (machine_id=? AND revivals<?)"));
        assertThat(plan).noneSatisfy(step -> assertThat(step).startsWith("SCAN deliveries"));
        assertThat(plan).noneSatisfy(step -> assertThat(step).contains("deliveries_claim"));
    }

    @Test
    void anOperatorsSummaryReadsTheClaimIndexAlone() throws SQLException {
        for (String sql : List.of(JdbiDeliveryRepository.COUNT_BY_STATE,
                JdbiDeliveryRepository.COUNT_PENDING.replace(":now", "'2026-01-01'"),
                JdbiDeliveryRepository.WAITING_BY_MACHINE.replace(":now", "'2026-01-01'").replace(":limit", "10"))) {
            List<String> plan = plans.of(sql);

            assertThat(plan).as(sql).anySatisfy(step -> assertThat(step).contains("COVERING INDEX deliveries_claim"));
        }
    }
}
