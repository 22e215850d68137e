package dev.ringback.adapters.http;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.ringback.application.port.in.GetCallStatusUseCase;
import dev.ringback.application.port.in.GetCallStatusUseCase.CallStatusView;
import dev.ringback.domain.account.UserId;
import dev.ringback.domain.call.CallSnapshot;
import dev.ringback.domain.call.ProviderCallId;
import dev.ringback.domain.delivery.Delivery;
import dev.ringback.domain.delivery.DeliverySnapshot;
import dev.ringback.domain.phone.PhoneNumber;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/** {@code GET /api/user/call/status?call_id=}: one of the caller's calls, with its deliveries. */
final class CallStatusHandler implements HttpHandler {
    static final String PATH = "/api/user/call/status";

    private final Authentication auth;
    private final GetCallStatusUseCase calls;

    @Inject
    CallStatusHandler(Authentication auth, GetCallStatusUseCase calls) {
        this.auth = auth;
        this.calls = calls;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        UserId user = auth.agentOrDashboardUser(exchange);
        String callId = Optional.ofNullable(exchange.getQueryParameters().get("call_id"))
                .map(Deque::peekFirst)
                .map(String::strip)
                .filter(id -> !id.isEmpty())
                .orElseThrow(() -> ApiError.of(400, "Missing call_id parameter"));
        CallStatusView view = calls.status(user, callId).orElseThrow(() -> ApiError.of(404, "Call not found"));
        JsonResponses.send(exchange, 200, CallStatusResponse.of(view));
    }

    record CallStatusResponse(
            @JsonProperty("call_id") String callId,
            @JsonProperty("status") String status,
            @JsonProperty("completed") boolean completed,
            @JsonProperty("direction") String direction,
            @JsonProperty("to") String to,
            @JsonProperty("from") String from,
            @JsonProperty("duration_seconds") int durationSeconds,
            @JsonProperty("summary") String summary,
            @JsonProperty("transcript") String transcript,
            @JsonProperty("recording_url") String recordingUrl,
            @JsonProperty("task") String task,
            @JsonProperty("created_at") String createdAt,
            @JsonProperty("completed_at") String completedAt,
            @JsonProperty("session_key") String sessionKey,
            @JsonProperty("session_source") String sessionSource,
            @JsonProperty("provider_call_id") String providerCallId,
            @JsonProperty("cost_usd") double costUsd,
            @JsonProperty("deliveries") List<DeliveryView> deliveries) {

        static CallStatusResponse of(CallStatusView view) {
            CallSnapshot call = view.call().snapshot();
            return new CallStatusResponse(
                    call.id().value(),
                    call.status().wireName(),
                    call.status().isTerminal(),
                    call.direction().wireName(),
                    call.to().e164(),
                    // null for a caller who withheld their number: no number, and none to call back.
                    call.from().map(PhoneNumber::e164).orElse(null),
                    call.durationSeconds(),
                    // The platform's columns were empty (null) until the webhook filled them.
                    emptyAsNull(call.summary()),
                    emptyAsNull(call.transcript()),
                    call.recordingUrl().orElse(null),
                    call.task(),
                    call.createdAt().toString(),
                    call.completedAt().map(Instant::toString).orElse(null),
                    call.origin().key().value(),
                    call.origin().source().wireName(),
                    call.providerCallId().map(ProviderCallId::value).orElse(null),
                    call.costMicros() / 1_000_000.0,
                    view.deliveries().stream().map(DeliveryView::of).toList());
        }

        private static String emptyAsNull(String text) {
            return text.isEmpty() ? null : text;
        }
    }

    record DeliveryView(
            @JsonProperty("kind") String kind,
            @JsonProperty("state") String state,
            @JsonProperty("attempts") int attempts,
            @JsonProperty("last_error") String lastError,
            @JsonProperty("next_attempt_at") String nextAttemptAt,
            @JsonProperty("finished_at") String finishedAt) {

        static DeliveryView of(Delivery delivery) {
            DeliverySnapshot d = delivery.snapshot();
            return new DeliveryView(
                    d.kind().wireName(),
                    d.state().wireName(),
                    d.attempts(),
                    d.lastError().orElse(null),
                    // A finished delivery has no next attempt, whatever the stored column says.
                    d.state().isFinal() ? null : d.nextAttemptAt().toString(),
                    d.finishedAt().map(Instant::toString).orElse(null));
        }
    }
}
