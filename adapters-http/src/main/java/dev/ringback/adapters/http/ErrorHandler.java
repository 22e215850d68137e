package dev.ringback.adapters.http;

import dev.ringback.domain.InvalidInputException;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.lang.System.Logger.Level;

/**
 * The one place where failures become answers: an {@link ApiError} as it says, bad input as a
 * 400 with the domain's caller-safe message, anything else as a generic 500 whose details go to
 * the log only.
 */
final class ErrorHandler implements HttpHandler {
    static final String INTERNAL_ERROR = "Internal server error";

    private static final System.Logger LOG = System.getLogger(ErrorHandler.class.getName());

    private final HttpHandler next;

    ErrorHandler(HttpHandler next) {
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        try {
            next.handleRequest(exchange);
        } catch (Exception failure) {
            answerFailure(exchange, failure);
        }
    }

    /** Answers {@code failure}: thrown by a handler, or met by an answer given later (WorkerDispatch#answerLater). */
    static void answerFailure(HttpServerExchange exchange, Throwable failure) {
        if (failure instanceof ApiError refusal) {
            answer(exchange, refusal.status(), refusal.body(), null);
        } else if (failure instanceof InvalidInputException invalid) {
            answer(exchange, 400, new ErrorBody(invalid.getMessage()), null);
        } else {
            LOG.log(Level.ERROR, "request " + exchange.getRequestMethod() + " " + RequestLog.safePath(exchange) + " failed", failure);
            answer(exchange, 500, new ErrorBody(INTERNAL_ERROR), failure);
        }
    }

    private static void answer(HttpServerExchange exchange, int status, Object body, Throwable cause) {
        if (WorkerDispatch.answerSent(exchange)) {
            // The answer is already on its way from the I/O thread; the exchange is no longer ours to touch.
            if (cause == null) {
                LOG.log(Level.WARNING, "refusal after the answer was sent on {0}", RequestLog.safePath(exchange));
            }
            return;
        }
        if (exchange.isResponseStarted()) {
            // Too late for a clean answer: cut the connection so the client sees a failure, not a truncated success.
            if (cause == null) {
                LOG.log(Level.WARNING, "refusal after the response started on {0}", RequestLog.safePath(exchange));
            }
            exchange.setPersistent(false);
            exchange.endExchange();
            return;
        }
        // Headers set on the way (Allow, Connection: close) belong to the answer; the body is replaced.
        JsonResponses.send(exchange, status, body);
    }
}
