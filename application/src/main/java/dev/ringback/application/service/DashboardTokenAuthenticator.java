package dev.ringback.application.service;

import dev.ringback.application.port.out.DashboardAuthenticator;
import dev.ringback.application.port.out.DashboardTokenRepository;
import dev.ringback.domain.account.TokenHash;
import dev.ringback.domain.account.UserId;
import jakarta.inject.Inject;
import java.util.Optional;

/** The standalone server's dashboard login: a bearer token issued by an operator command. */
public final class DashboardTokenAuthenticator implements DashboardAuthenticator {
    private final DashboardTokenRepository tokens;

    @Inject
    public DashboardTokenAuthenticator(DashboardTokenRepository tokens) {
        this.tokens = tokens;
    }

    @Override
    public Optional<UserId> authenticate(RequestCredentials credentials) {
        return credentials.bearerToken().flatMap(token -> tokens.findUser(TokenHash.of(token)));
    }

    /** One lookup in the dashboard tokens' table. */
    @Override
    public boolean onlyReadsTheStore() {
        return true;
    }
}
