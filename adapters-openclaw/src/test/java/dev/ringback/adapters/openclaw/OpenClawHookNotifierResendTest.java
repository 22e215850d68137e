package dev.ringback.adapters.openclaw;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ringback.adapters.openclaw.testing.CannedResponse;
import dev.ringback.adapters.openclaw.testing.FakeOpenClawGateway;
import dev.ringback.adapters.openclaw.testing.HistoryEntry;
import dev.ringback.adapters.openclaw.testing.RecordedRequest;
import dev.ringback.application.port.out.AgentNotifier;
import dev.ringback.domain.account.Machine;
import dev.ringback.domain.delivery.AttemptResult;
import dev.ringback.domain.notify.AgentNotification;
import dev.ringback.domain.notify.NotificationPolicy;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A notification sent again after an attempt that may have landed: the gateway's memory of
 * idempotency keys is short, so the hooks route reads the conversation before sending.
 */
class OpenClawHookNotifierResendTest {
    private static final String HISTORY = "/sessions/agent%3Amain%3Atest-calls/history";

    private final FakeOpenClawGateway gateway = FakeOpenClawGateway.start();
    private final AgentNotifier notifier = OpenClawClients.hookNotifier(Fixtures.settings());
    private final Machine machine = Fixtures.machineFor(gateway);
    private final AgentNotification first = NotificationPolicy.compose(Fixtures.endedCall("c-1", "test-calls"));
    private final AgentNotification resend = resendOf(first);

    @AfterEach
    void stop() {
        gateway.close();
    }

    private static AgentNotification resendOf(AgentNotification n) {
        return new AgentNotification(n.sessionKey(), n.name(), n.message(), n.idempotencyKey(), n.marker(), true);
    }

    private long historyReads() {
        return gateway.requests().stream().filter(r -> r.path().startsWith("/sessions/")).count();
    }

    @Test
    void a_resend_after_the_gateway_forgot_the_key_finds_the_call_in_the_conversation_and_runs_nothing() {
        assertThat(notifier.deliver(machine, first)).isInstanceOf(AttemptResult.Delivered.class);
        gateway.restart(); // histories stay, the replay cache does not

        AttemptResult again = notifier.deliver(machine, resend);

        assertThat(again).isEqualTo(new AttemptResult.Delivered("already in session history"));
        assertThat(gateway.runs()).hasSize(1);
        assertThat(gateway.history("test-calls")).filteredOn(e -> e.text().contains(first.marker())).hasSize(1);
    }

    @Test
    void without_the_check_the_forgetful_gateway_would_run_the_call_twice() {
        notifier.deliver(machine, first);
        gateway.restart();

        notifier.deliver(machine, first);

        assertThat(gateway.runs()).as("what the history check prevents").hasSize(2);
    }

    @Test
    void a_first_attempt_does_not_read_the_history() {
        notifier.deliver(machine, first);

        assertThat(historyReads()).isZero();
        assertThat(gateway.requests()).hasSize(1);
    }

    @Test
    void a_resend_reads_the_newest_messages_of_its_own_conversation_with_the_gateway_token() {
        gateway.seed("test-calls", HistoryEntry.user("please call John"));

        notifier.deliver(machine, resend);

        RecordedRequest read = gateway.requests().get(0);
        assertThat(read.method()).isEqualTo("GET");
        assertThat(read.path()).isEqualTo(HISTORY);
        assertThat(read.rawQuery()).isEqualTo("limit=" + SessionHistoryCheck.MESSAGES);
        assertThat(read.headers().get("Authorization")).containsExactly("Bearer " + gateway.gatewayToken());
    }

    @Test
    void a_resend_whose_earlier_attempt_never_landed_is_sent() {
        gateway.seed("test-calls", HistoryEntry.user("please call John"), HistoryEntry.assistant("calling"));

        AttemptResult result = notifier.deliver(machine, resend);

        assertThat(result).isInstanceOf(AttemptResult.Delivered.class);
        assertThat(result.detail()).startsWith("200 runId=").doesNotContain("unchecked");
        assertThat(gateway.runs()).hasSize(1);
        assertThat(historyReads()).isEqualTo(1);
    }

