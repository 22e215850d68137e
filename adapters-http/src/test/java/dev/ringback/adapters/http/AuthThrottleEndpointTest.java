package dev.ringback.adapters.http;

import static dev.ringback.adapters.http.ApiHarness.bearer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ringback.adapters.http.bland.BlandSignature;
import dev.ringback.application.testing.FixedClock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Failed-auth throttling over the real server: 20 failures a minute per client, then 429 with Retry-After. */
class AuthThrottleEndpointTest {
    private static final String STATUS = "/api/user/call/status?call_id=call-0001";
    private static final String ACTIVE = "/api/user/sessions/active";
    private static final String WEBHOOK = "/api/webhooks/bland/status";

    private final FixedClock clock = new FixedClock();
    private final ApiHarness api = ApiHarness.withSecurity(ApiHarness.MAX_BODY_BYTES, AuthThrottleSettings.DEFAULT, clock);

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void twentyBadAgentTokensThenEvenTheRightOneIsRefusedUntilTheWindowEnds() {
        for (int i = 0; i < 20; i++) {
            assertThat(api.get(STATUS, "Authorization", bearer("guess-" + i)).status()).isEqualTo(401);
            clock.advance(Duration.ofSeconds(1));
        }

        ApiHarness.Response blocked = api.get(STATUS, "Authorization", bearer(TestData.ALICE_GATEWAY_TOKEN));

        assertThat(blocked.status()).isEqualTo(429);
        assertThat(blocked.json().path("error").asText()).isEqualTo(AuthThrottle.TOO_MANY_FAILURES);
        assertThat(blocked.header("Retry-After")).isEqualTo("40");
        assertThat(blocked.header("Content-Type")).isEqualTo("application/json");
        assertThat(api.callStatus.asked).isEmpty();

        clock.advance(Duration.ofSeconds(40));
        assertThat(api.get(STATUS, "Authorization", bearer(TestData.ALICE_GATEWAY_TOKEN)).status()).isNotIn(401, 429);
    }

    /**
     * Behind the TLS proxy Bland's https webhook needs, every client has the proxy's address: one
     * stranger's twenty guesses a minute would lock every agent and dashboard out. With the proxy
     * listed, the client is the address the proxy saw, from the right of X-Forwarded-For.
     */
    @Test
    void behindATrustedProxyEachClientHasItsOwnBudget() {
        try (ApiHarness proxied = ApiHarness.withSecurity(ApiHarness.MAX_BODY_BYTES,
                AuthThrottleSettings.DEFAULT.behindProxies(TrustedProxies.parse("127.0.0.1")), clock)) {
            for (int i = 0; i < 20; i++) {
                assertThat(proxied.get(STATUS, "Authorization", bearer("guess-" + i),
                        "X-Forwarded-For", "203.0.113.7").status()).isEqualTo(401);
            }

            assertThat(proxied.get(STATUS, "Authorization", bearer(TestData.ALICE_GATEWAY_TOKEN),
                    "X-Forwarded-For", "198.51.100.9").status()).as("another client").isNotIn(401, 429);
            assertThat(proxied.get(STATUS, "Authorization", bearer(TestData.ALICE_GATEWAY_TOKEN),
                    "X-Forwarded-For", "203.0.113.7").status()).as("the guesser").isEqualTo(429);
            // What the client wrote itself is left of what the proxy appended: it cannot buy a fresh budget.
            assertThat(proxied.get(STATUS, "Authorization", bearer(TestData.ALICE_GATEWAY_TOKEN),
                    "X-Forwarded-For", "192.0.2.1, 203.0.113.7").status()).as("the guesser, spoofing").isEqualTo(429);
        }
    }

    /**
     * An IPv6 host is given a whole /64 (a VPS, a home line) and may send from any address in it:
     * counted per address, it would get a fresh budget per guess and never be throttled.
     */
    @Test
    void anIpv6ClientHasOneBudgetForItsWholeSlash64() {
        try (ApiHarness proxied = ApiHarness.withSecurity(ApiHarness.MAX_BODY_BYTES,
                AuthThrottleSettings.DEFAULT.behindProxies(TrustedProxies.parse("127.0.0.1")), clock)) {
            for (int i = 1; i <= 20; i++) {
                assertThat(proxied.get(STATUS, "Authorization", bearer("guess-" + i),
                        "X-Forwarded-For", "2001:db8:1:2::" + Integer.toHexString(i)).status()).isEqualTo(401);
            }

            assertThat(proxied.get(STATUS, "Authorization", bearer(TestData.ALICE_GATEWAY_TOKEN),
                    "X-Forwarded-For", "2001:db8:1:2:ffff:ffff:ffff:1").status()).as("the same /64").isEqualTo(429);
            assertThat(proxied.get(STATUS, "Authorization", bearer(TestData.ALICE_GATEWAY_TOKEN),
                    "X-Forwarded-For", "2001:db8:1:3::1").status()).as("another /64").isNotIn(401, 429);
        }
    }

