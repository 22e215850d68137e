package dev.ringback.application.port.in;

import dev.ringback.domain.account.Machine;
import dev.ringback.domain.account.NotifierRoute;
import dev.ringback.domain.account.UserId;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/** Operator: attach (or replace) a user's machine. */
public interface RegisterMachineUseCase {
    Machine register(Command command);

    record Command(
            UserId user,
            Optional<String> machineId,
            String appUrl,
            String gatewayToken,
            String hookToken,
            String hooksPath,
            Set<String> allowedAgentIds,
            NotifierRoute route) {
        public Command {
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(machineId, "machineId");
            Objects.requireNonNull(route, "route");
            allowedAgentIds = Set.copyOf(allowedAgentIds);
        }
    }
}
