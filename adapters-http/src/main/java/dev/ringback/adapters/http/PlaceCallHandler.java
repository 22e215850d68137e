package dev.ringback.adapters.http;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import dev.ringback.application.port.in.PlaceCallOnceUseCase;
import dev.ringback.application.port.in.PlaceCallUseCase;
import dev.ringback.application.port.in.PlaceCallUseCase.Command;
import dev.ringback.application.port.in.PlaceCallUseCase.Result;
import dev.ringback.domain.InvalidInputException;
import dev.ringback.domain.account.Machine;
import dev.ringback.domain.call.CallRecord;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** {@code POST /api/user/call}: the agent asks for an outbound call. */
final class PlaceCallHandler implements HttpHandler {
    static final String PATH = "/api/user/call";
    static final String DEFAULT_UPGRADE_URL = "/pricing";
    static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    private final Authentication auth;
    private final RequestBodies bodies;
    private final PlaceCallUseCase placeCall;
    private final String upgradeUrl;
    private final Optional<PlaceCallOnceUseCase> placeOnce;

    @Inject
    PlaceCallHandler(Authentication auth, RequestBodies bodies, PlaceCallUseCase placeCall,
            @Named(HttpAdapterModule.UPGRADE_URL) Optional<String> upgradeUrl, Optional<PlaceCallOnceUseCase> placeOnce) {
        this.auth = auth;
        this.bodies = bodies;
        this.placeCall = placeCall;
        this.upgradeUrl = upgradeUrl.orElse(DEFAULT_UPGRADE_URL);
        this.placeOnce = placeOnce;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        Machine machine = auth.agent(exchange);
        PlaceCallRequest request = bodies.json(exchange, PlaceCallRequest.class);
        Command command = request.toCommand(machine);
        String key = exchange.getRequestHeaders().getFirst(IDEMPOTENCY_KEY);
        if (key == null) {
            answer(exchange, command);
            return;
        }
        if (placeOnce.isEmpty()) {
            JsonResponses.error(exchange, 400, "Idempotency-Key is not supported by this deployment");
            return;
        }
        PlaceCallOnceUseCase.Outcome outcome = placeOnce.get().placeOnce(machine.id(), key,
                IdempotentAnswers.fingerprint(request.asUnderstood()),
                () -> IdempotentAnswers.capture(exchange, captured -> answer(captured, command)));
        IdempotentAnswers.send(exchange, outcome);
    }

    private void answer(HttpServerExchange exchange, Command command) {
        answer(new IdempotentAnswers.Direct(exchange), command);
    }

    private void answer(IdempotentAnswers.Sink exchange, Command command) {
        Result result = placeCall.place(command);
        if (result instanceof Result.Placed) {
            Result.Placed placed = (Result.Placed) result;
            exchange.send(200, PlacedResponse.of(placed.call(), placed.remainingMinutes()));
        } else if (result instanceof Result.ProviderUncertain) {
            // The call may be ringing: answer as if placed, because an error would make the agent retry and dial twice.
            Result.ProviderUncertain uncertain = (Result.ProviderUncertain) result;
            exchange.send(200, PlacedResponse.of(uncertain.call(), uncertain.remainingMinutes()));
        } else if (result instanceof Result.NoPhoneNumber) {
            exchange.send(400, new ErrorBody("No phone number provisioned. Please contact support."));
        } else if (result instanceof Result.PlanWithoutMinutes) {
            exchange.send(403, new PlanError("Voice calling not available on your plan", upgradeUrl));
        } else if (result instanceof Result.MonthlyLimitReached) {
            Result.MonthlyLimitReached limit = (Result.MonthlyLimitReached) result;
            exchange.send(429, new LimitError("Monthly call limit reached", limit.usedMinutes(), limit.limitMinutes()));
        } else if (result instanceof Result.TooManyCallsInFlight) {
            Result.TooManyCallsInFlight busy = (Result.TooManyCallsInFlight) result;
            exchange.send(429, new BusyError(TOO_MANY_CALLS, busy.callsInFlight(), busy.limit()));
        } else if (result instanceof Result.ProviderRejected) {
            exchange.send(502, new ErrorBody("Failed to initiate call"));
        } else {
            throw new IllegalStateException("unhandled placement result " + result.getClass().getSimpleName());
        }
    }

