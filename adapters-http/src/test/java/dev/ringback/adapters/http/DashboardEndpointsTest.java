package dev.ringback.adapters.http;

import static dev.ringback.adapters.http.ApiHarness.bearer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ringback.application.port.in.GetGatewayInfoUseCase.GatewayInfo;
import dev.ringback.application.port.in.ReportActiveSessionUseCase.Command;
import dev.ringback.domain.account.User;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@code POST /api/user/sessions/active} and {@code GET /api/user/gateway}. */
class DashboardEndpointsTest {
    private static final String SESSIONS = "/api/user/sessions/active";
    private static final String GATEWAY = "/api/user/gateway";
    private static final String AUTH = "Authorization";

    private final ApiHarness api = ApiHarness.start();

    /**
     * The two ways a report is decided: authenticated and looked up on a worker, or, when the
     * authenticator only reads the store, whole in a unit of work begun on the I/O thread.
     */
    enum ReportPath {
        ON_A_WORKER,
        IN_A_UNIT_OF_WORK;

        void use(ApiHarness api) {
            if (this == IN_A_UNIT_OF_WORK) {
                api.activeSession.decideInUnitOfWork(api.dashboard);
            }
        }
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @ParameterizedTest
    @EnumSource(ReportPath.class)
    void reportsTheActiveSessionInCanonicalForm(ReportPath path) {
        path.use(api);
        api.activeSession.machines.put(TestData.ALICE, TestData.aliceMachine());

        ApiHarness.Response response = api.post(SESSIONS, "{\"sessionKey\":\"Test-Calls\"}", AUTH, bearer(TestData.ALICE_DASHBOARD_TOKEN));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().toString()).isEqualTo("{\"ok\":true,\"sessionKey\":\"agent:main:test-calls\"}");
        assertThat(api.activeSession.commands).containsExactly(new Command(TestData.ALICE, "Test-Calls"));
    }

