package dev.ringback.adapters.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ringback.application.testing.Fixtures;
import dev.ringback.application.testing.LoggedLines;
import dev.ringback.application.testing.SequentialIds;
import dev.ringback.domain.account.Machine;
import dev.ringback.domain.account.MachineId;
import dev.ringback.domain.account.User;
import dev.ringback.domain.call.CallRecord;
import dev.ringback.domain.delivery.Delivery;
import dev.ringback.domain.delivery.DeliveryKind;
import dev.ringback.domain.notify.NotificationPolicy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A process that had the database open and did not close it (killed, crashed, a power cut) may
 * have lost the claim and the result of a first attempt that reached the gateway: after it, the
 * first never-tried deliveries of each machine are sent as resends. A process that died leaves
 * its marker unheld; here a marker file nobody holds stands for it.
 */
class UncleanStopsTest {
    private static final Instant T0 = Instant.parse("2026-11-28T01:00:00Z");
    private static final Duration LEASE = Duration.ofMinutes(2);

    @TempDir
    Path directory;

    @RegisterExtension
    final OpenDatabases databases = new OpenDatabases();

    @Test
    void afterACleanStopNeverTriedDeliveriesAreSentAsFirstAttempts() throws IOException {
        Path file = directory.resolve("ringback.db");
        SqlitePersistence before = databases.open(file);
        Machine machine = OwedCalls.owe(before, T0, "machine-a", 1);
        before.close();

        assertThat(RunMarkers.of(file)).isEmpty();
        SqlitePersistence after = databases.open(file);
        List<Delivery> run = after.deliveries().claimRun(T0.plusSeconds(60), LEASE, 10, Set.of());
        assertThat(run).hasSize(2).allSatisfy(delivery -> assertThat(delivery.mayHaveReachedMachine()).isFalse());
        assertThat(run.get(0).machineId()).isEqualTo(machine.id());
    }

    @Test
    void afterAProcessDiedWithTheFileOpenItsMachinesFirstDeliveriesAreResends() throws IOException {
        Path file = directory.resolve("ringback.db");
        SqlitePersistence before = databases.open(file);
        OwedCalls.owe(before, T0, "machine-a", 1);
        before.close();
        Path dead = leaveMarkerOfADeadProcess(file);

        SqlitePersistence after = databases.open(file);

        List<Delivery> run = after.deliveries().claimRun(T0.plusSeconds(60), LEASE, 10, Set.of());
        assertThat(run).hasSize(2).allSatisfy(delivery -> assertThat(delivery.mayHaveReachedMachine()).isTrue());
        assertThat(dead).doesNotExist();
        assertThat(RunMarkers.of(file)).as("only the running process's own marker").hasSize(1);
    }

    @Test
    void deliveriesAlreadyTriedOrLeasedAreLeftAsTheyAre() throws IOException {
        Path file = directory.resolve("ringback.db");
        SqlitePersistence before = databases.open(file);
        OwedCalls.owe(before, T0, "machine-a", 1);
        OwedCalls.owe(before, T0, "machine-b", 1);
        // machine-b's deliveries are claimed by a live lease of another process, still on the file: not this start's to touch.
        assertThat(before.deliveries().claimRun(T0.plusSeconds(10), Duration.ofHours(1), 10, Set.of(new MachineId("machine-a")))).hasSize(2);
        leaveMarkerOfADeadProcess(file);

        SqlitePersistence after = databases.open(file);

        assertThat(after.deliveries().claimRun(T0.plusSeconds(60), LEASE, 10, Set.of()))
                .as("machine-a's, in doubt").hasSize(2)
                .allSatisfy(delivery -> assertThat(delivery.mayHaveReachedMachine()).isTrue());
        assertThat(after.deliveries().claimRun(T0.plusSeconds(60), LEASE, 10, Set.of()))
                .as("machine-b's lease still runs").isEmpty();
    }

