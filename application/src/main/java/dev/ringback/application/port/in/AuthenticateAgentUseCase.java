package dev.ringback.application.port.in;

import dev.ringback.domain.account.Machine;
import java.util.Optional;

/** The agent on a machine presents that machine's gateway token. */
public interface AuthenticateAgentUseCase {
    Optional<Machine> authenticate(String gatewayToken);
}
