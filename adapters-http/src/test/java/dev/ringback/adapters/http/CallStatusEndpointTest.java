package dev.ringback.adapters.http;

import static dev.ringback.adapters.http.ApiHarness.bearer;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ringback.application.port.in.GetCallStatusUseCase.CallStatusView;
import dev.ringback.domain.call.CallId;
import dev.ringback.domain.delivery.Delivery;
import dev.ringback.domain.delivery.DeliveryId;
import dev.ringback.domain.delivery.DeliveryKind;
import dev.ringback.domain.delivery.DeliverySnapshot;
import dev.ringback.domain.delivery.DeliveryState;
import dev.ringback.domain.session.SessionSource;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CallStatusEndpointTest {
    private static final String PATH = "/api/user/call/status";
    private static final Instant NEXT = Instant.parse("2026-03-01T10:19:00Z");

    private final ApiHarness api = ApiHarness.start();

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void aCompletedCallWithItsDeliveries() {
        api.callStatus.add("call-0001", new CallStatusView(TestData.completedCall(), List.of(
                delivery(DeliveryKind.NOTIFICATION, DeliveryState.DELIVERED, 1, Optional.empty(), Optional.of(TestData.ENDED)),
                delivery(DeliveryKind.TRANSCRIPT, DeliveryState.PENDING, 2, Optional.of("HTTP 503"), Optional.empty()))));

        ApiHarness.Response response = api.get(PATH + "?call_id=call-0001", "Authorization", bearer(TestData.ALICE_GATEWAY_TOKEN));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().toString()).isEqualTo("{"
                + "\"call_id\":\"call-0001\",\"status\":\"completed\",\"completed\":true,\"direction\":\"outbound\","
                + "\"to\":\"+14155550123\",\"from\":\"+12025550100\",\"duration_seconds\":125,"
                + "\"summary\":\"They open at 9 on Sundays.\","
                + "\"transcript\":\"user: Hello?\\n assistant: Hi, are you open on Sunday?\","
                + "\"recording_url\":\"https://recordings.example/call-0001.mp3\","
                + "\"task\":\"Ask whether the shop opens on Sunday\","
                + "\"created_at\":\"2026-03-01T10:15:30Z\",\"completed_at\":\"2026-03-01T10:18:00Z\","
                + "\"session_key\":\"agent:main:research\",\"session_source\":\"agent\","
                + "\"provider_call_id\":\"bland-0001\",\"cost_usd\":0.1875,"
                + "\"deliveries\":["
                + "{\"kind\":\"notification\",\"state\":\"delivered\",\"attempts\":1,\"last_error\":null,"
                + "\"next_attempt_at\":null,\"finished_at\":\"2026-03-01T10:18:00Z\"},"
                + "{\"kind\":\"transcript\",\"state\":\"pending\",\"attempts\":2,\"last_error\":\"HTTP 503\","
                + "\"next_attempt_at\":\"2026-03-01T10:19:00Z\",\"finished_at\":null}]}");
    }

    @Test
    void aWithheldCallerHasNoNumber() {
        api.callStatus.add("call-0002", new CallStatusView(TestData.withheldInboundCall(), List.of()));

        JsonNode body = api.get(PATH + "?call_id=call-0002", "Authorization", bearer(TestData.ALICE_GATEWAY_TOKEN)).json();

        assertThat(body.get("direction").asText()).isEqualTo("inbound");
        assertThat(body.get("from").isNull()).as("no number to show or to call back").isTrue();
        assertThat(body.get("to").asText()).isEqualTo("+12025550100");
        assertThat(body.get("status").asText()).isEqualTo("completed");
    }

    @Test
    void aCallStillRingingHasNullsWhereNothingIsKnownYet() {
        api.callStatus.add("call-0001", new CallStatusView(TestData.initiatedCall(SessionSource.DEFAULT), List.of()));

        JsonNode body = api.get(PATH + "?call_id=call-0001", "Authorization", bearer(TestData.ALICE_GATEWAY_TOKEN)).json();

        assertThat(body.get("status").asText()).isEqualTo("initiated");
        assertThat(body.get("completed").asBoolean()).isFalse();
        assertThat(body.get("completed_at").isNull()).isTrue();
        assertThat(body.get("summary").isNull()).isTrue();
        assertThat(body.get("transcript").isNull()).isTrue();
        assertThat(body.get("recording_url").isNull()).isTrue();
        assertThat(body.get("provider_call_id").isNull()).isTrue();
        assertThat(body.get("session_source").asText()).isEqualTo("default");
        assertThat(body.get("cost_usd").asDouble()).isZero();
        assertThat(body.get("deliveries").isArray()).isTrue();
        assertThat(body.get("deliveries")).isEmpty();
    }

    @Test
    void theDashboardUserMayAskToo() {
        api.callStatus.add("call-0001", new CallStatusView(TestData.completedCall(), List.of()));

        ApiHarness.Response response = api.get(PATH + "?call_id=call-0001", "Authorization", bearer(TestData.ALICE_DASHBOARD_TOKEN));

        assertThat(response.status()).isEqualTo(200);
        assertThat(api.callStatus.asked).containsExactly("user-alice/call-0001");
    }

    @Test
    void anotherUsersCallIsNotFound() {
        api.callStatus.add("call-0001", new CallStatusView(TestData.completedCall(), List.of()));

        ApiHarness.Response response = api.get(PATH + "?call_id=call-0001", "Authorization", bearer(TestData.BOB_DASHBOARD_TOKEN));

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.json().toString()).isEqualTo("{\"error\":\"Call not found\"}");
    }

    @Test
    void anUnknownCallIsNotFound() {
        ApiHarness.Response response = api.get(PATH + "?call_id=nope", "Authorization", bearer(TestData.ALICE_GATEWAY_TOKEN));

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.json().toString()).isEqualTo("{\"error\":\"Call not found\"}");
    }

    @Test
    void theCallIdIsRequired() {
        for (String query : new String[] {"", "?call_id=", "?call_id=%20", "?other=1"}) {
            ApiHarness.Response response = api.get(PATH + query, "Authorization", bearer(TestData.ALICE_GATEWAY_TOKEN));

            assertThat(response.status()).as(query).isEqualTo(400);
            assertThat(response.json().toString()).as(query).isEqualTo("{\"error\":\"Missing call_id parameter\"}");
        }
    }

    @Test
    void strangersAreTurnedAway() {
        ApiHarness.Response none = api.get(PATH + "?call_id=call-0001");
        ApiHarness.Response wrong = api.get(PATH + "?call_id=call-0001", "Authorization", bearer("guess"));

        assertThat(none.status()).isEqualTo(401);
        assertThat(none.json().toString()).isEqualTo("{\"error\":\"Missing authorization\"}");
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.json().toString()).isEqualTo("{\"error\":\"Invalid token\"}");
        assertThat(api.callStatus.asked).isEmpty();
    }

    private static Delivery delivery(DeliveryKind kind, DeliveryState state, int attempts, Optional<String> error,
            Optional<Instant> finished) {
        return Delivery.restore(new DeliverySnapshot(new DeliveryId("d-" + kind.wireName()), new CallId("call-0001"),
                TestData.aliceMachine().id(), kind, "agent:main:research", "body", "key-" + kind.wireName(), state,
                attempts, NEXT, error, TestData.ENDED, finished));
    }
}