    /** Without a trusted proxy listed, X-Forwarded-For is anyone's to write and is ignored. */
    @Test
    void forwardingHeadersFromAnUntrustedPeerAreIgnored() {
        for (int i = 0; i < 20; i++) {
            assertThat(api.get(STATUS, "Authorization", bearer("guess-" + i), "X-Forwarded-For", "203.0.113." + i).status())
                    .isEqualTo(401);
        }

        assertThat(api.get(STATUS, "Authorization", bearer(TestData.ALICE_GATEWAY_TOKEN),
                "X-Forwarded-For", "198.51.100.9").status()).isEqualTo(429);
    }

    @Test
    void missingCredentialsCountAsFailuresToo() {
        for (int i = 0; i < 20; i++) {
            assertThat(api.post("/api/user/call", "{}").status()).isEqualTo(401);
        }

        assertThat(api.post("/api/user/call", "{}", "Authorization", bearer(TestData.ALICE_GATEWAY_TOKEN)).status())
                .isEqualTo(429);
    }

    @Test
    void successesDoNotCount() {
        for (int i = 0; i < 19; i++) {
            assertThat(api.get(STATUS, "Authorization", bearer("guess-" + i)).status()).isEqualTo(401);
        }
        for (int i = 0; i < 50; i++) {
            assertThat(api.get(STATUS, "Authorization", bearer(TestData.ALICE_GATEWAY_TOKEN)).status()).isNotIn(401, 429);
        }

        assertThat(api.get(STATUS, "Authorization", bearer(TestData.ALICE_GATEWAY_TOKEN)).status()).isNotIn(401, 429);
    }

    @ParameterizedTest
    @EnumSource(DashboardEndpointsTest.ReportPath.class)
    void dashboardFailuresAreThrottled(DashboardEndpointsTest.ReportPath path) {
        path.use(api);
        for (int i = 0; i < 20; i++) {
            assertThat(api.post(ACTIVE, "{\"sessionKey\":\"main\"}", "Authorization", bearer("nope-" + i)).status())
                    .isEqualTo(401);
        }

        ApiHarness.Response blocked = api.post(ACTIVE, "{\"sessionKey\":\"main\"}",
                "Authorization", bearer(TestData.ALICE_DASHBOARD_TOKEN));

        assertThat(blocked.status()).isEqualTo(429);
        assertThat(blocked.header("Retry-After")).isEqualTo("60");
        assertThat(api.activeSession.commands).isEmpty();
    }

    @Test
    void forgedWebhookSignaturesAreThrottledButASignedWebhookIsAlwaysRecorded() {
        String body = BlandWebhookEndpointTest.COMPLETION;
        for (int i = 0; i < 20; i++) {
            assertThat(api.post(WEBHOOK, body, BlandSignature.HEADER, String.format("%064x", i)).status()).isEqualTo(401);
        }

        ApiHarness.Response forged = api.post(WEBHOOK, body, BlandSignature.HEADER, "f".repeat(64));
        assertThat(forged.status()).isEqualTo(429);
        assertThat(forged.header("Retry-After")).isNotNull();
        assertThat(forged.json().path("error").asText()).isEqualTo(AuthThrottle.TOO_MANY_FAILURES);
        assertThat(api.recordOutcome.reports).isEmpty();

        // Behind a TLS proxy Bland shares its address with the forger: its results must still land.
        ApiHarness.Response signed = api.post(WEBHOOK, body, BlandSignature.HEADER, BlandWebhookEndpointTest.sign(body));
        assertThat(signed.status()).isEqualTo(200);
        assertThat(api.recordOutcome.reports).hasSize(1);
    }

    @Test
    void aSignedWebhookIsRecordedAfterAgentTokenGuessesFromTheSameAddress() {
        for (int i = 0; i < 20; i++) {
            api.get(STATUS, "Authorization", bearer("guess-" + i));
        }

        String body = BlandWebhookEndpointTest.COMPLETION;
        assertThat(api.post(WEBHOOK, body, BlandSignature.HEADER, BlandWebhookEndpointTest.sign(body)).status())
                .isEqualTo(200);
        assertThat(api.recordOutcome.reports).hasSize(1);
    }

    /**
     * Agent tokens stay throttled even when right: they are the operator's (from OpenClaw), of
     * unknown strength, and a right guess let through while wrong ones get 429 would tell a
     * guesser when it has found one.
     */
    @Test
    void forgedWebhooksCountTowardsTheBudgetOfTheOtherSurfaces() {
        for (int i = 0; i < 20; i++) {
            api.post(WEBHOOK, "{}", BlandSignature.HEADER, "0".repeat(64));
        }

        assertThat(api.get(STATUS, "Authorization", bearer(TestData.ALICE_GATEWAY_TOKEN)).status()).isEqualTo(429);
    }

    @Test
    void routesWithoutAuthenticationAreNotThrottled() {
        for (int i = 0; i < 25; i++) {
            api.get(STATUS, "Authorization", bearer("guess-" + i));
        }

        assertThat(api.get(HealthHandlers.HEALTH_PATH).status()).isEqualTo(200);
    }
}
