package dev.ringback.adapters.http;

import dev.ringback.application.port.in.AuthenticateAgentUseCase;
import dev.ringback.application.port.out.DashboardAuthenticator;
import dev.ringback.domain.account.Machine;
import dev.ringback.domain.account.UserId;
import io.undertow.server.HttpServerExchange;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.Optional;

/** Who is calling: the agent (its machine's gateway token) or the dashboard's user. */
@Singleton
final class Authentication {
    static final String MISSING_AUTHORIZATION = "Missing authorization";
    static final String INVALID_TOKEN = "Invalid token";
    static final String UNAUTHORIZED = "Unauthorized";
    /** The platform's proxy also accepted the gateway token in this header. */
    static final String API_KEY_HEADER = "x-api-key";

    private final AuthenticateAgentUseCase agents;
    private final DashboardAuthenticator dashboard;

    @Inject
    Authentication(AuthenticateAgentUseCase agents, DashboardAuthenticator dashboard) {
        this.agents = agents;
        this.dashboard = dashboard;
    }

    /** The agent's machine, or 401 with the platform's messages. */
    Machine agent(HttpServerExchange exchange) {
        String token = presentedToken(exchange).orElseThrow(() -> ApiError.of(401, MISSING_AUTHORIZATION));
        return agents.authenticate(token).orElseThrow(() -> ApiError.of(401, INVALID_TOKEN));
    }

    /** The dashboard's user, or 401. */
    UserId dashboardUser(HttpServerExchange exchange) {
        return dashboard.authenticate(new ExchangeCredentials(exchange)).orElseThrow(() -> ApiError.of(401, UNAUTHORIZED));
    }

    /** The agent's user or, failing that, the dashboard's; the agent's messages when neither. */
    UserId agentOrDashboardUser(HttpServerExchange exchange) {
        Optional<String> token = presentedToken(exchange);
        return token.flatMap(agents::authenticate)
                .map(Machine::userId)
                .or(() -> dashboard.authenticate(new ExchangeCredentials(exchange)))
                .orElseThrow(() -> ApiError.of(401, token.isPresent() ? INVALID_TOKEN : MISSING_AUTHORIZATION));
    }

    private static Optional<String> presentedToken(HttpServerExchange exchange) {
        ExchangeCredentials credentials = new ExchangeCredentials(exchange);
        return credentials.bearerToken()
                .or(() -> credentials.header(API_KEY_HEADER).map(String::strip).filter(key -> !key.isEmpty()));
    }
}
