package dev.ringback.bootstrap;

import static dev.ringback.bootstrap.StandaloneHarness.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ringback.adapters.openclaw.testing.HistoryEntry;
import dev.ringback.application.port.in.RegisterUserUseCase;
import dev.ringback.bootstrap.StandaloneHarness.Response;
import dev.ringback.domain.account.UserId;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Plans, caps, usage and inbound calls through the standalone server on SQLite, as the platform's clients use them. */
class PlatformParityEndToEndTest {
    private static final String CALLER = "+13105550142";

    @TempDir
    Path dir;

    private StandaloneHarness harness;

    @AfterEach
    void stop() {
        if (harness != null) {
            harness.close();
        }
    }

    private StandaloneHarness start(String planMinutes, String maxConcurrentCalls) {
        harness = new StandaloneHarness(dir);
        harness.env.put("RINGBACK_PLAN_MINUTES", planMinutes);
        harness.env.put("RINGBACK_MAX_CONCURRENT_CALLS", maxConcurrentCalls);
        return harness.start().withUserAda();
    }

    private Response usage(String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(harness.url("/api/user/call/usage")).GET();
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return harness.send(request);
    }

    private int nextNumber = 10;

    /** Bland refuses a second call to one number within 10 seconds, so every placement here dials a number of its own. */
    private Response place(String extraJson) {
        String to;
        synchronized (this) {
            to = "+1202555" + String.format("%04d", 100 + nextNumber++);
        }
        String body = "{\"to\":\"" + to + "\",\"task\":\"Ask whether the order is ready\"" + extraJson + "}";
        return harness.send(HttpRequest.newBuilder(harness.url("/api/user/call"))
                .header("Authorization", "Bearer " + harness.gateway.gatewayToken())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private Response agentUsage() {
        return usage("Authorization", "Bearer " + harness.gateway.gatewayToken());
    }

    @Test
    void concurrentRequestsOverHttpNeverPassTheLastMinutes() throws Exception {
        start("starter:0,pro:3,power:120", "50");
        int threads = 10;
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Response> responses = new ArrayList<>();
        try {
            List<Future<Response>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                futures.add(pool.submit(() -> {
                    go.await();
                    return place(",\"max_duration\":1");
                }));
            }
            go.countDown();
            for (Future<Response> future : futures) {
                responses.add(future.get(60, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(responses).filteredOn(r -> r.status() == 200).hasSize(3);
        assertThat(responses).filteredOn(r -> r.status() == 429).hasSize(7)
                .allSatisfy(r -> assertThat(r.body().toString())
                        .isEqualTo("{\"error\":\"Monthly call limit reached\",\"used_minutes\":3,\"limit_minutes\":3}"));
        assertThat(harness.bland.placedCalls()).as("only granted calls reach Bland").hasSize(3);
        assertThat(harness.bland.placedCalls()).allSatisfy(call -> assertThat(call.request().path("max_duration").asInt()).isEqualTo(1));
        JsonNode usage = agentUsage().body().path("usage");
        assertThat(usage.path("used_minutes").asLong()).isEqualTo(3);
        assertThat(usage.path("remaining_minutes").asLong()).isZero();
    }

    /** Two placements at once, on real threads against SQLite, with one line allowed: one rings, the other is told to wait. */
    @Test
    void twoPlacementsAtOnceNeverBothPassALimitOfOneCall() throws Exception {
        start("starter:0,pro:60,power:120", "1");
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Response> responses = new ArrayList<>();
        try {
            List<Future<Response>> futures = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                futures.add(pool.submit(() -> {
                    go.await();
                    return place("");
                }));
            }
            go.countDown();
            for (Future<Response> future : futures) {
                responses.add(future.get(60, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(responses).extracting(Response::status).containsExactlyInAnyOrder(200, 429);
        assertThat(responses).filteredOn(r -> r.status() == 429).singleElement()
                .satisfies(r -> assertThat(r.body().path("active_calls").asInt()).isEqualTo(1));
        assertThat(harness.bland.placedCalls()).as("only the granted call reaches Bland").hasSize(1);
        assertThat(agentUsage().body().path("usage").path("calls_in_flight").asInt()).isEqualTo(1);
    }

    @Test
    void theConcurrentCallLimitAnswers429AndFreesWhenACallEnds() {
        start("starter:0,pro:60,power:120", "2");
        assertThat(place("").status()).isEqualTo(200);
        String first = harness.bland.lastPlacedCall().callId();
        assertThat(place("").status()).isEqualTo(200);

        Response third = place("");

        assertThat(third.status()).isEqualTo(429);
        assertThat(third.body().path("error").asText()).isEqualTo("Too many calls in progress. Wait for one to finish.");
        assertThat(third.body().path("max_concurrent_calls").asInt()).isEqualTo(2);
        assertThat(harness.bland.complete(first, "completed", "user: Hi", "Done.", 1.0, "human")).isEqualTo(200);
        assertThat(place("").status()).isEqualTo(200);
    }

    @Test
    void maxDurationIsClampedToWhatRemainsAndInFlightMinutesAreHeld() {
        start("starter:0,pro:10,power:120", "3");
        Response first = place(",\"max_duration\":8");
        assertThat(first.body().path("remaining_minutes").asLong()).isEqualTo(10);

        Response second = place(",\"max_duration\":8");

        assertThat(second.status()).isEqualTo(200);
        assertThat(second.body().path("remaining_minutes").asLong()).isEqualTo(2);
        assertThat(harness.bland.lastPlacedCall().request().path("max_duration").asInt()).isEqualTo(2);
        assertThat(place("").status()).isEqualTo(429);
    }

    @Test
    void usageHasThePlatformsShapeForTheAgentAndTheDashboard() {
        start("starter:0,pro:60,power:120", "3");
        Response placed = place("");
        String callId = placed.body().path("call_id").asText();
        assertThat(harness.bland.complete(harness.bland.lastPlacedCall().callId(), "completed",
                "user: Hello?\n assistant: Hi John", "John confirmed.", 1.5, "human")).isEqualTo(200);
        place(""); // still in flight

        Response agent = agentUsage();
        Response dashboard = usage("Authorization", "Bearer " + harness.dashboardToken);

        assertThat(agent.status()).isEqualTo(200);
        assertThat(dashboard.status()).isEqualTo(200);
        assertThat(dashboard.body()).isEqualTo(agent.body());
        JsonNode body = agent.body();
        assertThat(body.path("phone_number").asText()).isEqualTo(StandaloneHarness.USER_NUMBER);
        assertThat(body.has("voice_id")).isTrue();
        assertThat(body.path("agent_name").asText()).isEqualTo("Ada");
        assertThat(body.path("plan").asText()).isEqualTo("pro");
        JsonNode usage = body.path("usage");
        assertThat(fieldNames(usage)).contains("used_minutes", "limit_minutes", "remaining_minutes", "total_calls", "total_cost_cents");
        assertThat(usage.path("limit_minutes").asLong()).isEqualTo(60);
        assertThat(usage.path("used_minutes").asLong()).as("90 s ended + 5 min held").isEqualTo(7);
        assertThat(usage.path("remaining_minutes").asLong()).isEqualTo(53);
        assertThat(usage.path("total_calls").asInt()).isEqualTo(2);
        assertThat(usage.path("total_cost_cents").decimalValue()).isEqualByComparingTo("13.5");
        JsonNode recent = body.path("recent_calls");
        assertThat(recent).hasSize(2);
        JsonNode ended = recent.get(1);
        assertThat(fieldNames(ended)).contains("id", "call_id", "direction", "to", "from", "status", "duration_seconds",
                "summary", "created_at");
        assertThat(ended.path("call_id").asText()).isEqualTo(callId);
        assertThat(ended.path("direction").asText()).isEqualTo("outbound");
        assertThat(ended.path("status").asText()).isEqualTo("completed");
        assertThat(ended.path("duration_seconds").asInt()).isEqualTo(90);
        assertThat(ended.path("summary").asText()).isEqualTo("John confirmed.");
        assertThat(recent.get(0).path("status").asText()).isEqualTo("initiated");
    }

    @Test
    void usageNeedsCredentials() {
        start("starter:0,pro:60,power:120", "3");

        Response none = usage();
        Response wrong = usage("Authorization", "Bearer not-a-token");

        assertThat(none.status()).isEqualTo(401);
        assertThat(none.body().path("error").asText()).isEqualTo("Missing authorization");
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.body().path("error").asText()).isEqualTo("Invalid token");
    }

    @Test
    void anInboundCallIsRecordedCountedCostedAndAnnouncedOnce() {
        start("starter:0,pro:60,power:120", "3");
        assertThat(harness.reportActive("planning").status()).isEqualTo(200);
        String webhook = "/api/webhooks/bland/status";

        int status = harness.bland.postInboundCall(harness.url(webhook), "bland-inbound-1", CALLER, StandaloneHarness.USER_NUMBER,
                "user: Hi, it's Bob.\n assistant: Hello Bob.", "Bob called about Friday.", 2.0);

        assertThat(status).isEqualTo(200);
        String session = "agent:main:planning";
        await("the inbound notification", () -> harness.gateway.history(session).stream()
                .anyMatch(entry -> entry.text().contains("📲 **Call received**")));
        HistoryEntry note = harness.gateway.history(session).stream()
                .filter(entry -> entry.text().contains("📲 **Call received**")).findFirst().orElseThrow();
        assertThat(note.text()).contains("📲 **Call received** (" + CALLER + ", 2 min)", "**Summary:** Bob called about Friday.");

        JsonNode body = agentUsage().body();
        assertThat(body.path("usage").path("total_calls").asInt()).isEqualTo(1);
        assertThat(body.path("usage").path("used_minutes").asLong()).isEqualTo(2);
        assertThat(body.path("usage").path("total_cost_cents").decimalValue()).isEqualByComparingTo("18");
        JsonNode call = body.path("recent_calls").get(0);
        assertThat(call.path("direction").asText()).isEqualTo("inbound");
        assertThat(call.path("from").asText()).isEqualTo(CALLER);
        assertThat(call.path("to").asText()).isEqualTo(StandaloneHarness.USER_NUMBER);
        String callId = call.path("call_id").asText();
        await("the inbound call's deliveries", () -> harness.deliveriesSettled(callId));

        assertThat(harness.bland.postInboundCall(harness.url(webhook), "bland-inbound-1", CALLER, StandaloneHarness.USER_NUMBER,
                "user: Hi, it's Bob.\n assistant: Hello Bob.", "Bob called about Friday.", 2.0)).isEqualTo(200);

        assertThat(agentUsage().body().path("usage").path("total_calls").asInt()).as("the resend changes nothing").isEqualTo(1);
        assertThat(harness.callStatus(callId).body().path("deliveries")).hasSize(2);
        assertThat(harness.gateway.history(session).stream().filter(e -> e.text().contains("📲 **Call received**")).count())
                .isEqualTo(1);
    }

    @Test
    void anInboundCallFromAWithheldNumberIsRecordedAndAnnouncedAsWithheldOnce() {
        start("starter:0,pro:60,power:120", "3");
        String webhook = "/api/webhooks/bland/status";

        // Bland has no number to give for a caller who withheld theirs: "from" is null.
        int status = harness.bland.postInboundCall(harness.url(webhook), "bland-inbound-withheld", null,
                StandaloneHarness.USER_NUMBER, "user: It's me.\n assistant: Who is calling?", "A caller who gave no name.", 1.0);

        assertThat(status).isEqualTo(200);
        String session = "agent:main:main";
        await("the inbound notification", () -> harness.gateway.history(session).stream()
                .anyMatch(entry -> entry.text().contains("📲 **Call received**")));
        assertThat(harness.gateway.history(session).stream().filter(e -> e.text().contains("📲 **Call received**"))
                .findFirst().orElseThrow().text()).contains("📲 **Call received** (withheld, 1 min)");

        JsonNode body = agentUsage().body();
        assertThat(body.path("usage").path("total_calls").asInt()).isEqualTo(1);
        assertThat(body.path("usage").path("used_minutes").asLong()).isEqualTo(1);
        JsonNode call = body.path("recent_calls").get(0);
        assertThat(call.path("direction").asText()).isEqualTo("inbound");
        assertThat(call.path("from").isNull()).isTrue();
        String callId = call.path("call_id").asText();
        await("the inbound call's deliveries", () -> harness.deliveriesSettled(callId));
        assertThat(harness.callStatus(callId).body().path("from").isNull()).isTrue();
        assertThat(harness.gateway.files().keySet()).anyMatch(path -> path.matches(".*/calls/\\d{4}-\\d{2}-\\d{2}_\\d{4}_inbound_withheld_[^/]+\\.md"));

        assertThat(harness.bland.postInboundCall(harness.url(webhook), "bland-inbound-withheld", null,
                StandaloneHarness.USER_NUMBER, "user: It's me.", "A caller who gave no name.", 1.0)).isEqualTo(200);

        assertThat(agentUsage().body().path("usage").path("total_calls").asInt()).as("the resend changes nothing").isEqualTo(1);
        assertThat(harness.callStatus(callId).body().path("deliveries")).hasSize(2);
        assertThat(harness.gateway.history(session).stream().filter(e -> e.text().contains("📲 **Call received**")).count())
                .isEqualTo(1);
    }

    /** Defect 6 for a user who has no machine yet: the call is theirs to see and pay for; nobody can be told. */
    @Test
    void anInboundCallToAUserWithoutAMachineIsListedAndCountedOnceAndOwesNothing() {
        start("starter:0,pro:60,power:120", "3");
        String nemoNumber = "+12025550177";
        harness.component().registerUser().register(new RegisterUserUseCase.Command(Optional.of("nemo"), "Nemo", "pro"));
        harness.component().assignPhoneNumber().assign(new UserId("nemo"), nemoNumber, Optional.empty());
        String nemoToken = harness.component().issueDashboardToken().issue(new UserId("nemo"));
        String webhook = "/api/webhooks/bland/status";

        int status = harness.bland.postInboundCall(harness.url(webhook), "bland-inbound-nemo", CALLER, nemoNumber,
                "user: Hi, it's Bob.\n assistant: Hello Bob.", "Bob called about Friday.", 2.0);

        assertThat(status).isEqualTo(200);
        JsonNode body = usage("Authorization", "Bearer " + nemoToken).body();
        assertThat(body.path("usage").path("total_calls").asInt()).isEqualTo(1);
        assertThat(body.path("usage").path("used_minutes").asLong()).isEqualTo(2);
        assertThat(body.path("usage").path("total_cost_cents").decimalValue()).isEqualByComparingTo("18");
        JsonNode call = body.path("recent_calls").get(0);
        assertThat(call.path("direction").asText()).isEqualTo("inbound");
        assertThat(call.path("from").asText()).isEqualTo(CALLER);
        assertThat(call.path("to").asText()).isEqualTo(nemoNumber);
        assertThat(call.path("summary").asText()).isEqualTo("Bob called about Friday.");
        String callId = call.path("call_id").asText();
        Response detail = harness.send(HttpRequest.newBuilder(harness.url("/api/user/call/status?call_id=" + callId))
                .header("Authorization", "Bearer " + nemoToken).GET());
        assertThat(detail.status()).isEqualTo(200);
        assertThat(detail.body().path("status").asText()).isEqualTo("completed");
        assertThat(detail.body().path("deliveries")).as("nothing is owed to anyone").isEmpty();

        assertThat(harness.bland.postInboundCall(harness.url(webhook), "bland-inbound-nemo", CALLER, nemoNumber,
                "user: Hi, it's Bob.", "Bob called about Friday.", 2.0)).isEqualTo(200);

        assertThat(usage("Authorization", "Bearer " + nemoToken).body().path("usage").path("total_calls").asInt())
                .as("the resend changes nothing").isEqualTo(1);
        assertThat(agentUsage().body().path("usage").path("total_calls").asInt()).as("not Ada's call").isZero();
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names.stream().collect(Collectors.toList());
    }
}
