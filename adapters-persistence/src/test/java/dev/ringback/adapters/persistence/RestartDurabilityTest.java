package dev.ringback.adapters.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ringback.application.testing.Fixtures;
import dev.ringback.application.testing.SequentialIds;
import dev.ringback.domain.account.Machine;
import dev.ringback.domain.account.TokenHash;
import dev.ringback.domain.account.User;
import dev.ringback.domain.call.CallRecord;
import dev.ringback.domain.delivery.Delivery;
import dev.ringback.domain.session.SessionKey;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** What was committed before a restart is there after it, including leases on the outbox. */
class RestartDurabilityTest {
    private static final Instant T0 = Instant.parse("2025-01-15T10:00:00.123456789Z");
    private static final Duration LEASE = Duration.ofMinutes(2);

    @TempDir
    Path directory;

    @RegisterExtension
    final OpenDatabases databases = new OpenDatabases();


    @Test
    void everythingWrittenSurvivesCloseAndReopen() {
        Path file = directory.resolve("ringback.db");
        User alice = Fixtures.user("alice");
        Machine machine = Fixtures.machine("machine-a", alice.id(), "gateway-token-a");
        CallRecord running = Fixtures.outboundCall("call-running", machine, T0.plusSeconds(1));
        CallRecord call = Fixtures.outboundCall("call-1", machine, T0);
        CallRecord ended = Fixtures.completed(call, 75, T0.plusSeconds(90));
        List<Delivery> owed = Fixtures.deliveriesFor(ended, new SequentialIds(), T0.plusSeconds(90));

        SqlitePersistence before = databases.open(file);
        before.users().save(alice);
        before.machines().save(machine);
        before.machines().recordActiveSession(machine.id(), SessionKey.parse("research"), T0);
        before.dashboardTokens().save(TokenHash.of("dashboard-token"), alice.id(), T0);
        before.calls().insert(call);
        before.calls().insert(running);
        assertThat(before.calls().recordCompletion(ended, owed)).isTrue();
        before.close();

        SqlitePersistence after = databases.open(file);

        assertThat(after.users().findById(alice.id())).contains(alice);
        assertThat(after.machines().findByGatewayTokenHash(TokenHash.of("gateway-token-a")))
                .contains(machine.withLastReportedSession(SessionKey.parse("research")));
        assertThat(after.dashboardTokens().findUser(TokenHash.of("dashboard-token"))).contains(alice.id());
        assertThat(after.calls().findById(call.id())).contains(ended);
        assertThat(after.calls().findById(running.id())).contains(running);
        assertThat(after.deliveries().findByCall(call.id())).containsExactlyInAnyOrderElementsOf(owed);
        assertThat(after.calls().recordCompletion(Fixtures.completed(call, 10, T0.plusSeconds(95)), List.of())).isFalse();
    }

    @Test
    void aLeaseTakenBeforeACrashExpiresAfterTheRestart() {
        Path file = directory.resolve("ringback.db");
        User alice = Fixtures.user("alice");
        Machine machine = Fixtures.machine("machine-a", alice.id(), "gateway-token-a");
        CallRecord call = Fixtures.outboundCall("call-1", machine, T0);
        CallRecord ended = Fixtures.completed(call, 75, T0.plusSeconds(90));
        List<Delivery> owed = Fixtures.deliveriesFor(ended, new SequentialIds(), T0.plusSeconds(90));
        SqlitePersistence before = databases.open(file);
        before.users().save(alice);
        before.machines().save(machine);
        before.calls().insert(call);
        before.calls().recordCompletion(ended, owed);
        Instant claimedAt = T0.plusSeconds(100);
        assertThat(before.deliveries().claimDue(claimedAt, LEASE, 10)).hasSize(2);
        before.close();

        SqlitePersistence after = databases.open(file);

        assertThat(after.deliveries().claimDue(claimedAt.plusSeconds(1), LEASE, 10)).isEmpty();
        assertThat(after.deliveries().nextDueAt()).contains(claimedAt.plus(LEASE));
        assertThat(after.deliveries().claimDue(claimedAt.plus(LEASE), LEASE, 10)).containsExactlyInAnyOrderElementsOf(owed);
    }
}
