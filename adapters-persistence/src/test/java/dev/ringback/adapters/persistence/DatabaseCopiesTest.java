package dev.ringback.adapters.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.ringback.application.testing.Fixtures;
import dev.ringback.domain.account.Machine;
import dev.ringback.domain.account.UserId;
import dev.ringback.domain.delivery.AttemptResult;
import dev.ringback.domain.delivery.Delivery;
import dev.ringback.domain.delivery.DeliveryState;
import dev.ringback.domain.delivery.RetryPolicy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Backups taken while the database is in use, and restores of them: a consistent copy, never a
 * file overwritten or half-written, and a restored outbox that looks before it sends again.
 */
class DatabaseCopiesTest {
    private static final Instant T0 = Instant.parse("2026-11-28T01:00:00Z");
    private static final Duration LEASE = Duration.ofMinutes(2);

    @TempDir
    Path directory;

    @RegisterExtension
    final OpenDatabases databases = new OpenDatabases();

    @Test
    void aBackupTakenWhileTheDatabaseIsOpenHoldsWhatWasCommittedBeforeIt() throws IOException {
        SqlitePersistence live = databases.open(directory.resolve("ringback.db"));
        OwedCalls.owe(live, T0, "machine-a", 2);

        BackupReport report = live.backupTo(directory.resolve("backup.db"));
        live.users().save(Fixtures.user("after-the-backup"));

        assertThat(report.file()).isEqualTo(directory.resolve("backup.db").toAbsolutePath());
        assertThat(report.bytes()).isEqualTo(Files.size(report.file())).isPositive();
        assertThat(report.schemaVersion()).isEqualTo(SchemaMigrations.standard().latestVersion());
        SqlitePersistence copy = databases.open(report.file());
        assertThat(copy.deliveries().countByState()).containsEntry(DeliveryState.PENDING, 4L);
        assertThat(copy.users().findById(new UserId("user-machine-a"))).isPresent();
        assertThat(copy.users().findById(new UserId("after-the-backup"))).isEmpty();
    }

