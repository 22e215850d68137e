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
    private final AuthThrottle throttle;

    @Inject
    Authentication(AuthenticateAgentUseCase agents, DashboardAuthenticator dashboard, AuthThrottle throttle) {
        this.agents = agents;
        this.dashboard = dashboard;
        this.throttle = throttle;
    }

    /** The agent's machine, or 401 with the platform's messages (429 once the client has failed too often). */
    Machine agent(HttpServerExchange exchange) {
        throttle.checkAllowed(exchange);
        Optional<String> token = presentedToken(exchange);
        Optional<Machine> machine = token.flatMap(agents::authenticate);
        return machine.orElseThrow(() -> failed(exchange, token.isPresent() ? INVALID_TOKEN : MISSING_AUTHORIZATION));
    }

    /** The dashboard's user, or 401 (429 once the client has failed too often). */
    UserId dashboardUser(HttpServerExchange exchange) {
        throttle.checkAllowed(exchange);
        return dashboard.authenticate(new ExchangeCredentials(exchange)).orElseThrow(() -> failed(exchange, UNAUTHORIZED));
    }

    /**
     * For a dashboard request whose credentials are checked elsewhere (in a unit of work, off this
     * thread): refused at once with 429 while the client is throttled, as {@link #dashboardUser}.
     */
    void dashboardMayTry(HttpServerExchange exchange) {
        throttle.checkAllowed(exchange);
    }

    /** The 401 {@link #dashboardUser} gives, counted against the client, for credentials checked elsewhere. */
    ApiError dashboardRefused(HttpServerExchange exchange) {
        return failed(exchange, UNAUTHORIZED);
    }

    /** The agent's user or, failing that, the dashboard's; the agent's messages when neither. */
    UserId agentOrDashboardUser(HttpServerExchange exchange) {
        throttle.checkAllowed(exchange);
        Optional<String> token = presentedToken(exchange);
        return token.flatMap(agents::authenticate)
                .map(Machine::userId)
                .or(() -> dashboard.authenticate(new ExchangeCredentials(exchange)))
                .orElseThrow(() -> failed(exchange, token.isPresent() ? INVALID_TOKEN : MISSING_AUTHORIZATION));
    }

    private ApiError failed(HttpServerExchange exchange, String message) {
        throttle.recordFailure(exchange);
        return ApiError.of(401, message);
    }

    private static Optional<String> presentedToken(HttpServerExchange exchange) {
        ExchangeCredentials credentials = new ExchangeCredentials(exchange);
        return credentials.bearerToken()
                .or(() -> credentials.header(API_KEY_HEADER).map(String::strip).filter(key -> !key.isEmpty()));
    }
}