    @Test
    void onlyTheFirstRunOfEachMachineIsPutInDoubt() throws IOException {
        Path file = directory.resolve("ringback.db");
        SqlitePersistence before = databases.open(file);
        int calls = UncleanStops.PER_MACHINE / 2 + 5;
        OwedCalls.owe(before, T0, "machine-a", calls);
        before.close();
        leaveMarkerOfADeadProcess(file);

        SqlitePersistence after = databases.open(file);

        List<Delivery> all = new ArrayList<>();
        List<Delivery> run;
        Instant at = T0.plus(Duration.ofDays(1));
        while (!(run = after.deliveries().claimRun(at, LEASE, 1000, Set.of())).isEmpty()) {
            all.addAll(run);
        }
        assertThat(all).hasSize(2 * calls);
        assertThat(all.subList(0, UncleanStops.PER_MACHINE))
                .allSatisfy(delivery -> assertThat(delivery.mayHaveReachedMachine()).isTrue());
        assertThat(all.subList(UncleanStops.PER_MACHINE, all.size()))
                .allSatisfy(delivery -> assertThat(delivery.mayHaveReachedMachine()).isFalse());
    }

    @Test
    void aProcessStillUsingTheFileIsNotTakenForADeadOne() throws IOException {
        Path file = directory.resolve("ringback.db");
        SqlitePersistence running = databases.open(file);
        OwedCalls.owe(running, T0, "machine-a", 1);

        SqlitePersistence beside = databases.open(file);

        assertThat(RunMarkers.of(file)).hasSize(2);
        List<Delivery> run = beside.deliveries().claimRun(T0.plusSeconds(60), LEASE, 10, Set.of());
        assertThat(run).hasSize(2).allSatisfy(delivery -> assertThat(delivery.mayHaveReachedMachine()).isFalse());
        beside.close();
        assertThat(RunMarkers.of(file)).hasSize(1);
    }

    /**
     * A process killed mid-send left its claims' leases running: with nobody else on the file they
     * are its alone, and its deliveries go now, as resends, instead of when the leases run out. (A
     * clean stop hands its claims back; RestartDurabilityTest keeps a lease left by one.)
     */
    @Test
    void claimsLeftByAProcessThatDiedAreSentAtOnceAsResends() throws IOException {
        Path file = directory.resolve("ringback.db");
        withAClaimedRun(file).close();
        leaveMarkerOfADeadProcess(file);

        assertSentAtOnceAsResends(databases.open(file));
    }

    /** A stop whose attempts outlived its grace leaves their results unrecorded: it is told as a kill would be. */
    @Test
    void claimsOfAttemptsAStopLeftUnderWayAreSentAtOnceAsResends() throws IOException {
        Path file = directory.resolve("ringback.db");
        withAClaimedRun(file).closeWithAttemptsUnderWay();
        assertThat(RunMarkers.of(file)).as("left for the next start").hasSize(1);

        assertSentAtOnceAsResends(databases.open(file));
        assertThat(RunMarkers.of(file)).as("only the new process's own").hasSize(1);
    }

    /** The database open, with a call's two deliveries claimed a minute after they fell due. */
    private SqlitePersistence withAClaimedRun(Path file) {
        SqlitePersistence persistence = databases.open(file);
        OwedCalls.owe(persistence, T0, "machine-a", 1);
        assertThat(persistence.deliveries().claimRun(T0.plusSeconds(60), LEASE, 10, Set.of())).hasSize(2);
        return persistence;
    }

    private static void assertSentAtOnceAsResends(SqlitePersistence after) {
        List<Delivery> run = after.deliveries().claimRun(T0.plusSeconds(61), LEASE, 10, Set.of());
        assertThat(run).as("not after the two-minute lease").hasSize(2)
                .allSatisfy(delivery -> assertThat(delivery.mayHaveReachedMachine()).isTrue());
    }

    @Test
    void claimsOfAProcessStillOnTheFileRunOutAsBefore() throws IOException {
        Path file = directory.resolve("ringback.db");
        SqlitePersistence running = databases.open(file);
        OwedCalls.owe(running, T0, "machine-a", 1);
        assertThat(running.deliveries().claimRun(T0.plusSeconds(60), LEASE, 10, Set.of())).hasSize(2);
        leaveMarkerOfADeadProcess(file);

        SqlitePersistence beside = databases.open(file);

        assertThat(beside.deliveries().claimRun(T0.plusSeconds(61), LEASE, 10, Set.of())).as("still leased").isEmpty();
        assertThat(beside.deliveries().claimRun(T0.plusSeconds(60).plus(LEASE).plusSeconds(1), LEASE, 10, Set.of()))
                .as("once the lease ran out").hasSize(2);
    }

