package dev.ringback.adapters.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ringback.application.testing.Fixtures;
import dev.ringback.domain.account.UserId;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A restore or a key rotation has the database to itself: it is refused while another process
 * has the file open, and while it runs every other open of the file (a server started by its
 * supervisor meanwhile, an operator command) is refused before it touches the file.
 */
class ExclusiveUseTest {
    @TempDir
    Path directory;

    @RegisterExtension
    final OpenDatabases databases = new OpenDatabases();

    @Test
    void anOpenIsRefusedWhileAnotherHasTheFileToItselfAndLeavesNoMarkerOfItsOwn() throws IOException {
        Path file = directory.resolve("ringback.db");
        UncleanStops alone = UncleanStops.exclusive(file, "a test");
        List<Path> heldAlone = RunMarkers.of(file);

        assertThatThrownBy(() -> databases.open(file)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("process " + ProcessHandle.current().pid() + " has")
                .hasMessageContaining("to itself (a restore or a new secret key)");

        assertThat(RunMarkers.of(file)).isEqualTo(heldAlone);
        assertThat(file).as("refused before the file was created").doesNotExist();
        alone.close();
        assertThat(RunMarkers.of(file)).isEmpty();
        databases.open(file);
        assertThat(RunMarkers.of(file)).hasSize(1);
    }

    @Test
    void theFileIsNotTakenWhileAProcessHasItOpen() throws IOException {
        Path file = directory.resolve("ringback.db");
        databases.open(file);

        assertThatThrownBy(() -> UncleanStops.exclusive(file, "the reason"))
                .isInstanceOf(MaintenanceException.class).hasMessageContaining("stop it first; the reason");

        assertThat(RunMarkers.of(file)).as("the server's own marker alone").hasSize(1)
                .allSatisfy(marker -> assertThat(marker.getFileName().toString()).startsWith("run-"));
    }

    @Test
    void onlyOneProcessHasTheFileToItselfAtATime() throws IOException {
        Path file = directory.resolve("ringback.db");
        try (UncleanStops first = UncleanStops.exclusive(file, "the first")) {
            assertThatThrownBy(() -> UncleanStops.exclusive(file, "the second"))
                    .isInstanceOf(MaintenanceException.class).hasMessageContaining("stop it first; the second");
            assertThat(RunMarkers.of(file)).hasSize(1);
        }
        UncleanStops.exclusive(file, "after the first").close();
    }

    @Test
    void theHolderOpensTheFileItself() throws IOException {
        Path file = directory.resolve("ringback.db");
        try (UncleanStops alone = UncleanStops.exclusive(file, "a test");
                SqlitePersistence own = SqlitePersistence.openHolding(PersistenceSettings.durable(file), alone)) {
            own.users().save(Fixtures.user("ada"));
            assertThat(own.users().findById(new UserId("ada"))).isPresent();
        }
        assertThat(RunMarkers.of(file)).isEmpty();
    }

    /** A restore killed half-way left its marker; SQLite rolled its copy back, so the file is whole. */
    @Test
    void aDeadProcesssMarkerKeepsNobodyOut() throws IOException {
        Path file = directory.resolve("ringback.db");
        Files.createDirectories(UncleanStops.runsFolder(file));
        Path dead = Files.createFile(UncleanStops.runsFolder(file).resolve("exclusive-4242-dead"));

        databases.open(file);

        assertThat(dead).doesNotExist();
    }

    /** A real other process, whose lock this JVM's own bookkeeping knows nothing of. */
    @Test
    void anotherProcesssHoldKeepsAStartOutUntilItEnds() throws Exception {
        Path file = directory.resolve("ringback.db");
        Files.createDirectories(UncleanStops.runsFolder(file));
        Path marker = UncleanStops.runsFolder(file).resolve("exclusive-777-restore");
        Files.createFile(marker);
        Process holder = holdLock(marker);
        try {
            assertThatThrownBy(() -> databases.open(file)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("process 777 has");
            assertThatThrownBy(() -> UncleanStops.exclusive(file, "a second restore"))
                    .isInstanceOf(MaintenanceException.class).hasMessageContaining("stop it first");
            assertThat(marker).as("a live holder's marker is not taken for a dead one").exists();
        } finally {
            holder.getOutputStream().close();
            assertThat(holder.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }

        databases.open(file);
        assertThat(marker).doesNotExist();
    }

    /** A JVM that locks {@code marker} and holds it until its standard input closes. */
    private Process holdLock(Path marker) throws IOException {
        Path source = directory.resolve("Holder.java");
        Files.writeString(source, String.join("\n",
                "import java.nio.channels.FileChannel;",
                "import java.nio.file.Path;",
                "import java.nio.file.StandardOpenOption;",
                "public class Holder {",
                "    public static void main(String[] args) throws Exception {",
                "        try (FileChannel channel = FileChannel.open(Path.of(args[0]), StandardOpenOption.WRITE)) {",
                "            channel.lock();",
                "            System.out.println(\"held\");",
                "            System.out.flush();",
                "            System.in.read();",
                "        }",
                "    }",
                "}"));
        String launcher = ProcessHandle.current().info().command().orElse("java");
        Process child = new ProcessBuilder(launcher, source.toString(), marker.toString()).redirectErrorStream(true).start();
        String first = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8)).readLine();
        assertThat(first).as("the holder took its lock").isEqualTo("held");
        return child;
    }
}
