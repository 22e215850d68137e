package dev.ringback.adapters.openclaw.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The 2026.1.30 double's own behaviour, over real HTTP and WebSocket connections. */
class FakeOldOpenClawGatewayTest {
    private final FakeOldOpenClawGateway gateway = FakeOldOpenClawGateway.start();

    @AfterEach
    void stop() {
        gateway.close();
    }

    private HttpResponse<String> hook(String body) {
        return RawHttp.send(RawHttp.to(gateway.baseUri(), "/hooks/agent")
                .header("Authorization", "Bearer " + gateway.hookToken())
                .header("Content-Type", "application/json")
                .POST(RawHttp.body(body)).build());
    }

    private RawWebSocket connected(String token) {
        RawWebSocket ws = new RawWebSocket(URI.create("ws://127.0.0.1:" + gateway.port() + "/"));
        assertThat(ws.next().path("event").asText()).isEqualTo("connect.challenge");
        ws.send("{\"type\":\"req\",\"id\":\"c1\",\"method\":\"connect\",\"params\":{\"minProtocol\":3,\"maxProtocol\":4,"
                + "\"client\":{\"id\":\"gateway-client\",\"mode\":\"backend\",\"version\":\"t\",\"platform\":\"java\"},"
                + "\"role\":\"operator\",\"scopes\":[\"operator.read\",\"operator.write\"],\"auth\":{\"token\":\"" + token + "\"}}}");
        return ws;
    }

    private static String send(String id, String key, String message, String idempotencyKey) {
        return "{\"type\":\"req\",\"id\":\"" + id + "\",\"method\":\"chat.send\",\"params\":{\"sessionKey\":\"" + key
                + "\",\"message\":\"" + message + "\",\"idempotencyKey\":\"" + idempotencyKey + "\"}}";
    }

    @Test
    void a_hook_with_the_conversations_key_answers_202_but_orphans_the_conversation() {
        gateway.seed("test-calls", HistoryEntry.user("Call John"), HistoryEntry.assistant("Calling."));
        String before = gateway.transcriptId("test-calls").orElseThrow();

        HttpResponse<String> response = hook("{\"message\":\"call done\",\"sessionKey\":\"test-calls\"}");

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(response.body()).contains("\"ok\":true").contains("runId");
        assertThat(gateway.transcriptId("test-calls")).isPresent().get().isNotEqualTo(before);
        assertThat(gateway.history("test-calls")).hasSize(2).noneMatch(e -> e.text().equals("Call John"));
        assertThat(gateway.history("test-calls").get(0).text()).contains("call done");
        assertThat(gateway.orphanedTranscripts()).singleElement()
                .satisfies(t -> assertThat(t.entries()).extracting(HistoryEntry::text).containsExactly("Call John", "Calling."));
    }

    @Test
    void a_prefixed_key_is_prefixed_again_and_no_key_is_a_throwaway_hook_session() {
        hook("{\"message\":\"one\",\"sessionKey\":\"agent:main:test-calls\"}");
        hook("{\"message\":\"two\"}");

        assertThat(gateway.hookRuns()).extracting(OldHookRun::sessionKey).first().isEqualTo("agent:main:agent:main:test-calls");
        assertThat(gateway.hookRuns().get(1).sessionKey()).startsWith("agent:main:hook:");
        assertThat(gateway.history("test-calls")).isEmpty();
    }

    @Test
    void the_history_path_serves_the_control_ui_page_not_a_history() {
        gateway.seed("test-calls", HistoryEntry.user("Call John"));

        HttpResponse<String> response = RawHttp.send(RawHttp.to(gateway.baseUri(), "/sessions/agent%3Amain%3Atest-calls/history?limit=1000")
                .header("Authorization", "Bearer " + gateway.gatewayToken()).GET().build());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
        assertThat(response.body()).startsWith("<!doctype html>").doesNotContain("Call John");
    }

    @Test
    void a_gateway_with_persistent_hooks_appends_to_the_conversation_and_absorbs_a_remembered_key() {
        try (FakeOldOpenClawGateway between = FakeOldOpenClawGateway.builder().persistentHooks().start()) {
            between.seed("test-calls", HistoryEntry.user("Call John"), HistoryEntry.assistant("Calling."));
            String transcript = between.transcriptId("test-calls").orElseThrow();
            String body = "{\"message\":\"call done\",\"sessionKey\":\"agent:main:test-calls\",\"sessionMode\":\"persistent\"}";

            HttpResponse<String> first = persistentHook(between, body, "k-1");
            HttpResponse<String> replay = persistentHook(between, body, "k-1");

            assertThat(first.statusCode()).isEqualTo(200);
            assertThat(replay.body()).isEqualTo(first.body()).contains("\"ok\":true").contains("runId");
            assertThat(between.transcriptId("test-calls")).contains(transcript);
            assertThat(between.history("test-calls")).extracting(HistoryEntry::text)
                    .startsWith("Call John", "Calling.").hasSize(4)
                    .filteredOn(text -> text.contains("call done")).hasSize(1);
            assertThat(between.orphanedTranscripts()).isEmpty();

            between.restart();
            assertThat(persistentHook(between, body, "k-1").body()).as("a restart forgets the key").isNotEqualTo(first.body());
            assertThat(between.hookRuns()).hasSize(2);
        }
    }

