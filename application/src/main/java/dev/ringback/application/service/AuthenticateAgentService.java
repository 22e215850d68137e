package dev.ringback.application.service;

import dev.ringback.application.port.in.AuthenticateAgentUseCase;
import dev.ringback.application.port.out.MachineRepository;
import dev.ringback.domain.account.Machine;
import dev.ringback.domain.account.TokenHash;
import jakarta.inject.Inject;
import java.util.Optional;

public final class AuthenticateAgentService implements AuthenticateAgentUseCase {
    private final MachineRepository machines;

    @Inject
    public AuthenticateAgentService(MachineRepository machines) {
        this.machines = machines;
    }

    @Override
    public Optional<Machine> authenticate(String gatewayToken) {
        if (gatewayToken == null || gatewayToken.isBlank()) {
            return Optional.empty();
        }
        return machines.findByGatewayTokenHash(TokenHash.of(gatewayToken.strip()));
    }
}
