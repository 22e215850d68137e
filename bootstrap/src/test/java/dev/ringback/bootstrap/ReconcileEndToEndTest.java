package dev.ringback.bootstrap;

import static dev.ringback.bootstrap.StandaloneHarness.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ringback.adapters.http.bland.testing.FakeBland;
import dev.ringback.adapters.openclaw.testing.HookRun;
import dev.ringback.application.service.ReconcileOverdueCallsService;
import dev.ringback.bootstrap.StandaloneHarness.Response;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Calls whose Bland webhook never comes, through the real server and SQLite: the sweep settles
 * them from {@code GET /v1/calls/{id}} (or, without a provider id, as "outcome unknown") and the
 * notification lands once, in the conversation that asked for the call; Bland's real outcome
 * arriving after "outcome unknown" corrects it there, once. Nothing is dialled twice.
 */
class ReconcileEndToEndTest {
    private static final String SESSION = "agent:main:test-calls";

    @TempDir
    Path dir;

    private StandaloneHarness harness;

    @BeforeEach
    void start() {
        harness = new StandaloneHarness(dir);
        harness.env.put("RINGBACK_RECONCILE_INTERVAL", "100ms");
        harness.env.put("RINGBACK_RECONCILE_GRACE", "1s");
    }

    @AfterEach
    void stop() {
        harness.close();
    }

    private String placeCall() {
        harness.reportActive("test-calls");
        Response placed = harness.placeCall("");
        assertThat(placed.status()).isEqualTo(200);
        assertThat(placed.body().path("status").asText()).isEqualTo("initiated");
        return placed.body().path("call_id").asText();
    }