    @Test
    void a_dropped_hook_answer_keeps_the_run_in_the_conversation() {
        try (FakeOldOpenClawGateway between = FakeOldOpenClawGateway.builder().persistentHooks().start()) {
            between.dropAfterNextHook();
            String body = "{\"message\":\"call done\",\"sessionKey\":\"agent:main:test-calls\",\"sessionMode\":\"persistent\"}";

            assertThatThrownBy(() -> persistentHook(between, body, "k-3")).isInstanceOf(UncheckedIOException.class);
            assertThat(between.hookRuns()).hasSize(1);
            assertThat(between.history("test-calls")).anyMatch(entry -> entry.text().contains("call done"));
            assertThat(persistentHook(between, body, "k-4").statusCode()).as("only the next one is dropped").isEqualTo(200);
        }
    }

    @Test
    void a_gateway_with_persistent_hooks_files_a_run_without_persistent_mode_in_a_throwaway_session() {
        try (FakeOldOpenClawGateway between = FakeOldOpenClawGateway.builder().persistentHooks().start()) {
            persistentHook(between, "{\"message\":\"call done\",\"sessionKey\":\"agent:main:test-calls\"}", "k-2");

            assertThat(between.history("test-calls")).isEmpty();
            assertThat(between.hookRuns()).singleElement()
                    .satisfies(run -> assertThat(run.sessionKey()).startsWith("agent:main:hook:"));
        }
    }

    private static HttpResponse<String> persistentHook(FakeOldOpenClawGateway gateway, String body, String idempotencyKey) {
        return RawHttp.send(RawHttp.to(gateway.baseUri(), "/hooks/agent")
                .header("Authorization", "Bearer " + gateway.hookToken())
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", idempotencyKey)
                .POST(RawHttp.body(body)).build());
    }

    @Test
    void hooks_need_the_hook_token() {
        HttpResponse<String> response = RawHttp.send(RawHttp.to(gateway.baseUri(), "/hooks/agent")
                .header("Authorization", "Bearer " + gateway.gatewayToken()).POST(RawHttp.body("{\"message\":\"x\"}")).build());

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(gateway.hookRuns()).isEmpty();
    }

    @Test
    void connect_answers_hello_ok_with_the_version_and_refuses_a_wrong_token() {
        try (RawWebSocket good = connected(gateway.gatewayToken()); RawWebSocket bad = connected("wrong")) {
            JsonNode hello = good.response();
            assertThat(hello.path("ok").asBoolean()).isTrue();
            assertThat(hello.path("payload").path("type").asText()).isEqualTo("hello-ok");
            assertThat(hello.path("payload").path("protocol").asInt()).isEqualTo(3);
            assertThat(hello.path("payload").path("server").path("version").asText()).isEqualTo("2026.1.30");

            JsonNode refused = bad.response();
            assertThat(refused.path("ok").asBoolean()).isFalse();
            assertThat(refused.path("error").path("code").asText()).isEqualTo("INVALID_REQUEST");
            assertThat(bad.next()).isSameAs(RawWebSocket.CLOSED);
        }
    }

    @Test
    void connect_is_refused_when_the_client_is_not_described_as_the_gateway_expects() {
        // The real gateway checks the client block: a client "mode" it does not know (e.g. "client"
        // where "backend" or "cli" is meant) or a missing version or platform fails the handshake.
        List<String> clients = List.of(
                "{\"id\":\"gateway-client\",\"mode\":\"client\",\"version\":\"t\",\"platform\":\"java\"}",
                "{\"id\":\"gateway-client\",\"version\":\"t\",\"platform\":\"java\"}",
                "{\"id\":\"gateway-client\",\"mode\":\"backend\",\"platform\":\"java\"}",
                "{\"id\":\"gateway-client\",\"mode\":\"backend\",\"version\":\"t\"}");
        for (String client : clients) {
            try (RawWebSocket ws = new RawWebSocket(URI.create("ws://127.0.0.1:" + gateway.port() + "/"))) {
                ws.next();
                ws.send("{\"type\":\"req\",\"id\":\"c1\",\"method\":\"connect\",\"params\":{\"minProtocol\":3,"
                        + "\"maxProtocol\":4,\"client\":" + client + ",\"role\":\"operator\","
                        + "\"scopes\":[\"operator.read\",\"operator.write\"],\"auth\":{\"token\":\"" + gateway.gatewayToken() + "\"}}}");
                JsonNode answer = ws.response();
                assertThat(answer.path("ok").asBoolean()).as(client).isFalse();
                assertThat(answer.path("error").path("code").asText()).isEqualTo("INVALID_REQUEST");
            }
        }
    }

