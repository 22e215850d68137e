package dev.ringback.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ringback.domain.account.UserId;
import dev.ringback.domain.session.SessionKey;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The standalone server decides webhooks and the dashboard's session reports in units of work on
 * the database's writer (begun on the HTTP I/O thread): a wiring that fell back to the worker's
 * path would still answer correctly, so this is what notices.
 */
class UnitsOfWorkWiringTest {
    @TempDir
    Path dir;

    private StandaloneHarness harness;

    @AfterEach
    void stop() {
        harness.close();
    }

    @Test
    void webhooksAndSessionReportsAreDecidedInUnitsOfWork() {
        harness = new StandaloneHarness(dir).start().withUserAda();

        assertThat(harness.component().recordCallOutcome().recordsInUnitOfWork()).isTrue();
        assertThat(harness.component().reportActiveSession().authenticatesInUnitOfWork()).isTrue();

        assertThat(harness.reportActive("Test-Calls").status()).isEqualTo(200);
        assertThat(harness.component().machines().findByUser(new UserId("ada")).orElseThrow().lastReportedSession())
                .contains(SessionKey.parse("agent:main:test-calls"));
        harness.dashboardToken = "not-a-token";
        assertThat(harness.reportActive("main").status()).isEqualTo(401);
    }
}
