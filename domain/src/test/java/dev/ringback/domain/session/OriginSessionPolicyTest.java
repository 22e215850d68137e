package dev.ringback.domain.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class OriginSessionPolicyTest {
    private static final SessionKey DECLARED = SessionKey.parse("agent-declared");
    private static final SessionKey REPORTED = SessionKey.parse("test-calls");

    @Test
    void theAgentsOwnKeyWinsOverTheDashboards() {
        OriginSession origin = OriginSessionPolicy.attribute(Optional.of(DECLARED), Optional.of(REPORTED));
        assertThat(origin).isEqualTo(new OriginSession(DECLARED, SessionSource.AGENT));
    }

    @Test
    void theAgentsKeyIsUsedWithoutAnyReport() {
        assertThat(OriginSessionPolicy.attribute(Optional.of(DECLARED), Optional.empty()))
                .isEqualTo(new OriginSession(DECLARED, SessionSource.AGENT));
    }

    @Test
    void theDashboardsReportIsUsedWhenTheAgentSaysNothing() {
        assertThat(OriginSessionPolicy.attribute(Optional.empty(), Optional.of(REPORTED)))
                .isEqualTo(new OriginSession(REPORTED, SessionSource.DASHBOARD));
    }

    @Test
    void theMainSessionIsTheLastResort() {
        assertThat(OriginSessionPolicy.attribute(Optional.empty(), Optional.empty()))
                .isEqualTo(new OriginSession(SessionKey.MAIN, SessionSource.DEFAULT));
    }

    @Test
    void anAgentDeclaringMainIsStillTheAgentsChoice() {
        assertThat(OriginSessionPolicy.attribute(Optional.of(SessionKey.MAIN), Optional.of(REPORTED)).source())
                .isEqualTo(SessionSource.AGENT);
    }

    @Test
    void originNeedsAKeyAndASource() {
        assertThatThrownBy(() -> new OriginSession(null, SessionSource.AGENT)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new OriginSession(SessionKey.MAIN, null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void sourcesRoundTripThroughTheirWireNames() {
        for (SessionSource source : SessionSource.values()) {
            assertThat(SessionSource.fromWireName(source.wireName())).isEqualTo(source);
        }
        assertThat(SessionSource.AGENT.wireName()).isEqualTo("agent");
        assertThat(SessionSource.DASHBOARD.wireName()).isEqualTo("dashboard");
        assertThat(SessionSource.DEFAULT.wireName()).isEqualTo("default");
        assertThatThrownBy(() -> SessionSource.fromWireName("browser")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SessionSource.fromWireName(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
