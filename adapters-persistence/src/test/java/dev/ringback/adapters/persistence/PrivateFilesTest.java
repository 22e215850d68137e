package dev.ringback.adapters.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ringback.application.testing.Fixtures;
import dev.ringback.application.testing.LoggedLines;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The live database holds what its backups hold (transcripts, phone numbers, the machines'
 * tokens): a database Ringback makes is its owner's alone, write-ahead log included; one made
 * readable by others before is left so and warned of.
 */
class PrivateFilesTest {
    @TempDir
    Path directory;

    @RegisterExtension
    final OpenDatabases databases = new OpenDatabases();

    @Test
    void aNewDatabaseAndItsWriteAheadLogAreReadableByTheirOwnerAlone() throws IOException {
        Path file = directory.resolve("ringback.db");

        SqlitePersistence persistence = databases.open(file);
        persistence.users().save(Fixtures.user("ada"));

        Path wal = directory.resolve("ringback.db-wal");
        assertThat(wal).as("the write went to the log, still open").exists();
        assertThat(permissions(file)).isEqualTo("rw-------");
        assertThat(permissions(wal)).isEqualTo("rw-------");
        assertThat(permissions(directory.resolve("ringback.db-shm"))).isEqualTo("rw-------");
    }

    @Test
    void theFolderOfTheProcessesMarkersIsItsOwnersAlone() throws IOException {
        Path file = directory.resolve("new-folder").resolve("ringback.db");

        databases.open(file);

        assertThat(permissions(directory.resolve("new-folder").resolve("ringback.db-runs"))).isEqualTo("rwx------");
        assertThat(Files.isDirectory(file.getParent())).isTrue();
    }

    @Test
    void anExistingDatabaseReadableByOthersIsWarnedOfOnceAndLeftAsItIs() throws IOException {
        Path file = directory.resolve("ringback.db");
        databases.open(file).close();
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        List<String> warnings = LoggedLines.of(PrivateFiles.class, Level.WARNING, () -> databases.open(file));

        assertThat(warnings).singleElement().asString().contains(file.toString(), "chmod 600 " + file);
        assertThat(permissions(file)).isEqualTo("rw-r--r--");
    }

    @Test
    void anExistingPrivateDatabaseOpensWithoutAWarning() {
        Path file = directory.resolve("ringback.db");
        databases.open(file).close();

        assertThat(LoggedLines.of(PrivateFiles.class, Level.WARNING, () -> databases.open(file))).isEmpty();
    }

    private static String permissions(Path file) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
    }
}
