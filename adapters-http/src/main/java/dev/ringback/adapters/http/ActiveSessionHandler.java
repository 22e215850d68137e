package dev.ringback.adapters.http;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.ringback.application.port.in.ReportActiveSessionUseCase;
import dev.ringback.application.port.in.ReportActiveSessionUseCase.Command;
import dev.ringback.application.port.in.ReportActiveSessionUseCase.Result;
import dev.ringback.domain.account.UserId;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import jakarta.inject.Inject;

/**
 * {@code POST /api/user/sessions/active}: the dashboard reports the conversation it has open.
 *
 * <p>When the dashboard's authenticator only reads the store, a report is begun on its I/O
 * thread and decided whole in one unit of work (the token's user, the machine, the write): no
 * worker is woken for it. Otherwise it runs on a worker, which authenticates and looks up, and
 * the answer follows the commit of a changed key.
 */
final class ActiveSessionHandler implements HttpHandler, StartsOnIoThread {
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
    public boolean startsOnIoThread() {
        return sessions.authenticatesInUnitOfWork();
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        if (exchange.isInIoThread()) {
            reportInUnitOfWork(exchange);
            return;
        }
        UserId user = auth.dashboardUser(exchange);
        ActiveSessionRequest request = bodies.json(exchange, ActiveSessionRequest.class);
        if (request.sessionKey() == null || request.sessionKey().isBlank()) {
            throw ApiError.of(400, KEY_REQUIRED);
        }
        // The worker is free while a changed key is committed; the answer follows the commit, on the I/O thread.
        WorkerDispatch.answerLater(exchange, sessions.reportAsync(new Command(user, request.sessionKey())),
                result -> answer(exchange, result));
    }

    /**
     * On the I/O thread: nothing here blocks, and the body was read before the handler ran. The
     * unit of work refuses unknown credentials before a missing key, as the worker's path does;
     * only a body that is not the report's JSON at all is refused here, before them.
     */
    private void reportInUnitOfWork(HttpServerExchange exchange) {
        auth.dashboardMayTry(exchange);
        ActiveSessionRequest request = bodies.json(exchange, ActiveSessionRequest.class);
        WorkerDispatch.answerLater(exchange, sessions.reportAsync(CapturedCredentials.of(exchange), request.sessionKey()),
                result -> answer(exchange, result));
    }

    private void answer(HttpServerExchange exchange, Result result) {
        if (result instanceof Result.Reported) {
            JsonResponses.send(exchange, 200, new ReportedResponse(true, ((Result.Reported) result).key().value()));
        } else if (result instanceof Result.NoMachine) {
            throw MachineNotProvisioned.refusal();
        } else if (result instanceof Result.Unauthenticated) {
            throw auth.dashboardRefused(exchange);
        } else {
            throw new IllegalStateException("unhandled report result " + result.getClass().getSimpleName());
        }
    }

    record ActiveSessionRequest(@JsonProperty("sessionKey") String sessionKey) {}

    record ReportedResponse(@JsonProperty("ok") boolean ok, @JsonProperty("sessionKey") String sessionKey) {}
}
