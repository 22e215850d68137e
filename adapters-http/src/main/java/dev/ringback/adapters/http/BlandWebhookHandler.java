package dev.ringback.adapters.http;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.ringback.adapters.http.bland.BlandWebhookParser;
import dev.ringback.adapters.http.bland.BlandWebhookParser.Parsed;
import dev.ringback.adapters.http.bland.BlandWebhookVerifier;
import dev.ringback.adapters.http.bland.BlandWebhookVerifier.Verdict;
import dev.ringback.application.port.in.RecordCallOutcomeUseCase;
import dev.ringback.application.port.in.RecordCallOutcomeUseCase.Result;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import jakarta.inject.Inject;
import java.lang.System.Logger.Level;
import java.util.Optional;

/**
 * {@code POST /api/webhooks/bland/status}: Bland reports a call's end. Nothing is recorded
 * unless the signature holds. The outcome (and the deliveries it owes) is committed before the
 * 200, so an acknowledged webhook is never lost; no worker thread waits for that commit, so a
 * slow disk holds webhooks, not the threads every other request needs. Delivering to the agent
 * happens afterwards.
 * The body holds phone numbers and transcripts, so it is never logged.
 */
final class BlandWebhookHandler implements HttpHandler, StartsOnIoThread {
    static final String PATH = "/api/webhooks/bland/status";

    private static final System.Logger LOG = System.getLogger(BlandWebhookHandler.class.getName());
    /** Written once: serialising it per webhook was ~9 % of the I/O threads' samples under ingest. */
    private static final byte[] OK = JsonResponses.written(new Ok(true));

    private final RequestBodies bodies;
    private final BlandWebhookVerifier verifier;
    private final BlandWebhookParser parser;
    private final RecordCallOutcomeUseCase outcomes;
    private final AuthThrottle throttle;

    @Inject
    BlandWebhookHandler(HttpServerSettings settings, BlandWebhookVerifier verifier, BlandWebhookParser parser,
            RecordCallOutcomeUseCase outcomes, AuthThrottle throttle) {
        // The general limit, not a smaller one of its own: a completion carries the call's transcript
        // twice (whole and as utterances), ~2 KB a minute of talk, so 1 MiB holds a call of some
        // eight hours and an operator whose plans allow longer ones raises the limit (up to 2 MiB).
        this.bodies = new RequestBodies(settings.maxBodyBytes());
        this.verifier = verifier;
        this.parser = parser;
        this.outcomes = outcomes;
        this.throttle = throttle;
    }

    /**
     * When the outcome is found, decided and written in a unit of work, nothing here blocks: the
     * signature and the parse are work on bytes already read, so the webhook begins on its I/O
     * thread and wakes no worker.
     */
    @Override
    public boolean startsOnIoThread() {
        return outcomes.recordsInUnitOfWork();
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        byte[] body = bodies.raw(exchange);
        Verdict verdict = verifier.verify(name -> Optional.ofNullable(exchange.getRequestHeaders().getFirst(name)), body);
        if (!verdict.accepted()) {
            throw refused(exchange, verdict);
        }
        Parsed parsed = parser.parse(body);
        if (parsed instanceof Parsed.Malformed) {
            throw ApiError.of(400, ((Parsed.Malformed) parsed).reason());
        }
        if (parsed instanceof Parsed.NotACompletion) {
            // 200, so that Bland does not retry it; the call's real end comes in its own body.
            String kind = ((Parsed.NotACompletion) parsed).kind();
            RequestLog.note(exchange, "ignored, not the end of a call (" + kind + ")");
            JsonResponses.send(exchange, 200, new Ignored(true, kind));
            return;
        }
        // Nothing holds this thread while the outcome is committed; the 200 follows the commit, on the I/O thread.
        WorkerDispatch.answerLater(exchange, outcomes.recordAsync(((Parsed.Completion) parsed).report()),
                result -> answer(exchange, result));
    }

    /**
     * Only a failed verification meets the throttle. A signed webhook is Bland's whoever shares its
     * address (behind a TLS proxy, every client), so others' forgeries never hold up a real result;
     * and a signature cannot be guessed, so letting signed ones through tells a forger nothing.
     */
    private ApiError refused(HttpServerExchange exchange, Verdict verdict) {
        if (verdict == Verdict.NOT_CONFIGURED) {
            LOG.log(Level.WARNING, "Bland webhook refused: {0}", verdict);
            return ApiError.of(401, "Webhook signing secret not configured");
        }
        throttle.checkAllowed(exchange);
        LOG.log(Level.WARNING, "Bland webhook refused: {0}", verdict);
        throttle.recordFailure(exchange);
        return ApiError.of(401, "Invalid signature");
    }

    private static void answer(HttpServerExchange exchange, Result result) {
        if (result instanceof Result.Recorded) {
            // Folded into the request's own line: one INFO line per webhook.
            RequestLog.note(exchange, "recorded the end of call " + ((Result.Recorded) result).call().id());
        } else if (result instanceof Result.Duplicate) {
            RequestLog.note(exchange, "repeated the end of call " + ((Result.Duplicate) result).call() + "; nothing changed");
        } else {
            LOG.log(Level.WARNING, "Bland webhook for a call we do not know; acknowledged and dropped");
        }
        // The same answer for all three, as on the platform: Bland must not retry any of them.
        JsonResponses.sendWritten(exchange, 200, OK);
    }

    record Ok(@JsonProperty("ok") boolean ok) {}

    record Ignored(@JsonProperty("ok") boolean ok, @JsonProperty("ignored") String ignored) {}
}
