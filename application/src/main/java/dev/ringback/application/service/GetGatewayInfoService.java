package dev.ringback.application.service;

import dev.ringback.application.port.in.GetGatewayInfoUseCase;
import dev.ringback.application.port.out.MachineRepository;
import dev.ringback.application.port.out.UserRepository;
import dev.ringback.domain.account.UserId;
import jakarta.inject.Inject;
import java.util.Optional;

public final class GetGatewayInfoService implements GetGatewayInfoUseCase {
    private final UserRepository users;
    private final MachineRepository machines;

    @Inject
    public GetGatewayInfoService(UserRepository users, MachineRepository machines) {
        this.users = users;
        this.machines = machines;
    }

    @Override
    public Optional<GatewayInfo> forUser(UserId user) {
        return users.findById(user).flatMap(u -> machines.findByUser(user).map(m -> new GatewayInfo(u, m)));
    }
}