    @Test
    void aBackupIsReadableByItsOwnerAlone() throws IOException {
        SqlitePersistence live = databases.open(directory.resolve("ringback.db"));

        Path backup = live.backupTo(directory.resolve("backup.db")).file();

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(backup))).isEqualTo("rw-------");
    }

    @Test
    void aRestoreIntoAMissingDatabaseMakesItReadableByItsOwnerAlone() throws IOException {
        SqlitePersistence elsewhere = databases.open(directory.resolve("elsewhere.db"));
        Path backup = elsewhere.backupTo(directory.resolve("backup.db")).file();
        Path file = directory.resolve("new-host").resolve("ringback.db");

        SqlitePersistence.restore(PersistenceSettings.durable(file), backup);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void aBackupNeverOverwritesAFileAndLeavesNothingBehindWhenRefused() throws IOException {
        SqlitePersistence live = databases.open(directory.resolve("ringback.db"));
        Path taken = Files.writeString(directory.resolve("backup.db"), "yesterday's backup");

        assertThatThrownBy(() -> live.backupTo(taken)).isInstanceOf(MaintenanceException.class)
                .hasMessageContaining("exists").hasMessageContaining("never overwrites");
        assertThatThrownBy(() -> live.backupTo(directory.resolve("no-such-folder").resolve("backup.db")))
                .isInstanceOf(MaintenanceException.class).hasMessageContaining("no folder");

        assertThat(Files.readString(taken)).isEqualTo("yesterday's backup");
        assertThat(namesIn(directory)).containsExactlyInAnyOrder("ringback.db", "ringback.db-wal", "ringback.db-shm",
                "ringback.db-runs", "backup.db");
    }

    /** java.nio names the file alone: "cannot write the backup ...: <file>" said nothing of why. */
    @Test
    void aBackupOrRestoreThatCannotReachAFileSaysWhy() throws IOException {
        SqlitePersistence live = databases.open(directory.resolve("ringback.db"));
        Path backup = live.backupTo(directory.resolve("backup.db")).file();
        Path readOnly = Files.createDirectory(directory.resolve("read-only"));
        Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("r-x------"));
        Files.setPosixFilePermissions(backup, PosixFilePermissions.fromString("---------"));
        try {
            assumeFalse(Files.isWritable(readOnly) || Files.isReadable(backup), "the permissions do not hold for root");

            assertThatThrownBy(() -> live.backupTo(readOnly.resolve("backup.db"))).isInstanceOf(MaintenanceException.class)
                    .hasMessageStartingWith("cannot write the backup " + readOnly.resolve("backup.db") + ": ")
                    .hasMessageEndingWith(": permission denied");
            assertThatThrownBy(() -> SqlitePersistence.restore(PersistenceSettings.durable(directory.resolve("restored.db")),
                    backup)).isInstanceOf(MaintenanceException.class)
                    .hasMessage("cannot restore " + backup + ": " + backup + ": permission denied");
        } finally {
            Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("rwx------"));
            Files.setPosixFilePermissions(backup, PosixFilePermissions.fromString("rw-------"));
        }
    }

    @Test
    void aRestoreBringsBackTheBackupAndSendsWhatItOwesAsResends() throws IOException {
        Path file = directory.resolve("ringback.db");
        SqlitePersistence live = databases.open(file);
        Machine machine = OwedCalls.owe(live, T0, "machine-a", 1);
        Path backup = live.backupTo(directory.resolve("backup.db")).file();
        // After the backup the owed deliveries reached the machine, and another user was added.
        List<Delivery> run = live.deliveries().claimRun(T0.plusSeconds(60), LEASE, 10, Set.of());
        live.deliveries().saveAll(run.stream().map(delivery -> delivery.afterAttempt(new AttemptResult.Delivered("200"),
                T0.plusSeconds(61), RetryPolicy.DEFAULT, 0.5)).collect(Collectors.toList()));
        live.users().save(Fixtures.user("after-the-backup"));
        live.close();

        RestoreReport report = SqlitePersistence.restore(PersistenceSettings.durable(file), backup);

        assertThat(report.deliveriesInDoubt()).isEqualTo(2);
        assertThat(report.backupSchemaVersion()).isEqualTo(report.schemaVersion())
                .isEqualTo(SchemaMigrations.standard().latestVersion());
        SqlitePersistence restored = databases.open(file);
        assertThat(restored.users().findById(new UserId("after-the-backup"))).isEmpty();
        List<Delivery> again = restored.deliveries().claimRun(T0.plusSeconds(120), LEASE, 10, Set.of());
        assertThat(again).hasSize(2).allSatisfy(delivery -> {
            assertThat(delivery.machineId()).isEqualTo(machine.id());
            assertThat(delivery.mayHaveReachedMachine()).as("it may have been delivered after the backup").isTrue();
        });
        assertThat(namesIn(directory)).as("nothing of the restore's own left behind")
                .allSatisfy(name -> assertThat(name).doesNotContain(".restoring-"));
    }

    @Test
    void aRestoreIsRefusedWhileAProcessHasTheDatabaseOpen() throws IOException {
        Path file = directory.resolve("ringback.db");
        SqlitePersistence live = databases.open(file);
        Path backup = live.backupTo(directory.resolve("backup.db")).file();
        live.users().save(Fixtures.user("after-the-backup"));

        assertThatThrownBy(() -> SqlitePersistence.restore(PersistenceSettings.durable(file), backup))
                .isInstanceOf(MaintenanceException.class).hasMessageContaining("stop it first");

        assertThat(live.users().findById(new UserId("after-the-backup"))).isPresent();
    }

    /** Two pieces of work that each need the file to themselves (a key rotation here) never overlap. */
    @Test
    void aRestoreIsRefusedWhileAnotherHasTheFileToItselfAndLeavesNoMarkerWhenDone() throws IOException {
        Path file = directory.resolve("ringback.db");
        SqlitePersistence live = databases.open(file);
        Path backup = live.backupTo(directory.resolve("backup.db")).file();
        live.close();

        try (UncleanStops rotation = UncleanStops.exclusive(file, "a rotation")) {
            assertThatThrownBy(() -> SqlitePersistence.restore(PersistenceSettings.durable(file), backup))
                    .isInstanceOf(MaintenanceException.class).hasMessageContaining("stop it first");
        }
        SqlitePersistence.restore(PersistenceSettings.durable(file), backup);

        assertThat(RunMarkers.of(file)).as("the restore's own marker is gone with it").isEmpty();
    }

    @Test
    void aRestoreIntoAFolderIsRefusedAndMakesNothingBesideIt() throws IOException {
        SqlitePersistence elsewhere = databases.open(directory.resolve("elsewhere").resolve("ringback.db"));
        Path backup = elsewhere.backupTo(directory.resolve("backup.db")).file();
        Path folder = Files.createDirectory(directory.resolve("data"));

        assertThatThrownBy(() -> SqlitePersistence.restore(PersistenceSettings.durable(folder), backup))
                .isInstanceOf(MaintenanceException.class).hasMessage(folder + " is a folder, not a database file");

        assertThat(namesIn(directory)).containsExactlyInAnyOrder("elsewhere", "backup.db", "data");
        assertThat(namesIn(folder)).isEmpty();
    }

    @Test
    void aFileThatIsNotARingbackBackupIsRefusedAndTheDatabaseLeftAsItWas() throws Exception {
        Path file = directory.resolve("ringback.db");
        SqlitePersistence live = databases.open(file);
        live.users().save(Fixtures.user("ada"));
        live.close();
        Path text = Files.writeString(directory.resolve("notes.txt"), "not a database at all, but long enough to look like one"
                .repeat(100), StandardCharsets.UTF_8);
        Path otherDatabase = directory.resolve("other.db");
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + otherDatabase);
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE anything (x INTEGER)");
        }
        PersistenceSettings settings = PersistenceSettings.durable(file);

        assertThatThrownBy(() -> SqlitePersistence.restore(settings, text)).isInstanceOf(MaintenanceException.class)
                .hasMessageContaining("cannot be read as a database");
        assertThatThrownBy(() -> SqlitePersistence.restore(settings, otherDatabase))
                .isInstanceOf(MaintenanceException.class).hasMessageContaining("not a Ringback database");
        assertThatThrownBy(() -> SqlitePersistence.restore(settings, directory.resolve("missing.db")))
                .isInstanceOf(MaintenanceException.class).hasMessageContaining("no backup at");

        assertThat(databases.open(file).users().findById(new UserId("ada"))).isPresent();
        assertThat(namesIn(directory)).allSatisfy(name -> assertThat(name).doesNotContain(".restoring-"));
    }

    /** A refused restore onto a database that was not there leaves nothing behind, not even its markers' folder. */
    @Test
    void aRefusedRestoreOntoANewDatabaseLeavesNothingBesideIt() throws IOException {
        Path text = Files.writeString(directory.resolve("notes.txt"), "not a database".repeat(500), StandardCharsets.UTF_8);
        Path fresh = directory.resolve("fresh.db");

        assertThatThrownBy(() -> SqlitePersistence.restore(PersistenceSettings.durable(fresh), text))
                .isInstanceOf(MaintenanceException.class).hasMessageContaining("cannot be read as a database");

        assertThat(namesIn(directory)).containsExactly("notes.txt");
    }

    @Test
    void aBackupSealedWithAnotherSecretKeyOrNoneIsRefusedBeforeTheDatabaseIsTouched() {
        PersistenceSettings sealed = PersistenceSettings.durable(directory.resolve("elsewhere.db"))
                .withSecretCipher(SecretCipher.fromBase64Key(SecretCipherTest.KEY));
        SqlitePersistence elsewhere = SqlitePersistence.open(sealed);
        OwedCalls.owe(elsewhere, T0, "machine-a", 1);
        Path backup = elsewhere.backupTo(directory.resolve("backup.db")).file();
        elsewhere.close();
        Path file = directory.resolve("ringback.db");
        SqlitePersistence live = databases.open(file);
        live.users().save(Fixtures.user("ada"));
        live.close();

        assertThatThrownBy(() -> SqlitePersistence.restore(PersistenceSettings.durable(file)
                .withSecretCipher(SecretCipher.fromBase64Key(SecretCipherTest.OTHER_KEY)), backup))
                .isInstanceOf(MaintenanceException.class).hasMessageContaining("does not open with the configured secret key");
        assertThatThrownBy(() -> SqlitePersistence.restore(PersistenceSettings.durable(file), backup))
                .isInstanceOf(MaintenanceException.class).hasMessageContaining("no secret key is configured");

        assertThat(databases.open(file).users().findById(new UserId("ada"))).isPresent();
        assertThat(databases.open(file).users().findById(new UserId("user-machine-a"))).isEmpty();
    }

    @Test
    void aBackupOfAnOlderRingbackIsMigratedAsItIsRestored() throws IOException {
        Path old = directory.resolve("old.db");
        List<String> olderScripts = SchemaMigrations.SCRIPTS.subList(0, SchemaMigrations.SCRIPTS.size() - 1);
        SqlitePersistence older = SqlitePersistence.open(PersistenceSettings.durable(old),
                new SchemaMigrations(SchemaMigrations.LOCATION, olderScripts));
        older.users().save(Fixtures.user("ada"));
        Path backup = older.backupTo(directory.resolve("backup.db")).file();
        older.close();
        Path file = directory.resolve("new-host").resolve("ringback.db");

        RestoreReport report = SqlitePersistence.restore(PersistenceSettings.durable(file), backup);

        assertThat(report.backupSchemaVersion()).isEqualTo(olderScripts.size());
        assertThat(report.schemaVersion()).isEqualTo(SchemaMigrations.standard().latestVersion());
        assertThat(databases.open(file).users().findById(new UserId("ada"))).isPresent();
    }

    private static List<String> namesIn(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(path -> path.getFileName().toString()).collect(Collectors.toList());
        }
    }
}
