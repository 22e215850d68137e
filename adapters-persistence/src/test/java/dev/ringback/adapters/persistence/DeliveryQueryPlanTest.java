package dev.ringback.adapters.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The worker's outbox queries run many times a second while a backlog drains: they must read
 * indexes, never every pending row (whose bodies are kilobytes each).
 */
class DeliveryQueryPlanTest {
    @TempDir
    Path directory;

    @RegisterExtension
    final OpenDatabases databases = new OpenDatabases();

    @BeforeEach
    void migrate() {
        databases.open(file());
    }


    private Path file() {
        return directory.resolve("ringback.db");
    }

    @Test
    void theNextDueTimeIsReadFromIndexesAlone() throws SQLException {
        List<String> plan = plan(JdbiDeliveryRepository.NEXT_DUE_AT);

        assertThat(plan).anySatisfy(step -> assertThat(step).contains("COVERING INDEX deliveries_claim"));
        assertThat(plan).anySatisfy(step -> assertThat(step).contains("INDEX deliveries_leased"));
        assertThat(plan).noneSatisfy(step -> assertThat(step).contains("SCAN deliveries"));
    }

    @Test
    void theClaimFilterIsAnsweredByTheClaimIndex() throws SQLException {
        List<String> plan = plan("SELECT * FROM deliveries WHERE state = 'pending' AND next_attempt_at <= '2030'"
                + " AND (lease_until IS NULL OR lease_until <= '2030') AND machine_id NOT IN ('busy')"
                + " ORDER BY next_attempt_at LIMIT 1");

        assertThat(plan).anySatisfy(step -> assertThat(step).contains("INDEX deliveries_claim"));
        assertThat(plan).noneSatisfy(step -> assertThat(step).contains("SCAN deliveries"));
    }

    private List<String> plan(String sql) throws SQLException {
        return QueryPlans.of(file(), sql);
    }
}
