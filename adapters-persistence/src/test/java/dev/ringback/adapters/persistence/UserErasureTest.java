package dev.ringback.adapters.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ringback.application.testing.Fixtures;
import dev.ringback.domain.account.Machine;
import dev.ringback.domain.account.TokenHash;
import dev.ringback.domain.account.UserId;
import dev.ringback.domain.call.CallId;
import dev.ringback.domain.call.CallRecord;
import dev.ringback.domain.delivery.AttemptResult;
import dev.ringback.domain.delivery.DeadLetterRevival;
import dev.ringback.domain.delivery.Delivery;
import dev.ringback.domain.delivery.RetryPolicy;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** A user who asks to be forgotten leaves nothing behind, and takes nobody else's data along. */
class UserErasureTest {
    private static final Instant T0 = Instant.parse("2026-11-28T01:00:00Z");

    @TempDir
    Path directory;

    @RegisterExtension
    final OpenDatabases databases = new OpenDatabases();

    @Test
    void everythingHeldOfTheUserGoesInOneWriteAndNothingOfAnyoneElse() throws SQLException {
        Path file = directory.resolve("ringback.db");
        SqlitePersistence db = databases.open(file);
        Machine ada = OwedCalls.owe(db, T0, "machine-ada", 3);
        Machine bob = OwedCalls.owe(db, T0, "machine-bob", 2);
        // One of Ada's deliveries delivered, one dead; a key and a dashboard token each.
        List<Delivery> adas = db.deliveries().claimRun(T0.plusSeconds(60), Duration.ofMinutes(2), 2,
                Set.of(bob.id()));
        db.deliveries().saveAll(List.of(
                adas.get(0).afterAttempt(new AttemptResult.Delivered("200"), T0.plusSeconds(61), RetryPolicy.DEFAULT, 0.5),
                adas.get(1).afterAttempt(new AttemptResult.Retryable("503", Optional.empty()), T0.plusSeconds(61),
                        new RetryPolicy(Duration.ofSeconds(1), Duration.ofSeconds(1), 1), 0.5)));
        db.placementKeys().claim(ada.id(), "key-1", "fingerprint", T0);
        db.placementKeys().claim(bob.id(), "key-1", "fingerprint", T0);
        db.dashboardTokens().save(TokenHash.of("ada's dashboard token"), ada.userId(), T0);
        db.dashboardTokens().save(TokenHash.of("bob's dashboard token"), bob.userId(), T0);
        CallRecord inFlight = Fixtures.outboundCall("machine-ada-call-in-flight", ada, T0);
        db.calls().insert(inFlight);

        ErasureReport report = db.forgetUser(ada.userId());

        assertThat(report).isEqualTo(new ErasureReport(4, 6, 1, 1));
        assertThat(db.users().findById(ada.userId())).isEmpty();
        assertThat(db.machines().findById(ada.id())).isEmpty();
        assertThat(db.calls().findById(inFlight.id())).isEmpty();
        assertThat(db.dashboardTokens().findUser(TokenHash.of("ada's dashboard token"))).isEmpty();
        assertThat(rows(file, "SELECT DISTINCT machine_id FROM deliveries")).containsExactly(bob.id().value());
        assertThat(rows(file, "SELECT DISTINCT user_id FROM calls")).containsExactly(bob.userId().value());
        assertThat(rows(file, "SELECT machine_id FROM placement_keys")).containsExactly(bob.id().value());
        assertThat(rows(file, "SELECT COUNT(*) FROM call_texts")).as("Bob's two calls' texts alone").containsExactly("2");
        assertThat(rows(file, "PRAGMA foreign_key_check")).isEmpty();
        assertThat(db.users().findById(bob.userId())).isPresent();
        assertThat(db.dashboardTokens().findUser(TokenHash.of("bob's dashboard token"))).contains(bob.userId());
    }

    /** Forgotten beside a serving server, while a worker was sending to the user's machine. */
    @Test
    void aRunInFlightWhenTheUserIsForgottenSavesWithoutBringingAnythingBack() throws SQLException {
        Path file = directory.resolve("ringback.db");
        SqlitePersistence db = databases.open(file);
        Machine ada = OwedCalls.owe(db, T0, "machine-ada", 1);
        List<Delivery> run = db.deliveries().claimRun(T0.plusSeconds(60), Duration.ofMinutes(2), 10, Set.of());
        assertThat(run).hasSize(2);

        db.forgetUser(ada.userId());
        int revived = db.deliveries().saveRun(List.of(
                run.get(0).afterAttempt(new AttemptResult.Delivered("200"), T0.plusSeconds(61), RetryPolicy.DEFAULT, 0.5),
                run.get(1).afterAttempt(new AttemptResult.Retryable("503", Optional.empty()), T0.plusSeconds(61),
                        RetryPolicy.DEFAULT, 0.5)), DeadLetterRevival.DEFAULT, T0.plusSeconds(61));

        assertThat(revived).isZero();
        assertThat(rows(file, "SELECT COUNT(*) FROM deliveries")).containsExactly("0");
        assertThat(rows(file, "PRAGMA foreign_key_check")).isEmpty();
    }

    @Test
    void aUserWithoutAMachineOrCallsGoesToo() {
        SqlitePersistence db = databases.open(directory.resolve("ringback.db"));
        db.users().save(Fixtures.user("carol"));

        assertThat(db.forgetUser(new UserId("carol"))).isEqualTo(new ErasureReport(0, 0, 0, 0));

        assertThat(db.users().findById(new UserId("carol"))).isEmpty();
    }

    @Test
    void anUnknownUserIsRefusedAndNothingIsDeleted() {
        SqlitePersistence db = databases.open(directory.resolve("ringback.db"));
        Machine ada = OwedCalls.owe(db, T0, "machine-ada", 1);

        assertThatThrownBy(() -> db.forgetUser(new UserId("nobody"))).isInstanceOf(MaintenanceException.class)
                .hasMessage("no user nobody");

        assertThat(db.users().findById(ada.userId())).isPresent();
        assertThat(db.deliveries().findByCall(new CallId("machine-ada-call-0"))).hasSize(2);
    }

    private static List<String> rows(Path file, String sql) throws SQLException {
        return StoredRows.firstColumn(file, sql);
    }
}
