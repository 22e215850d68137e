package dev.ringback.domain.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ringback.domain.InvalidInputException;
import dev.ringback.domain.session.SessionKey;
import java.net.URI;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MachineTest {
    private static final Secret GATEWAY = new Secret("gateway-token-0123456789");
    private static final Secret HOOK = new Secret("hook-token-9876543210");

    private static Machine machine(String url, String hooksPath, Set<String> agents) {
        return new Machine(new MachineId("m-1"), new UserId("u-1"), URI.create(url), GATEWAY, HOOK, hooksPath, agents,
                NotifierRoute.HOOKS, Optional.empty());
    }

    private static Machine valid() {
        return machine("https://ringback-test.fly.dev", "/hooks", Set.of("main"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://app.fly.dev", "http://127.0.0.1:18789", "HTTPS://APP.FLY.DEV", "https://app.fly.dev/base"})
    void acceptsHttpUrls(String url) {
        assertThat(machine(url, "/hooks", Set.of("main")).appUrl()).isEqualTo(URI.create(url));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://app.fly.dev", "app.fly.dev", "/relative", "file:///etc/passwd", "https:///no-host",
        "mailto:ops@example.com", "ws://app.fly.dev"})
    void refusesOtherUrls(String url) {
        assertThatThrownBy(() -> machine(url, "/hooks", Set.of("main")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("http(s)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/hooks", "/api/hooks", "/Hooks"})
    void acceptsHooksPaths(String path) {
        assertThat(machine("https://a.fly.dev", path, Set.of("main")).hooksPath()).isEqualTo(path);
    }

    @ParameterizedTest
    @ValueSource(strings = {"hooks", "", "/hooks/", "hooks/"})
    void refusesHooksPaths(String path) {
        assertThatThrownBy(() -> machine("https://a.fly.dev", path, Set.of("main"))).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void aHostedAppTakesWebSocketsAtWsAndAnyOtherAddressAtItsRoot() {
        assertThat(Machine.defaultWebSocketPathFor(URI.create("https://ada-app.fly.dev"))).isEqualTo("/ws");
        assertThat(Machine.defaultWebSocketPathFor(URI.create("https://ADA-APP.Fly.Dev/"))).isEqualTo("/ws");
        assertThat(Machine.defaultWebSocketPathFor(URI.create("http://192.168.1.20:18789"))).isEqualTo("/");
        assertThat(Machine.defaultWebSocketPathFor(URI.create("https://fly.dev.example.com"))).isEqualTo("/");
    }

    @Test
    void agentsMustBeValidAndPresent() {
        assertThatThrownBy(() -> machine("https://a.fly.dev", "/hooks", Set.of())).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> machine("https://a.fly.dev", "/hooks", Set.of("Main"))).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> machine("https://a.fly.dev", "/hooks", Set.of("main", "bad id"))).isInstanceOf(InvalidInputException.class);
        assertThat(machine("https://a.fly.dev", "/hooks", Set.of("main", "ops")).allowedAgentIds()).containsExactlyInAnyOrder("main", "ops");
    }

    @Test
    void theHookTokenMustDifferFromTheGatewayToken() {
        assertThatThrownBy(() -> new Machine(new MachineId("m-1"), new UserId("u-1"), URI.create("https://a.fly.dev"),
                new Secret("same-token"), new Secret("same-token"), "/hooks", Set.of("main"), NotifierRoute.HOOKS,
                Optional.empty()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageNotContaining("same-token");
    }

    @Test
    void sessionKeyFromCanonicalisesAndChecksTheAgent() {
        Machine m = valid();
        assertThat(m.sessionKeyFrom("research")).isEqualTo(SessionKey.parse("agent:main:research"));
        assertThat(m.sessionKeyFrom("")).isEqualTo(SessionKey.MAIN);
        assertThatThrownBy(() -> m.sessionKeyFrom("agent:ops:research")).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> m.sessionKeyFrom("bad key")).isInstanceOf(InvalidInputException.class);
        Machine multi = machine("https://a.fly.dev", "/hooks", Set.of("main", "ops"));
        assertThat(multi.sessionKeyFrom("agent:ops:research").agentId()).isEqualTo("ops");
    }

    @Test
    void witherMethodsChangeOnlyTheirField() {
        Machine m = valid();
        SessionKey key = SessionKey.parse("test-calls");
        Machine reported = m.withLastReportedSession(key);
        assertThat(reported.lastReportedSession()).contains(key);
        assertThat(reported.withRoute(NotifierRoute.CHAT).route()).isEqualTo(NotifierRoute.CHAT);
        assertThat(reported.withRoute(NotifierRoute.CHAT).lastReportedSession()).contains(key);
        assertThat(reported.withRoute(NotifierRoute.HOOKS)).isEqualTo(reported);
        assertThat(m.lastReportedSession()).isEmpty();
    }

    @Test
    void allowedAgentsAreCopied() {
        java.util.Set<String> agents = new java.util.HashSet<>(Set.of("main"));
        Machine m = machine("https://a.fly.dev", "/hooks", agents);
        agents.add("ops");
        assertThat(m.allowedAgentIds()).containsExactly("main");
        assertThatThrownBy(() -> m.allowedAgentIds().add("x")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void printingAMachineShowsNoToken() {
        assertThat(valid().toString()).doesNotContain(GATEWAY.value()).doesNotContain(HOOK.value());
    }

    @Test
    void routesHaveWireNames() {
        assertThat(NotifierRoute.fromWireName("hooks")).isEqualTo(NotifierRoute.HOOKS);
        assertThat(NotifierRoute.fromWireName(" CHAT ")).isEqualTo(NotifierRoute.CHAT);
        assertThatThrownBy(() -> NotifierRoute.fromWireName("email")).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> NotifierRoute.fromWireName(null)).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void theWebsocketPathDefaultsToTheRootAndSurvivesCopies() {
        assertThat(valid().websocketPath()).isEqualTo("/");
        Machine hosted = new Machine(new MachineId("m-1"), new UserId("u-1"), URI.create("https://a.fly.dev"), GATEWAY, HOOK,
                "/hooks", Set.of("main"), NotifierRoute.CHAT, Optional.empty(), "/ws");
        assertThat(hosted.withRoute(NotifierRoute.HOOKS).websocketPath()).isEqualTo("/ws");
        assertThat(hosted.withLastReportedSession(SessionKey.MAIN).websocketPath()).isEqualTo("/ws");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ws", "", "/ws?token=x", "/a b", "/ws#frag"})
    void refusesWebsocketPaths(String path) {
        assertThatThrownBy(() -> new Machine(new MachineId("m-1"), new UserId("u-1"), URI.create("https://a.fly.dev"), GATEWAY,
                HOOK, "/hooks", Set.of("main"), NotifierRoute.CHAT, Optional.empty(), path))
                .isInstanceOf(InvalidInputException.class);
    }
}
