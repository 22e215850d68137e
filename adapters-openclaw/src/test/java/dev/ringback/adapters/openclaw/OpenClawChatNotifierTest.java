package dev.ringback.adapters.openclaw;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ringback.adapters.openclaw.testing.ChatSend;
import dev.ringback.adapters.openclaw.testing.FakeOldOpenClawGateway;
import dev.ringback.adapters.openclaw.testing.FakeOpenClawGateway;
import dev.ringback.adapters.openclaw.testing.HistoryEntry;
import dev.ringback.domain.account.Machine;
import dev.ringback.domain.account.MachineId;
import dev.ringback.domain.account.NotifierRoute;
import dev.ringback.domain.account.Secret;
import dev.ringback.domain.account.UserId;
import dev.ringback.domain.delivery.AttemptResult;
import dev.ringback.domain.notify.AgentNotification;
import dev.ringback.domain.notify.NotificationPolicy;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The chat route against a 2026.1.30 gateway double over a real loopback WebSocket. */
class OpenClawChatNotifierTest {
    private static final OpenClawChatNotifier.Timeouts QUICK =
            new OpenClawChatNotifier.Timeouts(Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(5));

    private final FakeOldOpenClawGateway gateway = FakeOldOpenClawGateway.start();
    private final OpenClawChatNotifier notifier = notifier(QUICK);
    private final AgentNotification notification = NotificationPolicy.compose(Fixtures.endedCall("call-7", "test-calls"));

    @AfterEach
    void stop() {
        gateway.close();
    }

    private static OpenClawChatNotifier notifier(OpenClawChatNotifier.Timeouts timeouts) {
        return new OpenClawChatNotifier(new GatewayHttp(Fixtures.settings()), timeouts);
    }

    static Machine chatMachine(URI appUrl, String gatewayToken, String hookToken, String websocketPath) {
        return new Machine(new MachineId("m-1"), new UserId("u-1"), appUrl, new Secret(gatewayToken), new Secret(hookToken),
                "/hooks", Set.of("main"), NotifierRoute.CHAT, Optional.empty(), websocketPath);
    }

    private Machine machine() {
        return chatMachine(gateway.baseUri(), gateway.gatewayToken(), gateway.hookToken(), gateway.websocketPath());
    }

    @Test
    void the_notification_lands_in_the_same_transcript_after_the_earlier_exchange() {
        gateway.seed("test-calls", HistoryEntry.user("Call John"), HistoryEntry.assistant("Calling John now."));
        Optional<String> transcript = gateway.transcriptId("test-calls");

        AttemptResult result = notifier.deliver(machine(), notification);

        assertThat(result).isEqualTo(new AttemptResult.Delivered("chat.send final runId=ringback-call-call-7"));
        List<HistoryEntry> history = gateway.history("agent:main:test-calls");
        assertThat(history).hasSize(4);
        assertThat(history.subList(0, 2)).containsExactly(HistoryEntry.user("Call John"), HistoryEntry.assistant("Calling John now."));
        assertThat(history.get(2)).isEqualTo(HistoryEntry.user(NotificationPolicy.chatMessage(notification)));
        assertThat(history.get(3).role()).isEqualTo("assistant");
        assertThat(gateway.transcriptId("test-calls")).isEqualTo(transcript);
        assertThat(gateway.orphanedTranscripts()).isEmpty();
        assertThat(gateway.history("main")).isEmpty();
    }

    @Test
    void it_sends_exactly_the_three_chat_send_fields_with_the_stable_key() {
        notifier.deliver(machine(), notification);

        assertThat(gateway.chatSends()).containsExactly(new ChatSend("ringback-call-call-7", "agent:main:test-calls",
                NotificationPolicy.chatMessage(notification), "ringback-call-call-7"));
        assertThat(gateway.chatSends().get(0).message()).startsWith("[ringback call call-7] [Automated message from Ringback");
    }

    @Test
    void a_bad_gateway_token_is_refused_and_nothing_is_sent() {
        Machine wrongToken = chatMachine(gateway.baseUri(), "not-the-token-000", gateway.hookToken(), "/");

        AttemptResult result = notifier.deliver(wrongToken, notification);

        assertThat(result).isEqualTo(new AttemptResult.Refused("connect refused: INVALID_REQUEST"));
        assertThat(result.detail()).doesNotContain("not-the-token");
        assertThat(gateway.chatSends()).isEmpty();
    }

    @Test
    void a_protocol_the_gateway_does_not_speak_is_refused() {
        try (FakeOldOpenClawGateway future = FakeOldOpenClawGateway.builder().protocol(5).start()) {
            Machine m = chatMachine(future.baseUri(), future.gatewayToken(), future.hookToken(), "/");
            assertThat(notifier.deliver(m, notification)).isEqualTo(new AttemptResult.Refused("connect refused: INVALID_REQUEST"));
        }
    }

    @Test
    void a_protocol_4_gateway_at_ws_is_reached_through_the_machines_websocket_path() {
        try (FakeOldOpenClawGateway hosted = FakeOldOpenClawGateway.builder().version("2026.9.6").protocol(4)
                .websocketPath("/ws").start()) {
            Machine atRoot = chatMachine(hosted.baseUri(), hosted.gatewayToken(), hosted.hookToken(), "/");
            Machine atWs = chatMachine(hosted.baseUri(), hosted.gatewayToken(), hosted.hookToken(), "/ws");

            assertThat(notifier.deliver(atRoot, notification)).isInstanceOf(AttemptResult.Refused.class);
            assertThat(notifier.deliver(atWs, notification)).isInstanceOf(AttemptResult.Delivered.class);
            assertThat(hosted.chatSends()).hasSize(1);
        }
    }

