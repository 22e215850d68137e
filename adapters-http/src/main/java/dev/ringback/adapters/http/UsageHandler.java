package dev.ringback.adapters.http;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.ringback.application.port.in.GetUsageUseCase;
import dev.ringback.application.port.in.GetUsageUseCase.UsageView;
import dev.ringback.domain.account.User;
import dev.ringback.domain.call.CallSnapshot;
import dev.ringback.domain.call.ProviderCallId;
import dev.ringback.domain.phone.PhoneNumber;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.util.List;

/**
 * {@code GET /api/user/call/usage}: the platform's usage answer, for the agent (gateway token)
 * and for the dashboard's user alike.
 */
final class UsageHandler implements HttpHandler {
    static final String PATH = "/api/user/call/usage";

    private final Authentication auth;
    private final GetUsageUseCase usage;

    @Inject
    UsageHandler(Authentication auth, GetUsageUseCase usage) {
        this.auth = auth;
        this.usage = usage;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        // An authenticated user that is gone is treated like a bad credential: nothing about them is left to show.
        UsageView view = usage.usage(auth.agentOrDashboardUser(exchange))
                .orElseThrow(() -> ApiError.of(401, Authentication.UNAUTHORIZED));
        JsonResponses.send(exchange, 200, UsageResponse.of(view));
    }

    record UsageResponse(
            @JsonProperty("phone_number") String phoneNumber,
            @JsonProperty("voice_id") String voiceId,
            @JsonProperty("agent_name") String agentName,
            @JsonProperty("plan") String plan,
            @JsonProperty("billing_month_start") String billingMonthStart,
            @JsonProperty("usage") Usage usage,
            @JsonProperty("recent_calls") List<RecentCall> recentCalls) {

        static UsageResponse of(UsageView view) {
            User user = view.user();
            return new UsageResponse(
                    user.phoneNumber().map(PhoneNumber::e164).orElse(null),
                    user.voiceId().orElse(null),
                    user.name(),
                    user.plan(),
                    view.monthStart().toString(),
                    new Usage(view.usedMinutes(), view.limitMinutes(), view.remainingMinutes(), view.month().totalCalls(),
                            view.month().costCents(), view.month().callsInFlight()),
                    view.recentCalls().stream().map(call -> RecentCall.of(call.snapshot())).toList());
        }
    }

    /**
     * @param usedMinutes ended calls by their seconds plus calls in flight by their granted maximum, rounded up
     * @param totalCostCents exact, so fractional: an unanswered attempt costs 1.5 cents
     */
    record Usage(
            @JsonProperty("used_minutes") long usedMinutes,
            @JsonProperty("limit_minutes") long limitMinutes,
            @JsonProperty("remaining_minutes") long remainingMinutes,
            @JsonProperty("total_calls") int totalCalls,
            @JsonProperty("total_cost_cents") BigDecimal totalCostCents,
            @JsonProperty("calls_in_flight") int callsInFlight) {}

    record RecentCall(
            @JsonProperty("id") String id,
            @JsonProperty("call_id") String callId,
            @JsonProperty("provider_call_id") String providerCallId,
            @JsonProperty("direction") String direction,
            @JsonProperty("to") String to,
            @JsonProperty("from") String from,
            @JsonProperty("status") String status,
            @JsonProperty("duration_seconds") int durationSeconds,
            @JsonProperty("summary") String summary,
            @JsonProperty("created_at") String createdAt) {

        static RecentCall of(CallSnapshot call) {
            // call_id is the id the agent was given when it placed the call, which the status endpoint takes.
            return new RecentCall(call.id().value(), call.id().value(),
                    call.providerCallId().map(ProviderCallId::value).orElse(null),
                    // from: null for a caller who withheld their number.
                    call.direction().wireName(), call.to().e164(), call.from().map(PhoneNumber::e164).orElse(null),
                    call.status().wireName(),
                    call.durationSeconds(), call.summary().isEmpty() ? null : call.summary(), call.createdAt().toString());
        }
    }
}
