package dev.ringback.adapters.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ringback.application.testing.Fixtures;
import dev.ringback.domain.account.Machine;
import dev.ringback.domain.account.TokenHash;
import dev.ringback.domain.account.User;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Machines are found by the hash column; the clear token is only ever read back, never searched. */
class GatewayTokenStorageTest {
    @TempDir
    Path directory;

    @RegisterExtension
    final OpenDatabases databases = new OpenDatabases();
    private SqlitePersistence persistence;
    private final User alice = Fixtures.user("alice");
    private final Machine machine = Fixtures.machine("machine-a", alice.id(), "gateway-token-a");

    @BeforeEach
    void openDatabase() {
        persistence = databases.open(directory.resolve("ringback.db"));
        persistence.users().save(alice);
        persistence.machines().save(machine);
    }


    @Test
    void theHashColumnHoldsTheTokensHash() {
        String stored = persistence.database().read(handle -> handle
                .createQuery("SELECT gateway_token_hash FROM machines WHERE id = 'machine-a'")
                .mapTo(String.class).one());

        assertThat(stored).isEqualTo(TokenHash.of("gateway-token-a").hex());
    }

    @Test
    void lookupUsesTheHashColumnNotTheClearToken() {
        persistence.database().write(handle ->
                handle.execute("UPDATE machines SET gateway_token = 'changed-behind-our-back' WHERE id = 'machine-a'"));

        assertThat(persistence.machines().findByGatewayTokenHash(TokenHash.of("gateway-token-a")))
                .map(Machine::id).contains(machine.id());
        assertThat(persistence.machines().findByGatewayTokenHash(TokenHash.of("changed-behind-our-back"))).isEmpty();
    }

    @Test
    void aRefusedSaveDoesNotRevealTheTokenInItsMessage() {
        User bob = Fixtures.user("bob");
        persistence.users().save(bob);
        Machine clash = Fixtures.machine("machine-b", bob.id(), "gateway-token-a");

        assertThatThrownBy(() -> persistence.machines().save(clash))
                .isInstanceOf(IllegalStateException.class)
                .satisfies(e -> {
                    for (Throwable t = e; t != null; t = t.getCause()) {
                        assertThat(String.valueOf(t.getMessage())).doesNotContain("gateway-token-a");
                    }
                });
    }
}
