package dev.ringback.adapters.openclaw;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.ringback.adapters.openclaw.testing.FakeOldOpenClawGateway;
import dev.ringback.domain.account.Machine;
import dev.ringback.domain.account.NotifierRoute;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GatewayProbeTest {
    private final GatewayProbe probe = GatewayProbe.create(Fixtures.settings());

    @Test
    void an_old_gateway_is_detected_and_gets_the_chat_route() {
        try (FakeOldOpenClawGateway old = FakeOldOpenClawGateway.start()) {
            Machine machine = OpenClawChatNotifierTest.chatMachine(old.baseUri(), old.gatewayToken(), old.hookToken(), "/")
                    .withRoute(NotifierRoute.HOOKS);

            assertThat(probe.probe(machine)).isEqualTo(new GatewayProbe.Detected("2026.1.30", 3, NotifierRoute.CHAT));
            assertThat(old.chatSends()).isEmpty();
        }
    }

    @Test
    void a_current_gateway_at_ws_gets_the_hooks_route() {
        try (FakeOldOpenClawGateway current = FakeOldOpenClawGateway.builder().version("2026.9.6").protocol(4)
                .websocketPath("/ws").start()) {
            Machine machine = OpenClawChatNotifierTest.chatMachine(current.baseUri(), current.gatewayToken(),
                    current.hookToken(), "/ws");

            assertThat(probe.probe(machine)).isEqualTo(new GatewayProbe.Detected("2026.9.6", 4, NotifierRoute.HOOKS));
        }
    }

    @Test
    void a_gateway_that_does_not_say_its_version_gets_the_route_that_works_everywhere() {
        try (FakeOldOpenClawGateway quiet = FakeOldOpenClawGateway.builder().version("").start()) {
            Machine machine = OpenClawChatNotifierTest.chatMachine(quiet.baseUri(), quiet.gatewayToken(), quiet.hookToken(), "/")
                    .withRoute(NotifierRoute.HOOKS);

            assertThat(probe.probe(machine)).isEqualTo(new GatewayProbe.Detected("unknown", 3, NotifierRoute.CHAT));
        }
    }

    @Test
    void a_wrong_token_or_no_gateway_is_a_failure_that_names_no_secret() {
        try (FakeOldOpenClawGateway old = FakeOldOpenClawGateway.start()) {
            Machine wrong = OpenClawChatNotifierTest.chatMachine(old.baseUri(), "wrong-token-123", old.hookToken(), "/");
            GatewayProbe.Result result = probe.probe(wrong);
            assertThat(result).isEqualTo(new GatewayProbe.Failed("the gateway refused the connection: INVALID_REQUEST"));
        }
        Machine nowhere = OpenClawChatNotifierTest.chatMachine(URI.create("http://127.0.0.1:1"), "t-1234567890", "h-1234567890", "/");
        assertThat(probe.probe(nowhere)).isInstanceOf(GatewayProbe.Failed.class);
    }

    @Test
    void a_closed_port_is_named_with_the_url_tried_and_the_reason_in_words() throws IOException {
        int port;
        try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = closed.getLocalPort();
        }
        Machine nowhere = OpenClawChatNotifierTest.chatMachine(URI.create("http://127.0.0.1:" + port), "gw-token-1234567890",
                "hook-token-1234567890", "/ws");

        GatewayProbe.Result result = probe.probe(nowhere);

        assertThat(result).isEqualTo(new GatewayProbe.Failed(
                "gateway not reachable over WebSocket at ws://127.0.0.1:" + port + "/ws: connection refused"));
    }

    @Test
    void an_upgrade_answered_401_says_the_gateway_token_was_refused_not_that_the_gateway_is_unreachable() throws IOException {
        HttpServer refusing = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        refusing.createContext("/", exchange -> {
            exchange.sendResponseHeaders(401, -1);
            exchange.close();
        });
        refusing.start();
        try {
            int port = refusing.getAddress().getPort();
            Machine machine = OpenClawChatNotifierTest.chatMachine(URI.create("http://127.0.0.1:" + port), "gw-token-1234567890",
                    "hook-token-1234567890", "/ws");

            GatewayProbe.Result result = probe.probe(machine);

            assertThat(result).isEqualTo(new GatewayProbe.Failed("the gateway at ws://127.0.0.1:" + port
                    + "/ws answered HTTP 401: it refused the gateway token (check --gateway-token)"));
        } finally {
            refusing.stop(0);
        }
    }

    @Test
    void an_upgrade_answered_404_points_at_the_websocket_path() {
        try (FakeOldOpenClawGateway hosted = FakeOldOpenClawGateway.builder().websocketPath("/ws").start()) {
            Machine wrongPath = OpenClawChatNotifierTest.chatMachine(hosted.baseUri(), hosted.gatewayToken(),
                    hosted.hookToken(), "/");

            GatewayProbe.Result result = probe.probe(wrongPath);

            assertThat(result).isEqualTo(new GatewayProbe.Failed("the gateway at ws://127.0.0.1:" + hosted.port()
                    + "/ answered HTTP 404 at that path (check --ws-path)"));
            assertThat(((GatewayProbe.Failed) result).reason()).doesNotContain(hosted.gatewayToken(), hosted.hookToken());
        }
    }

    @ParameterizedTest
    @CsvSource({"2026.1.30,CHAT", "2026.2.22,CHAT", "2026.7.28,CHAT", "2026.7.29,HOOKS", "2026.9.6,HOOKS",
        "2026.10.1,HOOKS", "2027.1.1,HOOKS", "2025.12.31,CHAT", "v2026.9.6,HOOKS", "2026.9.6-beta.2,HOOKS",
        "unknown,CHAT", "'',CHAT"})
    void the_route_follows_the_version(String version, NotifierRoute route) {
        assertThat(GatewayProbe.recommend(version)).isEqualTo(route);
    }
}