    @ParameterizedTest
    @EnumSource(ReportPath.class)
    void aSessionCookieIsAsGoodAsABearerToken(ReportPath path) {
        path.use(api);
        api.dashboard.bySessionCookie.put("cookie-alice", TestData.ALICE);
        api.activeSession.machines.put(TestData.ALICE, TestData.aliceMachine());

        ApiHarness.Response response = api.post(SESSIONS, "{\"sessionKey\":\"main\"}", "Cookie", "theme=dark; session=cookie-alice");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().get("sessionKey").asText()).isEqualTo("agent:main:main");
    }

    @ParameterizedTest
    @EnumSource(ReportPath.class)
    void onlyTheDashboardUserMayReport(ReportPath path) {
        path.use(api);
        ApiHarness.Response none = api.post(SESSIONS, "{\"sessionKey\":\"main\"}");
        // The agent's gateway token is not a dashboard login.
        ApiHarness.Response agent = api.post(SESSIONS, "{\"sessionKey\":\"main\"}", AUTH, bearer(TestData.ALICE_GATEWAY_TOKEN));

        assertThat(none.status()).isEqualTo(401);
        assertThat(none.json().toString()).isEqualTo("{\"error\":\"Unauthorized\"}");
        assertThat(agent.status()).isEqualTo(401);
        assertThat(agent.json().toString()).isEqualTo("{\"error\":\"Unauthorized\"}");
        assertThat(api.activeSession.commands).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(ReportPath.class)
    void theSessionKeyIsRequired(ReportPath path) {
        path.use(api);
        for (String body : new String[] {"{}", "{\"sessionKey\":null}", "{\"sessionKey\":\"  \"}"}) {
            ApiHarness.Response response = api.post(SESSIONS, body, AUTH, bearer(TestData.ALICE_DASHBOARD_TOKEN));

            assertThat(response.status()).as(body).isEqualTo(400);
            assertThat(response.json().toString()).as(body).isEqualTo("{\"error\":\"sessionKey required\"}");
        }
        assertThat(api.activeSession.commands).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(ReportPath.class)
    void theReportIgnoresOtherFieldsAndRefusesAWrongType(ReportPath path) {
        path.use(api);
        api.activeSession.machines.put(TestData.ALICE, TestData.aliceMachine());
        ApiHarness.Response unknown = api.post(SESSIONS, "{\"sessionKey\":\"main\",\"tab\":2}", AUTH, bearer(TestData.ALICE_DASHBOARD_TOKEN));
        ApiHarness.Response wrongType = api.post(SESSIONS, "{\"sessionKey\":7}", AUTH, bearer(TestData.ALICE_DASHBOARD_TOKEN));

        assertThat(unknown.status()).as("a dashboard build that sends more than the platform's field").isEqualTo(200);
        assertThat(unknown.json().path("sessionKey").asText()).isEqualTo("agent:main:main");
        assertThat(wrongType.json().toString()).isEqualTo("{\"error\":\"Invalid type for field: sessionKey\"}");
    }

    @ParameterizedTest
    @EnumSource(ReportPath.class)
    void anInvalidKeyGetsTheDomainsMessage(ReportPath path) {
        path.use(api);
        api.activeSession.machines.put(TestData.ALICE, TestData.aliceMachine());

        ApiHarness.Response spaces = api.post(SESSIONS, "{\"sessionKey\":\"my chat\"}", AUTH, bearer(TestData.ALICE_DASHBOARD_TOKEN));
        ApiHarness.Response otherAgent = api.post(SESSIONS, "{\"sessionKey\":\"agent:ops:main\"}", AUTH, bearer(TestData.ALICE_DASHBOARD_TOKEN));

        assertThat(spaces.status()).isEqualTo(400);
        assertThat(spaces.json().get("error").asText()).isEqualTo("session key must not contain whitespace, control or invisible characters");
        assertThat(otherAgent.status()).isEqualTo(400);
        assertThat(otherAgent.json().get("error").asText()).isEqualTo("session key addresses agent 'ops', which this machine does not run");
    }

    @ParameterizedTest
    @EnumSource(ReportPath.class)
    void aUserWithoutAMachineIsToldToProvisionOne(ReportPath path) {
        path.use(api);
        ApiHarness.Response response = api.post(SESSIONS, "{\"sessionKey\":\"main\"}", AUTH, bearer(TestData.BOB_DASHBOARD_TOKEN));

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.json().toString()).isEqualTo("{\"error\":\"Machine not provisioned\",\"needsProvisioning\":true}");
    }

    @Test
    void aWorkerDecidesTheReportWhenTheAuthenticatorMayBlock() {
        api.activeSession.machines.put(TestData.ALICE, TestData.aliceMachine());

        assertThat(api.post(SESSIONS, "{\"sessionKey\":\"main\"}", AUTH, bearer(TestData.ALICE_DASHBOARD_TOKEN)).status()).isEqualTo(200);

        assertThat(api.activeSession.begunOn).singleElement().asString().contains("task");
    }

    @Test
    void aUnitOfWorkIsBegunOnTheIoThreadWithoutWakingAWorker() {
        ReportPath.IN_A_UNIT_OF_WORK.use(api);
        api.activeSession.machines.put(TestData.ALICE, TestData.aliceMachine());

        assertThat(api.post(SESSIONS, "{\"sessionKey\":\"main\"}", AUTH, bearer(TestData.ALICE_DASHBOARD_TOKEN)).status()).isEqualTo(200);

        assertThat(api.activeSession.begunOn).singleElement().asString().contains("I/O");
    }

    @ParameterizedTest
    @EnumSource(ReportPath.class)
    void unknownCredentialsAreRefusedBeforeAMissingKey(ReportPath path) {
        path.use(api);

        ApiHarness.Response response = api.post(SESSIONS, "{}", AUTH, bearer("nobody"));

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.json().toString()).isEqualTo("{\"error\":\"Unauthorized\"}");
    }

    @Test
    void inAUnitOfWorkABodyThatIsNotTheReportIsRefusedBeforeTheCredentials() {
        ReportPath.IN_A_UNIT_OF_WORK.use(api);

        ApiHarness.Response response = api.post(SESSIONS, "{\"sessionKey\":", AUTH, bearer("nobody"));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().toString()).isEqualTo("{\"error\":\"Invalid JSON body\"}");
        assertThat(api.activeSession.begunOn).isEmpty();
    }

    @Test
    void gatewayInfoForTheDashboard() {
        var hosted = TestData.aliceMachine();
        hosted = new dev.ringback.domain.account.Machine(hosted.id(), hosted.userId(), hosted.appUrl(), hosted.gatewayToken(),
                hosted.hookToken(), hosted.hooksPath(), hosted.allowedAgentIds(), hosted.route(), hosted.lastReportedSession(), "/ws");
        api.gatewayInfo.byUser.put(TestData.ALICE, new GatewayInfo(TestData.alice(), hosted));

        ApiHarness.Response response = api.get(GATEWAY, AUTH, bearer(TestData.ALICE_DASHBOARD_TOKEN));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().toString()).isEqualTo("{"
                + "\"gatewayUrl\":\"wss://alice-app.fly.dev/ws?token=" + TestData.ALICE_GATEWAY_TOKEN + "&clientId=webchat\","
                + "\"httpUrl\":\"https://alice-app.fly.dev\",\"appName\":\"alice-app\",\"machineId\":\"machine-alice\","
                + "\"sessionKey\":\"main\",\"phoneNumber\":\"+12025550100\",\"lastSessionKey\":\"agent:main:research\"}");
    }

    @Test
    void theDashboardsWebSocketKeepsTheAppUrlsPath() {
        var m = TestData.machine("https://eve.example.com/prefix/");
        var behindAPrefix = new dev.ringback.domain.account.Machine(m.id(), m.userId(), m.appUrl(), m.gatewayToken(),
                m.hookToken(), m.hooksPath(), m.allowedAgentIds(), m.route(), m.lastReportedSession(), "/ws");
        api.gatewayInfo.byUser.put(TestData.ALICE, new GatewayInfo(TestData.alice(), behindAPrefix));

        ApiHarness.Response response = api.get(GATEWAY, AUTH, bearer(TestData.ALICE_DASHBOARD_TOKEN));

        assertThat(response.json().get("gatewayUrl").asText())
                .isEqualTo("wss://eve.example.com/prefix/ws?token=" + TestData.ALICE_GATEWAY_TOKEN + "&clientId=webchat");
    }

    @Test
    void aPlainHttpMachineGetsAPlainWebSocketAndNullsWhereNothingIsKnown() {
        User noNumber = new User(TestData.ALICE, "Alice", "pro", Optional.empty(), Optional.empty());
        var machine = TestData.machine("http://127.0.0.1:18789/");
        var withoutReport = new dev.ringback.domain.account.Machine(machine.id(), machine.userId(), machine.appUrl(),
                machine.gatewayToken(), machine.hookToken(), machine.hooksPath(), machine.allowedAgentIds(), machine.route(),
                Optional.empty());
        api.gatewayInfo.byUser.put(TestData.ALICE, new GatewayInfo(noNumber, withoutReport));

        ApiHarness.Response response = api.get(GATEWAY, AUTH, bearer(TestData.ALICE_DASHBOARD_TOKEN));

        assertThat(response.json().get("gatewayUrl").asText()).as("a bare gateway takes WebSockets at its root")
                .isEqualTo("ws://127.0.0.1:18789/?token=" + TestData.ALICE_GATEWAY_TOKEN + "&clientId=webchat");
        assertThat(response.json().get("httpUrl").asText()).isEqualTo("http://127.0.0.1:18789");
        assertThat(response.json().get("appName").asText()).as("not its first octet").isEqualTo("127.0.0.1");
        assertThat(response.json().get("phoneNumber").isNull()).isTrue();
        assertThat(response.json().get("lastSessionKey").isNull()).isTrue();
    }

    @Test
    void theAppNameIsTheHostsFirstLabelOrTheWholeAddress() {
        assertThat(GatewayInfoHandler.GatewayResponse.appNameOf("alice-app.fly.dev")).isEqualTo("alice-app");
        assertThat(GatewayInfoHandler.GatewayResponse.appNameOf("localhost")).isEqualTo("localhost");
        assertThat(GatewayInfoHandler.GatewayResponse.appNameOf("10.0.0.7")).isEqualTo("10.0.0.7");
        assertThat(GatewayInfoHandler.GatewayResponse.appNameOf("[::1]")).isEqualTo("[::1]");
        assertThat(GatewayInfoHandler.GatewayResponse.appNameOf("ada.home.arpa")).isEqualTo("ada");
    }

    @Test
    void gatewayInfoWithoutAMachine() {
        ApiHarness.Response response = api.get(GATEWAY, AUTH, bearer(TestData.BOB_DASHBOARD_TOKEN));

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.json().toString()).isEqualTo("{\"error\":\"Machine not provisioned\",\"needsProvisioning\":true}");
    }

    @Test
    void gatewayInfoNeedsTheDashboardUser() {
        ApiHarness.Response response = api.get(GATEWAY, AUTH, bearer(TestData.ALICE_GATEWAY_TOKEN));

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.json().toString()).isEqualTo("{\"error\":\"Unauthorized\"}");
    }
}
