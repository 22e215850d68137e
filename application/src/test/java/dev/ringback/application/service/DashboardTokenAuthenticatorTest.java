package dev.ringback.application.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ringback.application.port.out.DashboardAuthenticator.RequestCredentials;
import dev.ringback.application.testing.InMemoryDashboardTokenRepository;
import dev.ringback.domain.account.TokenHash;
import dev.ringback.domain.account.UserId;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DashboardTokenAuthenticatorTest {
    private static final UserId ADA = new UserId("ada");
    private final InMemoryDashboardTokenRepository tokens = new InMemoryDashboardTokenRepository();
    private final DashboardTokenAuthenticator authenticator = new DashboardTokenAuthenticator(tokens);

    /** Request credentials with the given header (names case-insensitive, as in HTTP) and no cookies. */
    static RequestCredentials headers(String... nameValues) {
        Map<String, String> byName = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (int i = 0; i < nameValues.length; i += 2) {
            byName.put(nameValues[i], nameValues[i + 1]);
        }
        return new RequestCredentials() {
            @Override
            public Optional<String> header(String name) {
                return Optional.ofNullable(byName.get(name));
            }

            @Override
            public Optional<String> cookie(String name) {
                return Optional.empty();
            }
        };
    }

    @BeforeEach
    void issue() {
        tokens.save(TokenHash.of("dash-secret"), ADA, Instant.EPOCH);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Bearer dash-secret", "bearer dash-secret", "BEARER dash-secret", "  Bearer   dash-secret  "})
    void aBearerTokenIdentifiesTheUser(String header) {
        assertThat(authenticator.authenticate(headers("Authorization", header))).contains(ADA);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dash-secret", "Basic dash-secret", "Bearer", "Bearer ", "Bearer wrong", "Bearerdash-secret",
        "Bearer dash-secret2", "Token dash-secret"})
    void anythingElseIsNobody(String header) {
        assertThat(authenticator.authenticate(headers("Authorization", header))).isEmpty();
    }

    @Test
    void noHeaderIsNobody() {
        assertThat(authenticator.authenticate(headers())).isEmpty();
        assertThat(authenticator.authenticate(headers("Cookie", "session=dash-secret"))).isEmpty();
    }
}
