package dev.ringback.application.service;

import dev.ringback.application.port.in.AuthenticateAgentUseCase;
import dev.ringback.application.port.in.NoteSignOfLifeUseCase;
import dev.ringback.application.port.out.MachineRepository;
import dev.ringback.domain.account.Machine;
import dev.ringback.domain.account.TokenHash;
import jakarta.inject.Inject;
import java.util.Optional;

public final class AuthenticateAgentService implements AuthenticateAgentUseCase {
    private final MachineRepository machines;
    private final NoteSignOfLifeUseCase signsOfLife;

    public AuthenticateAgentService(MachineRepository machines) {
        this(machines, NoteSignOfLifeUseCase.IGNORED);
    }

    /** An agent's request comes from its machine: that machine is awake and online. */
    @Inject
    public AuthenticateAgentService(MachineRepository machines, NoteSignOfLifeUseCase signsOfLife) {
        this.machines = machines;
        this.signsOfLife = signsOfLife;
    }

    @Override
    public Optional<Machine> authenticate(String gatewayToken) {
        if (gatewayToken == null || gatewayToken.isBlank()) {
            return Optional.empty();
        }
        Optional<Machine> machine = machines.findByGatewayTokenHash(TokenHash.of(gatewayToken.strip()));
        machine.ifPresent(found -> signsOfLife.seen(found.id()));
        return machine;
    }
}
