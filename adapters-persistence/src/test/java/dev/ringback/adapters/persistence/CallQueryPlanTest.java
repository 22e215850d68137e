package dev.ringback.adapters.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Calls in flight are few and ended calls are all the history: a placement's reservation and the
 * overdue sweep must read the first through calls_in_flight, never walk the second.
 */
class CallQueryPlanTest {
    @RegisterExtension
    final QueryPlans plans = new QueryPlans();

    @Test
    void aUsersCallsInFlightAreFoundThroughTheInFlightIndex() throws SQLException {
        assertThat(plans.of(JdbiCallRepository.IN_FLIGHT_OF_USER))
                .containsExactly("SEARCH calls USING INDEX calls_in_flight (user_id=?)");
    }

    @Test
    void theOverdueSweepReadsOnlyTheCallsInFlight() throws SQLException {
        List<String> plan = plans.of(JdbiCallRepository.OVERDUE);

        assertThat(plan).anySatisfy(step -> assertThat(step).isEqualTo("SCAN calls USING INDEX calls_in_flight"));
        assertThat(plan).noneSatisfy(step -> assertThat(step).isEqualTo("SCAN calls"));
    }

    @Test
    void aCallIsFoundByItsIdAndItsTextsByTheirRowid() throws SQLException {
        assertThat(plans.of(JdbiCallRepository.ROW_BY_ID)).containsExactly("SEARCH calls USING INDEX sqlite_autoindex_calls_1 (id=?)");
        assertThat(plans.of(JdbiCallRepository.BY_PROVIDER_ID)).containsExactly(
                "SEARCH calls USING INDEX sqlite_autoindex_calls_2 (provider_call_id=?)",
                "SEARCH call_texts USING INTEGER PRIMARY KEY (rowid=?) LEFT-JOIN");
        assertThat(plans.of(JdbiCallRepository.BY_ID)).containsExactly(
                "SEARCH calls USING INDEX sqlite_autoindex_calls_1 (id=?)",
                "SEARCH call_texts USING INTEGER PRIMARY KEY (rowid=?) LEFT-JOIN");
    }

    /** A correction is guarded by the stored summary: read for the one call, by its texts' rowid, not by a scan. */
    @Test
    void aCorrectionFindsItsCallByIdAndTheStoredSummaryByItsRowid() throws SQLException {
        List<String> plan = plans.of(CallRows.CORRECT_UNKNOWN);

        assertThat(plan).contains("SEARCH calls USING INDEX sqlite_autoindex_calls_1 (id=?)")
                .anySatisfy(step -> assertThat(step).contains("SEARCH call_texts USING INTEGER PRIMARY KEY (rowid=?)"));
        assertThat(plan).noneSatisfy(step -> assertThat(step).startsWith("SCAN"));
    }

    /** What a correction withdraws is found among the call's own deliveries, not by walking the outbox. */
    @Test
    void aCorrectionWithdrawsThroughTheCallsDeliveries() throws SQLException {
        List<String> plan = plans.of(JdbiCallRepository.WITHDRAW_UNDELIVERED);

        assertThat(plan).anySatisfy(step -> assertThat(step).contains("deliveries_by_call (call_id=?)"));
        assertThat(plan).noneSatisfy(step -> assertThat(step).startsWith("SCAN"));
    }

    @Test
    void theIndexOfEveryCallByStatusIsGone() throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + plans.file());
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT name FROM sqlite_schema WHERE tbl_name = 'calls'"
                        + " AND type = 'index' AND name NOT LIKE 'sqlite_autoindex_%' ORDER BY name")) {
            List<String> names = new ArrayList<>();
            while (rows.next()) {
                names.add(rows.getString(1));
            }
            assertThat(names).containsExactly("calls_by_user_created", "calls_in_flight");
        }
    }
}
