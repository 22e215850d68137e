package dev.ringback.application.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ringback.application.port.in.GetGatewayInfoUseCase.GatewayInfo;
import dev.ringback.domain.account.User;
import dev.ringback.domain.account.UserId;
import org.junit.jupiter.api.Test;

class GetGatewayInfoServiceTest {
    private final World world = new World();

    private GetGatewayInfoService service() {
        return new GetGatewayInfoService(world.users, world.machines);
    }

    @Test
    void theUserAndTheirMachine() {
        GatewayInfo info = service().forUser(world.user).orElseThrow();
        assertThat(info.user()).isEqualTo(world.users.findById(world.user).orElseThrow());
        assertThat(info.machine()).isEqualTo(world.machines.findById(world.machine).orElseThrow());
    }

    @Test
    void aUserWithoutAMachineIsNotProvisioned() {
        world.users.save(User.register(new UserId("bare"), "Bea", "pro"));
        assertThat(service().forUser(new UserId("bare"))).isEmpty();
    }

    @Test
    void anUnknownUserIsNotProvisioned() {
        assertThat(service().forUser(new UserId("nobody"))).isEmpty();
    }
}