    /** The call was placed a day ago: long past its maximum duration and every grace period. */
    private void placedLongAgo(String callId) {
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + harness.database);
                PreparedStatement update = db.prepareStatement("UPDATE calls SET created_at = ? WHERE id = ?")) {
            db.createStatement().execute("PRAGMA busy_timeout = 10000");
            update.setString(1, "2020-01-01T00:00:00.000000000Z");
            update.setString(2, callId);
            assertThat(update.executeUpdate()).isEqualTo(1);
        } catch (SQLException e) {
            throw new AssertionError("cannot backdate call " + callId, e);
        }
    }

    private List<HookRun> runsFor(String callId) {
        return harness.gateway.runs().stream().filter(run -> run.body().contains(callId)).collect(Collectors.toList());
    }

    @Test
    void aCallWhoseWebhookIsLostIsSettledFromBlandAndNotifiedOnceInItsSession() {
        harness.start().withUserAda();
        String callId = placeCall();
        String blandId = harness.bland.lastPlacedCall().callId();
        harness.bland.endWithoutWebhook(blandId, "completed", "user: Hello? \n assistant: Is dinner at 7 fine?",
                "John confirmed dinner at 7.", 2, "human");
        placedLongAgo(callId);

        await("the call settled by reconciliation", () -> harness.deliveriesSettled(callId));

        JsonNode status = harness.callStatus(callId).body();
        assertThat(status.path("status").asText()).isEqualTo("completed");
        assertThat(status.path("summary").asText()).isEqualTo("John confirmed dinner at 7.");
        assertThat(runsFor(callId)).hasSize(1).allSatisfy(run -> {
            assertThat(run.sessionKey()).isEqualTo(SESSION);
            assertThat(run.body()).contains("John confirmed dinner at 7.");
        });

        // Bland's webhook turning up after all changes nothing.
        assertThat(harness.bland.postDuplicate(blandId)).isEqualTo(200);
        assertThat(harness.callStatus(callId).body()).isEqualTo(status);
        assertThat(runsFor(callId)).hasSize(1);
        assertThat(harness.bland.placementAttempts()).isEqualTo(1);
    }

    /** The runs of the call after the first: the correction of its unknown outcome, if any. */
    private List<HookRun> correctionsFor(String callId) {
        return runsFor(callId).stream().filter(run -> run.body().contains("[ringback call " + callId + " corrected]"))
                .collect(Collectors.toList());
    }

    /**
     * Bland's real outcome arriving after the call was ended as "outcome unknown": recorded over
     * it and told, once, in the conversation that asked, under a key the gateway has not seen;
     * a repeat of the webhook changes nothing.
     */
    private void aLateOutcomeCorrectsTheUnknownOneOnce(String callId, String blandId) {
        assertThat(harness.bland.complete(blandId, "completed", "user: Hello? \n assistant: Is dinner at 7 fine?",
                "John confirmed dinner at 7.", 2, "human")).isEqualTo(200);

        await("the correction delivered", () -> correctionsFor(callId).size() == 1 && harness.deliveriesSettled(callId));

        JsonNode status = harness.callStatus(callId).body();
        assertThat(status.path("status").asText()).isEqualTo("completed");
        assertThat(status.path("summary").asText()).isEqualTo("John confirmed dinner at 7.");
        assertThat(runsFor(callId)).hasSize(2);
        assertThat(correctionsFor(callId)).singleElement().satisfies(run -> {
            assertThat(run.sessionKey()).isEqualTo(SESSION);
            assertThat(run.body()).contains("replaces the earlier").contains("John confirmed dinner at 7.");
            assertThat(run.idempotencyKey()).contains("ringback-call-" + callId + "-corrected");
        });

        assertThat(harness.bland.postDuplicate(blandId)).isEqualTo(200);
        assertThat(harness.callStatus(callId).body()).isEqualTo(status);
        assertThat(runsFor(callId)).hasSize(2);
        assertThat(harness.bland.placementAttempts()).isEqualTo(1);
    }

    @Test
    void aCallWhoseBlandAnswerWasDroppedEndsAsUnknownAndIsNotifiedOnceInItsSession() {
        harness.start().withUserAda();
        harness.bland.failNextCall(FakeBland.Fault.DROP_CONNECTION);
        String callId = placeCall();
        assertThat(harness.callStatus(callId).body().path("status").asText()).isEqualTo("initiated");
        placedLongAgo(callId);

        await("the call ended as unknown", () -> harness.deliveriesSettled(callId));

        JsonNode status = harness.callStatus(callId).body();
        assertThat(status.path("status").asText()).isEqualTo("failed");
        assertThat(status.path("summary").asText()).isEqualTo(ReconcileOverdueCallsService.UNKNOWN_OUTCOME_SUMMARY);
        assertThat(runsFor(callId)).hasSize(1).allSatisfy(run -> {
            assertThat(run.sessionKey()).isEqualTo(SESSION);
            assertThat(run.body()).contains("Outcome unknown");
        });
        assertThat(harness.bland.placementAttempts()).isEqualTo(1);

        // Bland placed the call all the same; its webhook names our call id in the metadata.
        aLateOutcomeCorrectsTheUnknownOneOnce(callId, harness.bland.lastPlacedCall().callId());
    }

    @Test
    void aCallBlandStillReportsQueuedLongAfterItsMaximumEndsAsUnknownAndIsNotifiedOnceInItsSession() {
        harness.start().withUserAda();
        String callId = placeCall();
        String blandId = harness.bland.lastPlacedCall().callId();
        placedLongAgo(callId); // years past its maximum, and Bland still answers "queued"

        await("the stuck call given up", () -> harness.deliveriesSettled(callId));

        JsonNode status = harness.callStatus(callId).body();
        assertThat(status.path("status").asText()).isEqualTo("failed");
        assertThat(status.path("summary").asText()).isEqualTo(ReconcileOverdueCallsService.STUCK_OUTCOME_SUMMARY);
        assertThat(runsFor(callId)).hasSize(1).allSatisfy(run -> {
            assertThat(run.sessionKey()).isEqualTo(SESSION);
            assertThat(run.body()).contains("still reported this call as in progress");
        });

        aLateOutcomeCorrectsTheUnknownOneOnce(callId, blandId);
    }

    @Test
    void theOperatorCommandRunsOneSweepAndTheServerDeliversWhatItSettled() {
        harness.env.put("RINGBACK_RECONCILE_INTERVAL", "1h");
        harness.start().withUserAda();
        String callId = placeCall();
        String blandId = harness.bland.lastPlacedCall().callId();
        harness.bland.endWithoutWebhook(blandId, "no-answer", "", "", 0, "no-answer");
        placedLongAgo(callId);
        assertThat(harness.callStatus(callId).body().path("status").asText()).isEqualTo("initiated");

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = new Cli(harness.env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)).run("reconcile");

        assertThat(exit).as(err.toString(StandardCharsets.UTF_8)).isEqualTo(Cli.OK);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("overdue=1 settled=1 ");
        await("the running server delivers the settled call", () -> harness.deliveriesSettled(callId));
        assertThat(harness.callStatus(callId).body().path("status").asText()).isEqualTo("no_answer");
        assertThat(runsFor(callId)).hasSize(1).allSatisfy(run -> assertThat(run.sessionKey()).isEqualTo(SESSION));
    }
}
