package dev.ringback.application.service;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class AuthenticateAgentServiceTest {
    private final World world = new World();
    private final AuthenticateAgentService service = new AuthenticateAgentService(world.machines);

    @Test
    void theGatewayTokenIdentifiesTheMachine() {
        assertThat(service.authenticate(World.GATEWAY_TOKEN)).hasValueSatisfying(m -> assertThat(m.id()).isEqualTo(world.machine));
        assertThat(service.authenticate("  " + World.GATEWAY_TOKEN + "\n")).isPresent();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {" ", "wrong", World.HOOK_TOKEN, World.GATEWAY_TOKEN + "x", "Bearer " + World.GATEWAY_TOKEN})
    void anythingElseIsNobody(String token) {
        assertThat(service.authenticate(token)).isEmpty();
    }

    @Test
    void theTokenIsCaseSensitive() {
        assertThat(service.authenticate(World.GATEWAY_TOKEN.toUpperCase(java.util.Locale.ROOT))).isEmpty();
    }
}
