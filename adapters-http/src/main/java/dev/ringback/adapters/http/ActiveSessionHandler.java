package dev.ringback.adapters.http;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.ringback.application.port.in.ReportActiveSessionUseCase;
import dev.ringback.application.port.in.ReportActiveSessionUseCase.Command;
import dev.ringback.application.port.in.ReportActiveSessionUseCase.Result;
import dev.ringback.domain.account.UserId;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import jakarta.inject.Inject;

/** {@code POST /api/user/sessions/active}: the dashboard reports the conversation it has open. */
final class ActiveSessionHandler implements HttpHandler {
    static final String PATH = "/api/user/sessions/active";
    static final String KEY_REQUIRED = "sessionKey required";

    private final Authentication auth;
    private final RequestBodies bodies;
    private final ReportActiveSessionUseCase sessions;

    @Inject
    ActiveSessionHandler(Authentication auth, RequestBodies bodies, ReportActiveSessionUseCase sessions) {
        this.auth = auth;
        this.bodies = bodies;
        this.sessions = sessions;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        UserId user = auth.dashboardUser(exchange);
        ActiveSessionRequest request = bodies.json(exchange, ActiveSessionRequest.class);
        if (request.sessionKey() == null || request.sessionKey().isBlank()) {
            throw ApiError.of(400, KEY_REQUIRED);
        }
        // The worker is free while a changed key is committed; the answer follows the commit, on the I/O thread.
        WorkerDispatch.answerLater(exchange, sessions.reportAsync(new Command(user, request.sessionKey())),
                result -> answer(exchange, result));
    }

    private static void answer(HttpServerExchange exchange, Result result) {
        if (result instanceof Result.Reported) {
            JsonResponses.send(exchange, 200, new ReportedResponse(true, ((Result.Reported) result).key().value()));
        } else if (result instanceof Result.NoMachine) {
            throw MachineNotProvisioned.refusal();
        } else {
            throw new IllegalStateException("unhandled report result " + result.getClass().getSimpleName());
        }
    }

    record ActiveSessionRequest(@JsonProperty("sessionKey") String sessionKey) {}

    record ReportedResponse(@JsonProperty("ok") boolean ok, @JsonProperty("sessionKey") String sessionKey) {}
}
