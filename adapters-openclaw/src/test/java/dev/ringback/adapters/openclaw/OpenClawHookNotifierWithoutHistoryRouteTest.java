package dev.ringback.adapters.openclaw;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ringback.adapters.openclaw.testing.CannedResponse;
import dev.ringback.adapters.openclaw.testing.FakeOldOpenClawGateway;
import dev.ringback.adapters.openclaw.testing.FakeOpenClawGateway;
import dev.ringback.adapters.openclaw.testing.HistoryEntry;
import dev.ringback.application.port.out.AgentNotifier;
import dev.ringback.domain.account.Machine;
import dev.ringback.domain.account.MachineId;
import dev.ringback.domain.account.NotifierRoute;
import dev.ringback.domain.account.Secret;
import dev.ringback.domain.account.UserId;
import dev.ringback.domain.delivery.AttemptResult;
import dev.ringback.domain.notify.AgentNotification;
import dev.ringback.domain.notify.NotificationPolicy;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The hooks route on a gateway that keeps persistent hook sessions but has no HTTP history route
 * (it serves its control UI's page there): before a resend, the conversation is read over the
 * WebSocket, so a gateway restart that forgot the idempotency key does not run the call twice.
 */
class OpenClawHookNotifierWithoutHistoryRouteTest {
    private final FakeOldOpenClawGateway gateway = FakeOldOpenClawGateway.builder().persistentHooks().start();
    private final AgentNotifier notifier = OpenClawClients.notifier(Fixtures.settings());
    private final AgentNotification first = NotificationPolicy.compose(Fixtures.endedCall("c-1", "test-calls"));
    private final AgentNotification resend = new AgentNotification(first.sessionKey(), first.name(), first.message(),
            first.idempotencyKey(), first.marker(), true);

    @AfterEach
    void stop() {
        gateway.close();
    }

    private Machine machine(String gatewayToken, String websocketPath) {
        return new Machine(new MachineId("m-1"), new UserId("u-1"), gateway.baseUri(), new Secret(gatewayToken),
                new Secret(gateway.hookToken()), gateway.hooksPath(), Set.of("main"), NotifierRoute.HOOKS, Optional.empty(),
                websocketPath);
    }

    private Machine machine() {
        return machine(gateway.gatewayToken(), gateway.websocketPath());
    }

    private long inConversation(String marker) {
        return gateway.history("test-calls").stream().filter(entry -> entry.text().contains(marker)).count();
    }

    @Test
    void a_resend_after_the_gateway_forgot_the_key_finds_the_call_over_the_websocket_and_runs_nothing() {
        assertThat(notifier.deliver(machine(), first).detail()).startsWith("200 runId=");
        gateway.restart();

        AttemptResult again = notifier.deliver(machine(), resend);

        assertThat(again).isEqualTo(new AttemptResult.Delivered("already in chat history"));
        assertThat(gateway.hookRuns()).hasSize(1);
        assertThat(inConversation(first.marker())).isEqualTo(1);
    }

    @Test
    void without_the_check_the_forgetful_gateway_would_run_the_call_twice() {
        notifier.deliver(machine(), first);
        gateway.restart();

        notifier.deliver(machine(), first);

        assertThat(gateway.hookRuns()).as("what the check prevents").hasSize(2);
        assertThat(inConversation(first.marker())).isEqualTo(2);
    }

    @Test
    void a_resend_whose_earlier_attempt_never_landed_is_sent_once() {
        gateway.seed("test-calls", HistoryEntry.user("please call John"), HistoryEntry.assistant("calling"));

        AttemptResult result = notifier.deliver(machine(), resend);

        assertThat(result.detail()).startsWith("200 runId=").doesNotContain("unchecked");
        assertThat(gateway.hookRuns()).hasSize(1);
        assertThat(gateway.connections()).as("the history was read over the WebSocket").isEqualTo(1);
        assertThat(inConversation(first.marker())).isEqualTo(1);
    }

    @Test
    void a_websocket_that_refuses_us_for_good_leaves_the_idempotency_key_alone_to_absorb_a_repeat() {
        notifier.deliver(machine(), first);

        AttemptResult wrongToken = notifier.deliver(machine("not-the-gateway-token", gateway.websocketPath()), resend);
        AttemptResult wrongPath = notifier.deliver(machine(gateway.gatewayToken(), "/no-socket-here"), resend);

        String runId = gateway.hookRuns().get(0).runId();
        assertThat(wrongToken.detail()).isEqualTo("200 runId=" + runId
                + "; resent unchecked: no HTTP history route, and connect refused: INVALID_REQUEST");
        assertThat(wrongPath.detail()).isEqualTo("200 runId=" + runId + "; resent unchecked: no HTTP history route, and "
                + "chat route: websocket upgrade answered 404: check the machine's app URL and WebSocket path");
        assertThat(gateway.hookRuns()).as("absorbed by the key the gateway still remembers").hasSize(1);
    }

    @Test
    void a_websocket_that_cannot_answer_now_holds_the_resend_back() {
        try (FakeOpenClawGateway busy = FakeOpenClawGateway.start()) {
            busy.enqueue(new CannedResponse(200, Map.of("Content-Type", "text/html"), "<!doctype html><title>Control</title>",
                            Duration.ZERO, "/sessions/"),
                    CannedResponse.status(503).withHeader("Retry-After", "7"));
            Machine machine = Fixtures.machineFor(busy);

            AttemptResult result = notifier.deliver(machine, resend);

            assertThat(result).isEqualTo(new AttemptResult.Retryable(
                    "history check: chat route: websocket upgrade answered 503", Optional.of(Duration.ofSeconds(7))));
            assertThat(busy.runs()).isEmpty();
        }
    }
}