    @Test
    void an_upgrade_the_gateway_answers_with_404_is_refused_and_kept_for_replay() {
        try (FakeOldOpenClawGateway hosted = FakeOldOpenClawGateway.builder().websocketPath("/ws").start()) {
            Machine wrongPath = chatMachine(hosted.baseUri(), hosted.gatewayToken(), hosted.hookToken(), "/");

            AttemptResult result = notifier.deliver(wrongPath, notification);

            // A week of retries cannot mend a wrong WebSocket path; the operator fixes it and replays.
            assertThat(result).isEqualTo(new AttemptResult.Refused(
                    "chat route: websocket upgrade answered 404: check the machine's app URL and WebSocket path"));
            assertThat(hosted.connections()).isZero();
        }
    }

    @Test
    void an_upgrade_answered_503_by_a_restarting_machine_is_retried() {
        try (FakeOpenClawGateway restarting = FakeOpenClawGateway.start()) {
            restarting.pause();
            Machine m = chatMachine(restarting.baseUri(), restarting.gatewayToken(), restarting.hookToken(), "/");

            AttemptResult result = notifier.deliver(m, notification);

            assertThat(result).isEqualTo(new AttemptResult.Retryable("chat route: websocket upgrade answered 503",
                    Optional.empty()));
        }
    }

    @Test
    void a_dropped_connection_after_the_send_is_uncertain_and_the_next_attempt_finds_the_marker() {
        gateway.seed("test-calls", HistoryEntry.user("Call John"));
        gateway.dropAfterNextSend();

        AttemptResult first = notifier.deliver(machine(), notification);
        gateway.restart(); // forgets the idempotency key: only the history check prevents a duplicate
        AttemptResult second = notifier.deliver(machine(), notification);

        assertThat(first).isInstanceOf(AttemptResult.Retryable.class);
        assertThat(first.detail()).startsWith("uncertain after chat.send");
        assertThat(second).isEqualTo(new AttemptResult.Delivered("already in chat history"));
        assertThat(gateway.chatSends()).hasSize(1);
        assertThat(gateway.history("test-calls")).filteredOn(e -> e.text().contains(notification.marker())).hasSize(1);
    }

    @Test
    void a_delivered_notification_is_not_sent_again() {
        assertThat(notifier.deliver(machine(), notification)).isInstanceOf(AttemptResult.Delivered.class);
        gateway.restart();

        assertThat(notifier.deliver(machine(), notification)).isEqualTo(new AttemptResult.Delivered("already in chat history"));
        assertThat(gateway.chatSends()).hasSize(1);
    }

    @Test
    void a_run_without_a_final_event_counts_once_its_message_is_in_the_history() {
        gateway.withholdFinalEvents(true);
        OpenClawChatNotifier impatient = notifier(new OpenClawChatNotifier.Timeouts(
                Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofMillis(300)));

        AttemptResult result = impatient.deliver(machine(), notification);

        assertThat(result).isEqualTo(new AttemptResult.Delivered("in chat history; run still going"));
        assertThat(gateway.chatSends()).hasSize(1);
    }

    @Test
    void a_gateway_that_goes_silent_after_the_send_times_out_as_uncertain() {
        gateway.stallAfterNextSend();
        OpenClawChatNotifier impatient = notifier(new OpenClawChatNotifier.Timeouts(
                Duration.ofSeconds(2), Duration.ofMillis(300), Duration.ofMillis(300)));

        AttemptResult first = impatient.deliver(machine(), notification);
        AttemptResult second = impatient.deliver(machine(), notification);

        assertThat(first).isEqualTo(new AttemptResult.Retryable("uncertain after chat.send: timed out", Optional.empty()));
        assertThat(second).isEqualTo(new AttemptResult.Delivered("already in chat history"));
        assertThat(gateway.chatSends()).hasSize(1);
    }

    @Test
    void an_unreachable_gateway_is_retryable() {
        int port = gateway.port();
        gateway.close();
        Machine gone = chatMachine(URI.create("http://127.0.0.1:" + port), "t-000000000000", "h-000000000000", "/");

        AttemptResult result = notifier.deliver(gone, notification);

        // The detail becomes the delivery's last_error: words an operator can act on, no exception class.
        assertThat(result).isEqualTo(new AttemptResult.Retryable("chat route: connection refused", Optional.empty()));
    }

    @Test
    void the_websocket_url_follows_the_app_url() {
        assertThat(chatMachine(URI.create("https://ada.fly.dev"), "gw-1234567", "hook-1234567", "/ws").webSocketUrl())
                .isEqualTo(URI.create("wss://ada.fly.dev/ws"));
        assertThat(chatMachine(URI.create("http://127.0.0.1:18789/"), "gw-1234567", "hook-1234567", "/").webSocketUrl())
                .isEqualTo(URI.create("ws://127.0.0.1:18789/"));
        assertThat(chatMachine(URI.create("HTTPS://a.example/base"), "gw-1234567", "hook-1234567", "/ws").webSocketUrl())
                .isEqualTo(URI.create("wss://a.example/base/ws"));
    }
}