    @Test
    void a_conversation_that_does_not_exist_yet_gets_the_notification() {
        AttemptResult result = notifier.deliver(machine, resend);

        assertThat(result.detail()).startsWith("200 runId=").doesNotContain("unchecked");
        assertThat(gateway.runs()).hasSize(1);
    }

    @Test
    void the_marker_is_found_in_a_history_of_megabytes() {
        String filler = "words said in a long conversation ".repeat(3_000);
        for (int i = 0; i < 40; i++) {
            gateway.seed("test-calls", HistoryEntry.user(filler + i));
        }
        gateway.seed("test-calls", HistoryEntry.user(first.message()), HistoryEntry.assistant(filler));

        assertThat(notifier.deliver(machine, resend)).isEqualTo(new AttemptResult.Delivered("already in session history"));
        assertThat(gateway.runs()).isEmpty();
    }

    @Test
    void the_marker_is_found_behind_the_turns_of_a_whole_run_sent_after_it() {
        gateway.seed("test-calls", HistoryEntry.user(first.message()));
        for (int i = 0; i < 127; i++) { // the rest of a crashed run of 128, each with the agent's turn
            gateway.seed("test-calls", HistoryEntry.user("[ringback call c-" + (i + 2) + "] result"),
                    HistoryEntry.assistant("noted"), HistoryEntry.assistant("calling a tool"));
        }

        assertThat(notifier.deliver(machine, resend)).isEqualTo(new AttemptResult.Delivered("already in session history"));
        assertThat(gateway.runs()).isEmpty();
    }

    @Test
    void when_the_history_cannot_be_read_now_nothing_is_sent_blind() {
        gateway.enqueue(CannedResponse.json(503,
                        "{\"ok\":false,\"error\":{\"type\":\"unavailable\",\"message\":\"busy\",\"retryable\":true}}").withHeader("Retry-After", "1")
                        .onlyFor("/sessions/"),
                CannedResponse.status(429).withHeader("Retry-After", "30").onlyFor("/sessions/"));

        assertThat(notifier.deliver(machine, resend))
                .isEqualTo(new AttemptResult.Retryable("history check: 503", Optional.of(Duration.ofSeconds(1))));
        assertThat(notifier.deliver(machine, resend))
                .isEqualTo(new AttemptResult.Retryable("history check: 429", Optional.of(Duration.ofSeconds(30))));
        assertThat(gateway.runs()).isEmpty();
    }

    @Test
    void a_sleeping_machine_is_retried_later_without_a_hook_request() {
        gateway.close();

        AttemptResult result = notifier.deliver(machine, resend);

        assertThat(result).isInstanceOf(AttemptResult.Retryable.class);
        assertThat(result.detail()).startsWith("history check: ");
    }

    @Test
    void a_gateway_whose_history_is_readable_neither_over_http_nor_over_the_websocket_gets_the_notification_with_its_key_alone() {
        // This double has no WebSocket: its answer to the upgrade is a 404, the refusal of a wrong path.
        gateway.enqueue(new CannedResponse(200, Map.of("Content-Type", "text/html"), "<!doctype html><title>Control</title>",
                        Duration.ZERO, "/sessions/"),
                CannedResponse.status(401).onlyFor("/sessions/"));

        AttemptResult first = notifier.deliver(machine, resend);
        AttemptResult second = notifier.deliver(machine, resend);

        assertThat(first.detail()).startsWith("200 runId=").endsWith("; resent unchecked: no HTTP history route, and "
                + "chat route: websocket upgrade answered 404: check the machine's app URL and WebSocket path");
        assertThat(second.detail()).as("absorbed by the idempotency key").startsWith("200 runId=")
                .endsWith("; resent unchecked: history answered 401");
        assertThat(gateway.runs()).hasSize(1);
    }
}
