package dev.ringback.application.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ringback.application.port.out.DashboardTokenRepository;
import dev.ringback.domain.account.TokenHash;
import dev.ringback.domain.account.User;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link DashboardTokenRepository} must do. */
public abstract class DashboardTokenRepositoryContract {
    private static final Instant ISSUED = Instant.parse("2025-01-15T10:00:00.123456789Z");

    private DashboardTokenRepository tokens;
    private final User alice = Fixtures.user("alice");
    private final User bob = Fixtures.user("bob");

    protected abstract Repositories newRepositories();

    @BeforeEach
    void createRepository() {
        Repositories repositories = newRepositories();
        repositories.users().save(alice);
        repositories.users().save(bob);
        tokens = repositories.dashboardTokens();
    }

    @Test
    void findsTheOwnerOfASavedHash() {
        TokenHash hash = TokenHash.of("dashboard-token-a");
        tokens.save(hash, alice.id(), ISSUED);

        assertThat(tokens.findUser(hash)).contains(alice.id());
    }

    @Test
    void unknownHashIsEmpty() {
        tokens.save(TokenHash.of("dashboard-token-a"), alice.id(), ISSUED);

        assertThat(tokens.findUser(TokenHash.of("dashboard-token-b"))).isEmpty();
    }

    @Test
    void eachTokenFindsOnlyItsOwnUser() {
        TokenHash aliceToken = TokenHash.of("dashboard-token-a");
        TokenHash bobToken = TokenHash.of("dashboard-token-b");
        tokens.save(aliceToken, alice.id(), ISSUED);
        tokens.save(bobToken, bob.id(), ISSUED.plusSeconds(1));

        assertThat(tokens.findUser(aliceToken)).contains(alice.id());
        assertThat(tokens.findUser(bobToken)).contains(bob.id());
    }

    @Test
    void aUserMayHoldSeveralTokens() {
        TokenHash first = TokenHash.of("dashboard-token-1");
        TokenHash second = TokenHash.of("dashboard-token-2");
        tokens.save(first, alice.id(), ISSUED);
        tokens.save(second, alice.id(), ISSUED.plusSeconds(60));

        assertThat(tokens.findUser(first)).contains(alice.id());
        assertThat(tokens.findUser(second)).contains(alice.id());
    }

    @Test
    void revokingAUsersTokensEndsAllOfThemAndNoOneElses() {
        TokenHash first = TokenHash.of("dashboard-token-1");
        TokenHash second = TokenHash.of("dashboard-token-2");
        TokenHash bobs = TokenHash.of("dashboard-token-b");
        tokens.save(first, alice.id(), ISSUED);
        tokens.save(second, alice.id(), ISSUED.plusSeconds(60));
        tokens.save(bobs, bob.id(), ISSUED);

        assertThat(tokens.revokeAll(alice.id())).isEqualTo(2);

        assertThat(tokens.findUser(first)).isEmpty();
        assertThat(tokens.findUser(second)).isEmpty();
        assertThat(tokens.findUser(bobs)).contains(bob.id());
        assertThat(tokens.revokeAll(alice.id())).as("nothing left to revoke").isZero();
    }
}
