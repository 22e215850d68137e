package dev.ringback.adapters.openclaw;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ringback.adapters.openclaw.testing.CannedResponse;
import dev.ringback.adapters.openclaw.testing.FakeOldOpenClawGateway;
import dev.ringback.adapters.openclaw.testing.FakeOpenClawGateway;
import dev.ringback.adapters.openclaw.testing.HistoryEntry;
import dev.ringback.adapters.openclaw.testing.HookRun;
import dev.ringback.adapters.openclaw.testing.RecordedRequest;
import dev.ringback.application.port.out.AgentNotifier;
import dev.ringback.domain.account.Machine;
import dev.ringback.domain.account.NotifierRoute;
import dev.ringback.domain.delivery.AttemptResult;
import dev.ringback.domain.notify.AgentNotification;
import dev.ringback.domain.notify.NotificationPolicy;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OpenClawHookNotifierTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final FakeOpenClawGateway gateway = FakeOpenClawGateway.start();
    private final AgentNotifier notifier = OpenClawClients.hookNotifier(Fixtures.settings());
    private final Machine machine = Fixtures.machineFor(gateway);
    private final AgentNotification notification = NotificationPolicy.compose(Fixtures.endedCall("c-1", "test-calls"));

    @AfterEach
    void stop() {
        gateway.close();
    }

    @Test
    void the_notification_lands_in_the_history_of_the_conversation_that_asked_for_the_call() {
        gateway.seed("test-calls", HistoryEntry.user("please call John"), HistoryEntry.assistant("calling him now"));
        gateway.seed("main", HistoryEntry.user("something else"));

        AttemptResult result = notifier.deliver(machine, notification);

        assertThat(result).isInstanceOf(AttemptResult.Delivered.class);
        HookRun run = gateway.runs().get(0);
        assertThat(result.detail()).isEqualTo("200 runId=" + run.runId());
        assertThat(gateway.history("agent:main:test-calls"))
                .startsWith(HistoryEntry.user("please call John"), HistoryEntry.assistant("calling him now"))
                .contains(HistoryEntry.user(notification.message()));
        assertThat(gateway.history("main")).containsExactly(HistoryEntry.user("something else"));
        assertThat(gateway.throwawaySessions()).isEmpty();
    }

    @Test
    void the_request_follows_the_current_contract_and_nothing_more() throws IOException {
        notifier.deliver(machine, notification);

        HookRun run = gateway.runs().get(0);
        LinkedHashMap<String, Object> body = MAPPER.readValue(run.rawBody(), new TypeReference<LinkedHashMap<String, Object>>() {});
        assertThat(body.keySet()).containsExactly("message", "name", "sessionKey", "sessionMode", "wakeMode", "deliver", "idempotencyKey");
        assertThat(body).containsEntry("message", notification.message())
                .containsEntry("name", "PhoneCall")
                .containsEntry("sessionKey", "agent:main:test-calls")
                .containsEntry("sessionMode", "persistent")
                .containsEntry("wakeMode", "now")
                .containsEntry("deliver", true)
                .containsEntry("idempotencyKey", "ringback-call-c-1");
        assertThat(run.header("Authorization")).contains("Bearer " + gateway.hookToken());
        assertThat(run.header("Idempotency-Key")).contains("ringback-call-c-1");
        assertThat(run.header("Content-Type")).contains("application/json");
        assertThat(run.persistent()).isTrue();
    }

    @Test
    void a_retry_is_byte_identical_and_the_gateway_absorbs_it() {
        AttemptResult first = notifier.deliver(machine, notification);
        AttemptResult second = notifier.deliver(machine, notification);

        assertThat(second).isEqualTo(first);
        assertThat(gateway.runs()).hasSize(1);
        List<RecordedRequest> requests = gateway.requests();
        assertThat(requests).hasSize(2);
        assertThat(requests.get(1).body()).isEqualTo(requests.get(0).body());
        assertThat(gateway.history("test-calls")).filteredOn(e -> e.text().equals(notification.message())).hasSize(1);
    }

    @Test
    void a_retry_after_an_unavailable_gateway_is_the_same_request() {
        gateway.enqueue(CannedResponse.json(503, "{\"ok\":false,\"error\":\"gateway_unavailable\"}"));

        AttemptResult first = notifier.deliver(machine, notification);
        AttemptResult second = notifier.deliver(machine, notification);

        assertThat(first).isEqualTo(new AttemptResult.Retryable("503 gateway_unavailable", Optional.empty()));
        assertThat(second).isInstanceOf(AttemptResult.Delivered.class);
        List<RecordedRequest> requests = gateway.requests();
        assertThat(requests.get(1).body()).isEqualTo(requests.get(0).body());
        assertThat(requests.get(1).headers()).isEqualTo(requests.get(0).headers());
    }

    @Test
    void a_paused_machine_is_retried_later() {
        gateway.pause();

        assertThat(notifier.deliver(machine, notification)).isInstanceOf(AttemptResult.Retryable.class);
        assertThat(gateway.runs()).isEmpty();
    }

    @Test
    void too_many_requests_honours_retry_after_in_seconds() {
        gateway.enqueue(CannedResponse.status(429).withHeader("Retry-After", "17"));

        assertThat(notifier.deliver(machine, notification))
                .isEqualTo(new AttemptResult.Retryable("429", Optional.of(Duration.ofSeconds(17))));
    }

    @Test
    void a_plain_http_machine_never_builds_the_jdk_client() {
        GatewayHttp http = new GatewayHttp(Fixtures.settings());
        gateway.enqueue(CannedResponse.status(408));

        AgentNotifier hooks = new OpenClawHookNotifier(http, new OpenClawChatNotifier(http, Fixtures.settings()));
        assertThat(hooks.deliver(machine, notification)).isInstanceOf(AttemptResult.Retryable.class);

        // Its TLS context and selector thread are for HTTPS machines and WebSockets only.
        assertThat(http.jdkClientBuilt()).isFalse();
        assertThat(http.client()).isSameAs(http.client());
        assertThat(http.jdkClientBuilt()).isTrue();
    }

    @Test
    void too_many_requests_honours_retry_after_as_an_http_date() {
        Instant now = Instant.parse("2026-11-26T10:00:00Z");
        GatewayHttp http = new GatewayHttp(Fixtures.settings(), Clock.fixed(now, ZoneOffset.UTC));
        AgentNotifier atFixedTime = new OpenClawHookNotifier(http, new OpenClawChatNotifier(http, Fixtures.settings()));
        String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(now.plusSeconds(90).atZone(ZoneOffset.UTC));
        gateway.enqueue(CannedResponse.status(429).withHeader("Retry-After", date));

        assertThat(atFixedTime.deliver(machine, notification))
                .isEqualTo(new AttemptResult.Retryable("429", Optional.of(Duration.ofSeconds(90))));
    }

    @Test
    void timeouts_conflicts_and_server_errors_are_retryable() {
        gateway.enqueue(CannedResponse.status(408), CannedResponse.json(409, "{\"ok\":false,\"error\":\"session changed\"}"),
                CannedResponse.json(502, "{\"ok\":false,\"error\":\"preparation failed\"}"));

        assertThat(notifier.deliver(machine, notification)).isEqualTo(new AttemptResult.Retryable("408", Optional.empty()));
        assertThat(notifier.deliver(machine, notification))
                .isEqualTo(new AttemptResult.Retryable("409 session changed", Optional.empty()));
        assertThat(notifier.deliver(machine, notification))
                .isEqualTo(new AttemptResult.Retryable("502 preparation failed", Optional.empty()));
    }

    @Test
    void refusals_carry_the_status_and_the_gateways_reason() {
        gateway.enqueue(CannedResponse.json(400, "{\"ok\":false,\"error\":\"sessionKey is disabled for externally supplied hook requests\"}"),
                CannedResponse.status(401), CannedResponse.json(413, "{\"ok\":false,\"error\":\"payload too large\"}"),
                CannedResponse.status(405), CannedResponse.status(404));

        assertThat(notifier.deliver(machine, notification))
                .isEqualTo(new AttemptResult.Refused("400 sessionKey is disabled for externally supplied hook requests"));
        assertThat(notifier.deliver(machine, notification)).isEqualTo(new AttemptResult.Refused("401"));
        assertThat(notifier.deliver(machine, notification)).isEqualTo(new AttemptResult.Refused("413 payload too large"));
        assertThat(notifier.deliver(machine, notification)).isEqualTo(new AttemptResult.Refused("405"));
        assertThat(notifier.deliver(machine, notification)).isEqualTo(new AttemptResult.Refused("404"));
        assertThat(gateway.runs()).isEmpty();
    }

    @Test
    void a_gateway_that_disallows_request_session_keys_refuses_for_real() {
        try (FakeOpenClawGateway locked = FakeOpenClawGateway.builder().allowRequestSessionKey(false).start()) {
            AttemptResult result = notifier.deliver(Fixtures.machineFor(locked), notification);

            assertThat(result).isInstanceOf(AttemptResult.Refused.class);
            assertThat(result.detail()).startsWith("400 sessionKey is disabled");
        }
    }

    @Test
    void a_wrong_hook_token_is_refused_and_never_echoed() {
        Machine wrongToken = Fixtures.machine(gateway.baseUri(), gateway.gatewayToken(), "not-the-hook-token", "/hooks",
                NotifierRoute.HOOKS);
        gateway.enqueue(CannedResponse.json(400, "{\"ok\":false,\"error\":\"bad token not-the-hook-token\"}"));

        AttemptResult echoed = notifier.deliver(wrongToken, notification);
        AttemptResult real = notifier.deliver(wrongToken, notification);

        assertThat(echoed).isEqualTo(new AttemptResult.Refused("400"));
        assertThat(real).isEqualTo(new AttemptResult.Refused("401"));
    }

    @Test
    void an_old_gateways_202_is_refused_so_the_notification_is_kept_for_the_chat_route() {
        gateway.enqueue(CannedResponse.json(202, "{\"ok\":true,\"runId\":\"r-old\"}"));

        AttemptResult result = notifier.deliver(machine, notification);

        assertThat(result).isInstanceOf(AttemptResult.Refused.class);
        assertThat(result.detail()).startsWith("202").contains("detect-gateway --apply");
    }

    @Test
    void on_a_real_old_gateway_the_hooks_route_would_file_the_call_elsewhere_and_is_not_counted_delivered() {
        try (FakeOldOpenClawGateway old = FakeOldOpenClawGateway.start()) {
            old.seed("test-calls", HistoryEntry.user("please call John"), HistoryEntry.assistant("calling him now"));
            Machine onOld = Fixtures.machine(old.baseUri(), old.gatewayToken(), old.hookToken(), old.hooksPath(),
                    NotifierRoute.HOOKS);

            AttemptResult result = notifier.deliver(onOld, notification);

            assertThat(result).isInstanceOf(AttemptResult.Refused.class);
            assertThat(old.history("agent:main:test-calls")).noneMatch(e -> e.toString().contains(notification.marker()));
        }
    }

    @Test
    void a_success_status_without_a_gateway_answer_is_not_a_delivery() {
        gateway.enqueue(new CannedResponse(200, Map.of("Content-Type", "text/html"), "<html>control UI</html>", Duration.ZERO, "/"));

        AttemptResult result = notifier.deliver(machine, notification);

        assertThat(result).isEqualTo(new AttemptResult.Refused("200 without a gateway answer; check the app URL and hooks path"));
    }

    @Test
    void the_details_never_carry_the_message() {
        gateway.enqueue(CannedResponse.json(400, "{\"ok\":false,\"error\":\"" + "x".repeat(500) + "\"}"));

        AttemptResult refused = notifier.deliver(machine, notification);
        AttemptResult delivered = notifier.deliver(machine, notification);

        assertThat(refused.detail()).isEqualTo("400");
        assertThat(delivered.detail()).doesNotContain("John").doesNotContain(gateway.hookToken());
    }

    @Test
    void a_closed_port_is_retryable() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Machine nobodyHome = Fixtures.machine(URI.create("http://127.0.0.1:" + closedPort), gateway.gatewayToken(),
                gateway.hookToken(), "/hooks", NotifierRoute.HOOKS);

        assertThat(notifier.deliver(nobodyHome, notification))
                .isEqualTo(new AttemptResult.Retryable("connection failed", Optional.empty()));
    }

    @Test
    void a_machine_that_answers_too_late_is_retryable() {
        OpenClawSettings impatient = new OpenClawSettings(Duration.ofSeconds(2), Duration.ofMillis(300),
                OpenClawSettings.DEFAULT_WORKSPACE_ROOT);
        gateway.enqueue(CannedResponse.json(200, "{\"ok\":true,\"runId\":\"late\"}").delayedBy(Duration.ofSeconds(10)));

        long started = System.nanoTime();
        AttemptResult result = OpenClawClients.hookNotifier(impatient).deliver(machine, notification);
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(result).isEqualTo(new AttemptResult.Retryable("timeout", Optional.empty()));
        assertThat(took).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void a_chat_route_machine_never_goes_through_hooks() {
        Machine oldGateway = machine.withRoute(NotifierRoute.CHAT);

        // This double has no WebSocket (the upgrade is answered 404): the chat route cannot connect,
        // and hooks are not tried instead.
        assertThat(notifier.deliver(oldGateway, notification)).isInstanceOf(AttemptResult.Refused.class)
                .extracting(AttemptResult::detail).asString().startsWith("chat route: websocket upgrade answered 404");
        assertThat(gateway.requests()).noneMatch(request -> request.path().endsWith("/agent"));
        assertThat(gateway.runs()).isEmpty();
    }

    @Test
    void the_hooks_path_of_the_machine_is_used() {
        try (FakeOpenClawGateway custom = FakeOpenClawGateway.builder().hooksPath("/custom/hooks").start();
                FakeOpenClawGateway root = FakeOpenClawGateway.builder().hooksPath("/").start()) {
            assertThat(notifier.deliver(Fixtures.machineFor(custom), notification)).isInstanceOf(AttemptResult.Delivered.class);
            assertThat(notifier.deliver(Fixtures.machineFor(root), notification)).isInstanceOf(AttemptResult.Delivered.class);
            assertThat(custom.requests()).singleElement().extracting(RecordedRequest::path).isEqualTo("/custom/hooks/agent");
            assertThat(root.requests()).singleElement().extracting(RecordedRequest::path).isEqualTo("/agent");
        }
    }
}
