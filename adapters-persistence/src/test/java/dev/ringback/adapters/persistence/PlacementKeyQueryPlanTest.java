package dev.ringback.adapters.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The expired-key sweep runs every reconciliation interval: it must read answered keys by age, never the table. */
class PlacementKeyQueryPlanTest {
    @RegisterExtension
    final QueryPlans plans = new QueryPlans();

    @Test
    void theExpiredKeySweepReadsAnsweredKeysByAge() throws SQLException {
        String sql = JdbiPlacementKeyStore.DELETE_EXPIRED.replace(":claimedBefore", "?").replace(":limit", "?");

        assertThat(plans.of(sql))
                .anySatisfy(step -> assertThat(step).isEqualTo("SEARCH placement_keys USING INDEX placement_keys_answered (created_at<?)"))
                .noneSatisfy(step -> assertThat(step).isEqualTo("SCAN placement_keys"));
    }
}