    @Test
    void a_request_before_connect_is_refused() {
        try (RawWebSocket ws = new RawWebSocket(URI.create("ws://127.0.0.1:" + gateway.port() + "/"))) {
            ws.next();
            ws.send(send("s1", "test-calls", "hi", "k1"));
            assertThat(ws.response().path("ok").asBoolean()).isFalse();
        }
        assertThat(gateway.chatSends()).isEmpty();
    }

    @Test
    void chat_send_appends_to_the_same_transcript_and_finishes_with_a_final_event() {
        gateway.seed("test-calls", HistoryEntry.user("Call John"));
        String transcript = gateway.transcriptId("test-calls").orElseThrow();
        try (RawWebSocket ws = connected(gateway.gatewayToken())) {
            ws.response();
            ws.send(send("s1", "test-calls", "call done", "k1"));
            JsonNode answer = ws.response();
            assertThat(answer.path("payload").path("runId").asText()).isEqualTo("k1");
            assertThat(answer.path("payload").path("status").asText()).isEqualTo("started");
            List<String> states = new ArrayList<>();
            while (!states.contains("final")) {
                JsonNode frame = ws.next();
                if ("chat".equals(frame.path("event").asText()) && "k1".equals(frame.path("payload").path("runId").asText())) {
                    states.add(frame.path("payload").path("state").asText());
                }
            }
            assertThat(states).containsExactly("delta", "final");
        }
        assertThat(gateway.transcriptId("test-calls")).contains(transcript);
        assertThat(gateway.history("agent:main:test-calls")).extracting(HistoryEntry::text)
                .containsExactly("Call John", "call done", FakeOldOpenClawGateway.REPLY);
    }

    @Test
    void unknown_chat_send_params_are_refused() {
        try (RawWebSocket ws = connected(gateway.gatewayToken())) {
            ws.response();
            ws.send("{\"type\":\"req\",\"id\":\"s1\",\"method\":\"chat.send\",\"params\":{\"sessionKey\":\"x\",\"message\":\"m\","
                    + "\"idempotencyKey\":\"k\",\"sessionMode\":\"persistent\"}}");
            JsonNode answer = ws.response();
            assertThat(answer.path("ok").asBoolean()).isFalse();
            assertThat(answer.path("error").path("code").asText()).isEqualTo("INVALID_REQUEST");
        }
        assertThat(gateway.chatSends()).isEmpty();
    }

    @Test
    void a_repeated_key_is_absorbed_until_a_restart() {
        try (RawWebSocket ws = connected(gateway.gatewayToken())) {
            ws.response();
            ws.send(send("s1", "test-calls", "m", "k1"));
            ws.response();
            ws.send(send("s2", "test-calls", "m", "k1"));
            assertThat(ws.response().path("payload").path("status").asText()).isEqualTo("in_flight");
        }
        assertThat(gateway.chatSends()).hasSize(1);

        gateway.restart();
        try (RawWebSocket ws = connected(gateway.gatewayToken())) {
            ws.response();
            ws.send(send("s3", "test-calls", "m", "k1"));
            assertThat(ws.response().path("payload").path("status").asText()).isEqualTo("started");
        }
        assertThat(gateway.chatSends()).hasSize(2);
    }

    @Test
    void chat_history_returns_the_current_transcript_up_to_the_limit() {
        gateway.seed("test-calls", HistoryEntry.user("a"), HistoryEntry.assistant("b"), HistoryEntry.user("c"));
        try (RawWebSocket ws = connected(gateway.gatewayToken())) {
            ws.response();
            ws.send("{\"type\":\"req\",\"id\":\"h\",\"method\":\"chat.history\",\"params\":{\"sessionKey\":\"agent:main:test-calls\",\"limit\":2}}");
            JsonNode messages = ws.response().path("payload").path("messages");
            assertThat(messages).hasSize(2);
            assertThat(messages.get(0).path("content").get(0).path("text").asText()).isEqualTo("b");
            assertThat(messages.get(1).path("role").asText()).isEqualTo("user");
        }
    }

    @Test
    void a_drop_after_send_keeps_the_message_but_never_answers() {
        gateway.dropAfterNextSend();
        try (RawWebSocket ws = connected(gateway.gatewayToken())) {
            ws.response();
            ws.send(send("s1", "test-calls", "kept", "k1"));
            assertThat(ws.response()).isSameAs(RawWebSocket.CLOSED);
        }
        assertThat(gateway.history("test-calls")).extracting(HistoryEntry::text).containsExactly("kept");
    }

    @Test
    void the_hosted_platform_takes_websockets_at_ws_only() {
        try (FakeOldOpenClawGateway hosted = FakeOldOpenClawGateway.builder().websocketPath("/ws").start()) {
            RawWebSocket ws = new RawWebSocket(URI.create("ws://127.0.0.1:" + hosted.port() + "/ws"));
            assertThat(ws.next().path("event").asText()).isEqualTo("connect.challenge");
            ws.close();
            assertThat(hosted.connections()).isEqualTo(1);
        }
    }
}