    record PlaceCallRequest(
            @JsonProperty("to") String to,
            @JsonProperty("task") String task,
            @JsonProperty("first_sentence") String firstSentence,
            @JsonProperty("voice_id") String voiceId,
            @JsonProperty("max_duration") @JsonDeserialize(using = PlatformValues.WholeNumber.class) Integer maxDuration,
            @JsonProperty("record") @JsonDeserialize(using = PlatformValues.Flag.class) Boolean record,
            @JsonProperty("voicemail_action") String voicemailAction,
            @JsonProperty("voicemail_message") String voicemailMessage,
            // The dashboard's API spells it sessionKey: now that other fields are ignored, that
            // spelling here would silently send the result to another conversation. Each spelling
            // is read on its own (not as aliases, where the last one in the body would win).
            @JsonProperty("session_key") String sessionKey,
            @JsonProperty("sessionKey") String sessionKeyAsTheDashboardSpellsIt,
            @JsonProperty("session") String session) {

        static final String SESSION_KEYS_DISAGREE = "session_key, sessionKey and session disagree; send one of them";

        /** The platform's defaults; the command itself validates and words the errors. */
        Command toCommand(Machine machine) {
            // Texts are passed on to Bland and stored: made well-formed first, so both hold the same.
            return new Command(machine.id(), to, PlatformValues.wellFormed(task),
                    present(firstSentence).map(PlatformValues::wellFormed), present(voiceId).map(PlatformValues::wellFormed),
                    maxDuration == null ? Command.DEFAULT_MAX_DURATION_MINUTES : maxDuration,
                    record == null || record,
                    voicemailAction == null ? "hangup" : voicemailAction,
                    present(voicemailMessage).map(PlatformValues::wellFormed),
                    declaredSessionKey());
        }

        /**
         * The one key given in any spelling; null or blank in one spelling does not erase a key
         * given in another. Two different keys are as ambiguous as a duplicate field: refused,
         * never settled by their order in the body.
         */
        private Optional<String> declaredSessionKey() {
            List<String> given = Stream.of(sessionKey, sessionKeyAsTheDashboardSpellsIt, session)
                    .map(PlaceCallRequest::present).flatMap(Optional::stream).distinct().toList();
            if (given.size() > 1) {
                throw new InvalidInputException(SESSION_KEYS_DISAGREE);
            }
            return given.stream().findFirst();
        }

        /** The request as understood, in one shape whatever the spelling: what an Idempotency-Key is matched on. */
        Understood asUnderstood() {
            return new Understood(to, task, firstSentence, voiceId, maxDuration, record, voicemailAction, voicemailMessage,
                    declaredSessionKey().orElse(null));
        }

        private static Optional<String> present(String value) {
            return Optional.ofNullable(value).filter(v -> !v.isBlank());
        }
    }

    /** The fields and names requests were fingerprinted by before the spellings were read apart: keys stay comparable. */
    record Understood(
            @JsonProperty("to") String to,
            @JsonProperty("task") String task,
            @JsonProperty("first_sentence") String firstSentence,
            @JsonProperty("voice_id") String voiceId,
            @JsonProperty("max_duration") Integer maxDuration,
            @JsonProperty("record") Boolean record,
            @JsonProperty("voicemail_action") String voicemailAction,
            @JsonProperty("voicemail_message") String voicemailMessage,
            @JsonProperty("session_key") String sessionKey) {}

    record PlacedResponse(
            @JsonProperty("success") boolean success,
            @JsonProperty("call_id") String callId,
            @JsonProperty("from") String from,
            @JsonProperty("to") String to,
            @JsonProperty("status") String status,
            @JsonProperty("remaining_minutes") long remainingMinutes,
            @JsonProperty("session_key") String sessionKey,
            @JsonProperty("session_source") String sessionSource) {

        static PlacedResponse of(CallRecord call, long remainingMinutes) {
            // Always "initiated": the agent learns the outcome from the notification, never from this answer.
            // An outbound call is always placed from the user's own number (CallSnapshot).
            return new PlacedResponse(true, call.id().value(), call.snapshot().from().orElseThrow().e164(),
                    call.snapshot().to().e164(), "initiated", remainingMinutes, call.origin().key().value(),
                    call.origin().source().wireName());
        }
    }

    static final String TOO_MANY_CALLS = "Too many calls in progress. Wait for one to finish.";

    record BusyError(
            @JsonProperty("error") String error,
            @JsonProperty("active_calls") int activeCalls,
            @JsonProperty("max_concurrent_calls") int maxConcurrentCalls) {}

    record PlanError(@JsonProperty("error") String error, @JsonProperty("upgrade_url") String upgradeUrl) {}

    record LimitError(
            @JsonProperty("error") String error,
            @JsonProperty("used_minutes") long usedMinutes,
            @JsonProperty("limit_minutes") long limitMinutes) {}
}
