package dev.ringback.adapters.openclaw.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The double's own behaviour, each rule driven over real HTTP. */
class FakeOpenClawGatewayTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String PERSISTENT = "{\"message\":\"call done\",\"name\":\"PhoneCall\","
            + "\"sessionKey\":\"agent:main:test-calls\",\"sessionMode\":\"persistent\",\"wakeMode\":\"now\",\"deliver\":true}";

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-26T10:00:00Z"));
    private FakeOpenClawGateway gateway = FakeOpenClawGateway.builder().clock(clock).start();

    @AfterEach
    void stop() {
        gateway.close();
    }

    private HttpResponse<String> hook(String body) {
        return RawHttp.send(hookRequest(body).build());
    }

    private HttpRequest.Builder hookRequest(String body) {
        return RawHttp.to(gateway.baseUri(), gateway.hooksPath() + "/agent")
                .header("Authorization", "Bearer " + gateway.hookToken())
                .header("Content-Type", "application/json")
                .POST(RawHttp.body(body));
    }

    private static JsonNode json(HttpResponse<String> response) {
        try {
            return MAPPER.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + response.body(), e);
        }
    }

    @Nested
    class OrderOfChecks {
        @Test
        void a_token_in_the_query_is_refused_before_anything_else() {
            HttpResponse<String> response = RawHttp.send(RawHttp.to(gateway.baseUri(), "/hooks/agent?token=" + gateway.hookToken())
                    .GET().build());

            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/plain"));
            assertThat(gateway.runs()).isEmpty();
        }

        @Test
        void only_post_is_allowed() {
            HttpResponse<String> response = RawHttp.send(RawHttp.to(gateway.baseUri(), "/hooks/agent")
                    .header("Authorization", "Bearer " + gateway.hookToken()).GET().build());

            assertThat(response.statusCode()).isEqualTo(405);
            assertThat(response.headers().firstValue("Allow")).contains("POST");
        }

        @Test
        void a_missing_token_is_unauthorized_in_plain_text() {
            HttpResponse<String> response = RawHttp.send(RawHttp.to(gateway.baseUri(), "/hooks/agent")
                    .POST(RawHttp.body(PERSISTENT)).build());

            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(response.body()).isEqualTo("Unauthorized");
        }

        @Test
        void the_gateway_token_is_not_the_hook_token() {
            HttpResponse<String> response = RawHttp.send(hookRequest(PERSISTENT)
                    .setHeader("Authorization", "Bearer " + gateway.gatewayToken()).build());

            assertThat(response.statusCode()).isEqualTo(401);
        }

        @Test
        void the_x_openclaw_token_header_authenticates() {
            HttpResponse<String> response = RawHttp.send(RawHttp.to(gateway.baseUri(), "/hooks/agent")
                    .header("x-openclaw-token", gateway.hookToken()).POST(RawHttp.body(PERSISTENT)).build());

            assertThat(response.statusCode()).isEqualTo(200);
        }

        @Test
        void a_non_empty_bearer_wins_even_when_wrong() {
            HttpResponse<String> response = RawHttp.send(RawHttp.to(gateway.baseUri(), "/hooks/agent")
                    .header("Authorization", "Bearer wrong")
                    .header("x-openclaw-token", gateway.hookToken())
                    .POST(RawHttp.body(PERSISTENT)).build());

            assertThat(response.statusCode()).isEqualTo(401);
        }

        @Test
        void twenty_failures_in_a_minute_lock_the_client_out_for_a_minute() {
            for (int i = 0; i < 20; i++) {
                assertThat(RawHttp.send(hookRequest(PERSISTENT).setHeader("Authorization", "Bearer wrong").build()).statusCode())
                        .isEqualTo(401);
            }

            HttpResponse<String> locked = hook(PERSISTENT);
            assertThat(locked.statusCode()).isEqualTo(429);
            assertThat(locked.headers().firstValue("Retry-After")).contains("60");

            clock.advance(Duration.ofSeconds(61));
            assertThat(hook(PERSISTENT).statusCode()).isEqualTo(200);
        }

        @Test
        void failures_spread_over_more_than_a_minute_do_not_lock_out() {
            for (int i = 0; i < 25; i++) {
                RawHttp.send(hookRequest(PERSISTENT).setHeader("Authorization", "Bearer wrong").build());
                clock.advance(Duration.ofSeconds(4));
            }

            assertThat(hook(PERSISTENT).statusCode()).isEqualTo(200);
        }

        @Test
        void a_body_over_256_kib_is_too_large() {
            String message = "x".repeat(256 * 1024);
            HttpResponse<String> response = hook("{\"message\":\"" + message + "\"}");

            assertThat(response.statusCode()).isEqualTo(413);
            assertThat(json(response).path("error").asText()).isEqualTo("payload too large");
            assertThat(json(response).path("ok").asBoolean(true)).isFalse();
        }

        @Test
        void invalid_json_is_a_400_with_a_json_error() {
            HttpResponse<String> response = hook("{\"message\":");

            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(json(response).path("ok").asBoolean(true)).isFalse();
        }

        @Test
        void unknown_paths_are_not_found() {
            assertThat(RawHttp.send(RawHttp.to(gateway.baseUri(), "/hooks/wake").POST(RawHttp.body("{}")).build()).statusCode())
                    .isEqualTo(404);
        }
    }

    @Nested
    class Validation {
        @Test
        void the_message_is_required_and_non_empty() {
            assertThat(hook("{\"name\":\"PhoneCall\"}").statusCode()).isEqualTo(400);
            assertThat(hook("{\"message\":\"   \"}").statusCode()).isEqualTo(400);
            assertThat(gateway.runs()).isEmpty();
        }

        @Test
        void the_seeds_original_payload_is_refused() {
            // landing/src/app/api/webhooks/bland/status/route.ts before the fix: channel "last", no sessionKey.
            HttpResponse<String> response = hook("{\"message\":\"A phone call just completed...\",\"name\":\"PhoneCall\","
                    + "\"deliver\":true,\"channel\":\"last\",\"wakeMode\":\"now\"}");

            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(json(response).path("error").asText()).contains("last");
            assertThat(gateway.runs()).isEmpty();
        }

        @Test
        void channel_and_to_come_together() {
            assertThat(hook("{\"message\":\"m\",\"channel\":\"telegram\"}").statusCode()).isEqualTo(400);
            assertThat(hook("{\"message\":\"m\",\"to\":\"12345\"}").statusCode()).isEqualTo(400);
            assertThat(hook("{\"message\":\"m\",\"channel\":\"telegram\",\"to\":\"12345\"}").statusCode()).isEqualTo(200);
        }

        @Test
        void a_request_session_key_needs_allow_request_session_key() {
            gateway.close();
            gateway = FakeOpenClawGateway.builder().allowRequestSessionKey(false).start();

            HttpResponse<String> response = hook(PERSISTENT);

            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(json(response).path("error").asText()).startsWith("sessionKey is disabled");
        }

        @Test
        void a_key_outside_the_allowed_prefixes_is_refused() {
            HttpResponse<String> response = hook("{\"message\":\"m\",\"sessionKey\":\"test-calls\",\"sessionMode\":\"persistent\"}");

            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(json(response).path("error").asText()).contains("agent:main:");
        }

        @Test
        void prefixes_are_compared_case_insensitively_and_the_key_is_stored_canonical() {
            HttpResponse<String> response = hook("{\"message\":\"m\",\"sessionKey\":\"AGENT:MAIN:Test-Calls\",\"sessionMode\":\"persistent\"}");

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(gateway.runs()).singleElement().extracting(HookRun::sessionKey).isEqualTo("agent:main:test-calls");
        }

        @Test
        void bare_keys_are_canonicalised_when_no_prefixes_are_configured() {
            gateway.close();
            gateway = FakeOpenClawGateway.builder().allowedSessionKeyPrefixes().start();

            assertThat(hook("{\"message\":\"m\",\"sessionKey\":\"research\",\"sessionMode\":\"persistent\"}").statusCode()).isEqualTo(200);
            assertThat(hook("{\"message\":\"m\",\"sessionKey\":\"Hook:ABC\",\"sessionMode\":\"persistent\"}").statusCode()).isEqualTo(200);

            assertThat(gateway.runs()).extracting(HookRun::sessionKey).containsExactly("agent:main:research", "agent:main:hook:abc");
            assertThat(gateway.history("research")).hasSize(2);
        }

        @Test
        void session_mode_is_isolated_or_persistent() {
            assertThat(hook("{\"message\":\"m\",\"sessionKey\":\"agent:main:x\",\"sessionMode\":\"shared\"}").statusCode())
                    .isEqualTo(400);
        }

        @Test
        void a_gateway_without_hook_prefix_would_not_start() {
            assertThatThrownBy(() -> FakeOpenClawGateway.builder().allowedSessionKeyPrefixes("agent:main:").start())
                    .isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> FakeOpenClawGateway.builder().hookToken("same").gatewayToken("same").start())
                    .isInstanceOf(IllegalStateException.class);
        }
    }

    @Nested
    class Sessions {
        @Test
        void without_a_session_key_the_run_lands_in_a_throwaway_hook_session() {
            HttpResponse<String> response = hook("{\"message\":\"call done\",\"name\":\"PhoneCall\"}");

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(gateway.throwawaySessions()).singleElement()
                    .satisfies(s -> assertThat(s.sessionKey()).matches("agent:main:hook:[0-9a-f-]{36}"));
            assertThat(gateway.history("main")).isEmpty();
        }

        @Test
        void without_session_mode_the_named_conversation_keeps_only_its_own_history() {
            gateway.seed("test-calls", HistoryEntry.user("please call John"), HistoryEntry.assistant("calling"));

            HttpResponse<String> response = hook("{\"message\":\"call done\",\"sessionKey\":\"agent:main:test-calls\"}");

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(gateway.history("agent:main:test-calls"))
                    .containsExactly(HistoryEntry.user("please call John"), HistoryEntry.assistant("calling"));
            assertThat(gateway.throwawaySessions()).singleElement().satisfies(s -> {
                assertThat(s.sessionKey()).isEqualTo("agent:main:test-calls");
                assertThat(s.entries()).contains(HistoryEntry.user("call done"));
            });
        }

        @Test
        void an_isolated_run_also_goes_to_a_throwaway_transcript() {
            hook("{\"message\":\"call done\",\"sessionKey\":\"agent:main:test-calls\",\"sessionMode\":\"isolated\"}");

            assertThat(gateway.history("agent:main:test-calls")).isEmpty();
            assertThat(gateway.throwawaySessions()).hasSize(1);
            assertThat(gateway.runs()).singleElement().extracting(HookRun::persistent).isEqualTo(false);
        }

        @Test
        void a_persistent_run_is_appended_to_the_conversation() {
            gateway.seed("test-calls", HistoryEntry.user("please call John"), HistoryEntry.assistant("calling"));

            HttpResponse<String> response = hook(PERSISTENT);

            assertThat(response.statusCode()).isEqualTo(200);
            String runId = json(response).path("runId").asText();
            assertThat(gateway.runs()).singleElement().satisfies(run -> {
                assertThat(run.runId()).isEqualTo(runId);
                assertThat(run.persistent()).isTrue();
                assertThat(run.payload()).containsEntry("name", "PhoneCall");
            });
            assertThat(gateway.history("test-calls")).hasSize(4)
                    .startsWith(HistoryEntry.user("please call John"), HistoryEntry.assistant("calling"))
                    .contains(HistoryEntry.user("call done"))
                    .last().extracting(HistoryEntry::role).isEqualTo("assistant");
            assertThat(gateway.throwawaySessions()).isEmpty();
        }

        @Test
        void the_history_endpoint_serves_a_conversation_to_the_gateway_token_only() {
            gateway.seed("test-calls", HistoryEntry.user("please call John"));
            hook(PERSISTENT);
            String path = "/sessions/" + URLEncoder.encode("agent:main:test-calls", StandardCharsets.UTF_8) + "/history";

            HttpResponse<String> response = RawHttp.send(RawHttp.to(gateway.baseUri(), path)
                    .header("Authorization", "Bearer " + gateway.gatewayToken()).GET().build());
            HttpResponse<String> withHookToken = RawHttp.send(RawHttp.to(gateway.baseUri(), path)
                    .header("Authorization", "Bearer " + gateway.hookToken()).GET().build());

            assertThat(response.statusCode()).isEqualTo(200);
            JsonNode body = json(response);
            assertThat(body.path("sessionKey").asText()).isEqualTo("agent:main:test-calls");
            assertThat(body.path("messages")).hasSize(3);
            assertThat(body.path("messages").get(1).path("role").asText()).isEqualTo("user");
            assertThat(body.path("messages").get(1).path("content").asText()).isEqualTo("call done");
            assertThat(withHookToken.statusCode()).isEqualTo(401);
        }
    }

    @Nested
    class HistoryRoute {
        private HttpResponse<String> history(String key, String query) {
            String path = "/sessions/" + URLEncoder.encode(key, StandardCharsets.UTF_8) + "/history" + query;
            return RawHttp.send(RawHttp.to(gateway.baseUri(), path)
                    .header("Authorization", "Bearer " + gateway.gatewayToken()).GET().build());
        }

        @Test
        void a_session_without_a_transcript_is_not_found() {
            HttpResponse<String> response = history("agent:main:nobody-here", "");

            assertThat(response.statusCode()).isEqualTo(404);
            assertThat(json(response).path("error").path("type").asText()).isEqualTo("not_found");
        }

        @Test
        void a_limit_keeps_the_newest_messages() {
            gateway.seed("test-calls", HistoryEntry.user("one"), HistoryEntry.assistant("two"), HistoryEntry.user("three"));

            JsonNode messages = json(history("agent:main:test-calls", "?limit=2")).path("messages");

            assertThat(messages).hasSize(2);
            assertThat(messages.get(0).path("content").asText()).isEqualTo("two");
            assertThat(messages.get(1).path("content").asText()).isEqualTo("three");
            assertThat(json(history("agent:main:test-calls", "?limit=50")).path("messages")).hasSize(3);
        }

        @Test
        void a_read_gives_at_most_a_thousand_messages_as_the_real_route_does() {
            for (int i = 0; i < 1_001; i++) {
                gateway.seed("test-calls", HistoryEntry.user("message " + i));
            }

            JsonNode messages = json(history("agent:main:test-calls", "?limit=5000")).path("messages");

            assertThat(messages).hasSize(1_000);
            assertThat(messages.get(0).path("content").asText()).isEqualTo("message 1");
        }

        @Test
        void a_limit_that_is_not_a_positive_integer_is_refused() {
            gateway.seed("test-calls", HistoryEntry.user("one"));

            assertThat(history("agent:main:test-calls", "?limit=0").statusCode()).isEqualTo(400);
            assertThat(history("agent:main:test-calls", "?limit=x").statusCode()).isEqualTo(400);
        }
    }

    @Nested
    class Idempotency {
        private HttpResponse<String> withHeader(String header, String key, String body) {
            return RawHttp.send(hookRequest(body).header(header, key).build());
        }

        @Test
        void a_repeated_key_with_the_same_fields_replays_the_run() {
            String first = json(withHeader("Idempotency-Key", "k-1", PERSISTENT)).path("runId").asText();
            String second = json(withHeader("Idempotency-Key", "k-1", PERSISTENT)).path("runId").asText();

            assertThat(second).isEqualTo(first);
            assertThat(gateway.runs()).hasSize(1);
            assertThat(gateway.history("test-calls")).hasSize(2);
        }

        @Test
        void the_key_may_come_from_the_openclaw_header_or_the_payload() {
            withHeader("X-OpenClaw-Idempotency-Key", "k-2", PERSISTENT);
            withHeader("X-OpenClaw-Idempotency-Key", "k-2", PERSISTENT);
            String withField = PERSISTENT.replace("}", ",\"idempotencyKey\":\"k-3\"}");
            hook(withField);
            hook(withField);

            assertThat(gateway.runs()).hasSize(2);
            assertThat(gateway.runs()).extracting(r -> r.idempotencyKey().orElseThrow()).containsExactly("k-2", "k-3");
        }

        @Test
        void the_idempotency_key_header_wins_over_the_payload() {
            withHeader("Idempotency-Key", "from-header", PERSISTENT.replace("}", ",\"idempotencyKey\":\"a\"}"));
            withHeader("Idempotency-Key", "from-header", PERSISTENT.replace("}", ",\"idempotencyKey\":\"b\"}"));

            assertThat(gateway.runs()).singleElement().extracting(r -> r.idempotencyKey().orElseThrow()).isEqualTo("from-header");
        }

        @Test
        void a_different_payload_with_the_same_key_starts_a_new_run() {
            withHeader("Idempotency-Key", "k-1", PERSISTENT);
            withHeader("Idempotency-Key", "k-1", PERSISTENT.replace("call done", "call done, again"));

            assertThat(gateway.runs()).hasSize(2);
        }

        @Test
        void without_a_key_every_request_is_a_new_run() {
            hook(PERSISTENT);
            hook(PERSISTENT);

            assertThat(gateway.runs()).hasSize(2);
        }

        @Test
        void the_replay_cache_is_lost_on_restart_and_after_five_minutes() {
            withHeader("Idempotency-Key", "k-1", PERSISTENT);
            gateway.restart();
            withHeader("Idempotency-Key", "k-1", PERSISTENT);
            clock.advance(Duration.ofMinutes(5));
            withHeader("Idempotency-Key", "k-1", PERSISTENT);

            assertThat(gateway.runs()).hasSize(3);
        }
    }

    @Nested
    class FileServer {
        private HttpResponse<String> upload(String path, String token, String content) {
            return RawHttp.send(RawHttp.to(gateway.baseUri(), "/files/upload?path=" + URLEncoder.encode(path, StandardCharsets.UTF_8))
                    .header("Authorization", "Bearer " + token).POST(RawHttp.body(content)).build());
        }

        @Test
        void an_upload_under_the_root_is_stored_and_readable() {
            String path = "/home/node/.openclaw/workspace/calls/2026-11-26_1000_outbound_12025551234.md";

            HttpResponse<String> response = upload(path, gateway.gatewayToken(), "# Call ✓");

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(json(response).path("success").asBoolean()).isTrue();
            assertThat(json(response).path("size").asInt()).isEqualTo("# Call ✓".getBytes(StandardCharsets.UTF_8).length);
            assertThat(gateway.files()).containsEntry(path, "# Call ✓");
            HttpResponse<String> read = RawHttp.send(RawHttp.to(gateway.baseUri(), "/files/read?path=" + URLEncoder.encode(path, StandardCharsets.UTF_8))
                    .header("Authorization", "Bearer " + gateway.gatewayToken()).GET().build());
            assertThat(read.statusCode()).isEqualTo(200);
            assertThat(read.body()).isEqualTo("# Call ✓");
        }

        @Test
        void paths_outside_the_root_or_with_dot_dot_are_refused() {
            assertThat(upload("/etc/passwd", gateway.gatewayToken(), "x").statusCode()).isEqualTo(400);
            assertThat(upload("/home/node/.openclaw-other/x.md", gateway.gatewayToken(), "x").statusCode()).isEqualTo(400);
            assertThat(upload("/home/node/.openclaw/workspace/../../x.md", gateway.gatewayToken(), "x").statusCode()).isEqualTo(400);
            assertThat(gateway.files()).isEmpty();
        }

        @Test
        void the_file_server_wants_the_gateway_token() {
            assertThat(upload("/home/node/.openclaw/workspace/a.md", gateway.hookToken(), "x").statusCode()).isEqualTo(401);
            assertThat(gateway.files()).isEmpty();
        }
    }

    @Nested
    class Configuration {
        @Test
        void the_hooks_path_is_configurable() {
            gateway.close();
            gateway = FakeOpenClawGateway.builder().hooksPath("/custom").start();

            assertThat(hook(PERSISTENT).statusCode()).isEqualTo(200);
            assertThat(RawHttp.send(RawHttp.to(gateway.baseUri(), "/hooks/agent")
                    .header("Authorization", "Bearer " + gateway.hookToken()).POST(RawHttp.body(PERSISTENT)).build())
                    .statusCode()).isEqualTo(404);
        }
    }

    @Nested
    class Faults {
        @Test
        void canned_responses_are_served_in_order_before_normal_handling() {
            gateway.enqueue(CannedResponse.json(503, "{\"ok\":false,\"error\":\"admission timeout\"}"),
                    CannedResponse.status(429).withHeader("Retry-After", "7"));

            HttpResponse<String> first = hook(PERSISTENT);
            HttpResponse<String> second = hook(PERSISTENT);
            HttpResponse<String> third = hook(PERSISTENT);

            assertThat(first.statusCode()).isEqualTo(503);
            assertThat(second.statusCode()).isEqualTo(429);
            assertThat(second.headers().firstValue("Retry-After")).contains("7");
            assertThat(third.statusCode()).isEqualTo(200);
            assertThat(gateway.runs()).hasSize(1);
            assertThat(gateway.requests()).hasSize(3);
        }

        @Test
        void a_canned_response_can_target_one_path() {
            gateway.enqueue(CannedResponse.status(500).onlyFor("/files/"));

            assertThat(hook(PERSISTENT).statusCode()).isEqualTo(200);
            assertThat(RawHttp.send(RawHttp.to(gateway.baseUri(), "/files/upload?path=/home/node/.openclaw/a")
                    .POST(RawHttp.body("x")).build()).statusCode()).isEqualTo(500);
        }

        @Test
        void a_paused_gateway_is_unavailable_until_resumed() {
            gateway.pause();
            HttpResponse<String> paused = hook(PERSISTENT);
            gateway.resume();
            HttpResponse<String> resumed = hook(PERSISTENT);

            assertThat(paused.statusCode()).isEqualTo(503);
            assertThat(json(paused).path("error").asText()).isEqualTo("gateway_unavailable");
            assertThat(resumed.statusCode()).isEqualTo(200);
            assertThat(gateway.runs()).hasSize(1);
        }
    }
}
