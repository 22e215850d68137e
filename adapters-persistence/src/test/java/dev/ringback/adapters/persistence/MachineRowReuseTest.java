package dev.ringback.adapters.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ringback.application.testing.Fixtures;
import dev.ringback.domain.account.Machine;
import dev.ringback.domain.account.User;
import java.net.URI;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** A machine read again from an unchanged row is reused; any change to the row is seen at once. */
class MachineRowReuseTest {
    @TempDir
    Path directory;

    @RegisterExtension
    final OpenDatabases databases = new OpenDatabases();


    @Test
    void anUnchangedRowGivesTheSameMachineAndAChangedOneANewOne() {
        SqlitePersistence persistence = databases.open(directory.resolve("ringback.db"));
        User alice = Fixtures.user("alice");
        persistence.users().save(alice);
        Machine machine = Fixtures.machine("machine-a", alice.id(), "gateway-token-a");
        persistence.machines().save(machine);

        Machine first = persistence.machines().findByUser(alice.id()).orElseThrow();
        Machine again = persistence.machines().findById(machine.id()).orElseThrow();
        // Another process (an operator command) changes the row behind this one's back.
        persistence.database().write(handle -> handle.execute(
                "UPDATE machines SET app_url = 'https://moved.machines.example.test' WHERE id = 'machine-a'"));
        Machine moved = persistence.machines().findByUser(alice.id()).orElseThrow();

        assertThat(first).isEqualTo(machine);
        assertThat(again).isSameAs(first);
        assertThat(moved.appUrl()).isEqualTo(URI.create("https://moved.machines.example.test"));
        assertThat(moved).isNotSameAs(first);
    }
}