    /** A host that closes twice (its own stop and a shutdown hook, say) was told its clean stop would read as a crash. */
    @Test
    void closingTwiceIsACleanStopWithoutAWarning() throws IOException {
        Path file = directory.resolve("ringback.db");
        SqlitePersistence persistence = databases.open(file);

        List<String> warnings = LoggedLines.of(UncleanStops.class, java.util.logging.Level.WARNING, () -> {
            persistence.close();
            persistence.close();
        });

        assertThat(warnings).isEmpty();
        assertThat(RunMarkers.of(file)).isEmpty();
    }

    /**
     * Closing any channel to a file drops every lock the process holds on it: a second open in
     * the same JVM, looking for orphans, must not open the first one's marker. Asked of another
     * process, since this JVM's own lock table answers for itself whatever the kernel holds.
     */
    @Test
    void aSecondOpenInTheSameProcessLeavesTheFirstOnesMarkerLocked() throws Exception {
        Path file = directory.resolve("ringback.db");
        databases.open(file);
        Path first = RunMarkers.of(file).get(0);
        databases.open(file).close();

        assertThat(RunMarkers.of(file)).containsExactly(first);
        assertThat(lockedForAnotherProcess(first)).isTrue();
    }

    /** A start that could not put the deliveries in doubt must not send them unchecked, nor forget the stop. */
    @Test
    void aStartThatCannotPutDeliveriesInDoubtFailsAndLeavesTheMarkerForTheNext() throws Exception {
        Path file = directory.resolve("ringback.db");
        SqlitePersistence before = databases.open(file);
        OwedCalls.owe(before, T0, "machine-a", 1);
        before.close();
        Path dead = leaveMarkerOfADeadProcess(file);
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TRIGGER full_disk BEFORE UPDATE OF lease_until ON deliveries"
                    + " BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END");
        }

        assertThatThrownBy(() -> databases.open(file)).isInstanceOf(IllegalStateException.class);
        assertThat(dead).exists();

        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement statement = connection.createStatement()) {
            statement.execute("DROP TRIGGER full_disk");
        }
        SqlitePersistence after = databases.open(file);
        assertThat(after.deliveries().claimRun(T0.plusSeconds(60), LEASE, 10, Set.of()))
                .hasSize(2).allSatisfy(delivery -> assertThat(delivery.mayHaveReachedMachine()).isTrue());
        assertThat(dead).doesNotExist();
    }

    @Test
    void theNotificationStaysTheSameWhenSentAsAResend() throws IOException {
        Path file = directory.resolve("ringback.db");
        SqlitePersistence before = databases.open(file);
        OwedCalls.owe(before, T0, "machine-a", 1);
        before.close();
        leaveMarkerOfADeadProcess(file);

        SqlitePersistence after = databases.open(file);

        Delivery notification = after.deliveries().claimRun(T0.plusSeconds(60), LEASE, 10, Set.of()).stream()
                .filter(delivery -> delivery.kind() == DeliveryKind.NOTIFICATION).findFirst().orElseThrow();
        assertThat(notification.snapshot().attempts()).isZero();
        assertThat(notification.snapshot().idempotencyKey())
                .isEqualTo(NotificationPolicy.idempotencyKeyFor(notification.callId()));
    }

    private static Path leaveMarkerOfADeadProcess(Path file) throws IOException {
        Path runs = UncleanStops.runsFolder(file);
        Files.createDirectories(runs);
        return Files.createFile(runs.resolve("run-4242-dead"));
    }

    /** Whether another JVM finds {@code marker} locked (a dead process's marker would not be). */
    private boolean lockedForAnotherProcess(Path marker) throws Exception {
        Path probe = directory.resolve("LockProbe.java");
        Files.writeString(probe, String.join("\n",
                "import java.nio.channels.FileChannel;",
                "import java.nio.file.Path;",
                "import java.nio.file.StandardOpenOption;",
                "public class LockProbe {",
                "    public static void main(String[] args) throws Exception {",
                "        try (FileChannel channel = FileChannel.open(Path.of(args[0]), StandardOpenOption.WRITE)) {",
                "            System.out.print(channel.tryLock() == null ? \"held\" : \"free\");",
                "        }",
                "    }",
                "}"));
        String launcher = ProcessHandle.current().info().command().orElse("java");
        Process child = new ProcessBuilder(launcher, probe.toString(), marker.toString()).redirectErrorStream(true).start();
        String answer = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(child.waitFor()).as(answer).isZero();
        return answer.equals("held");
    }
}
