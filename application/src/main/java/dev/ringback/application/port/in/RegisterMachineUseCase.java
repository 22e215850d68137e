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
            NotifierRoute route,
            String websocketPath,
            boolean fileServer) {
        public Command {
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(machineId, "machineId");
            Objects.requireNonNull(route, "route");
            Objects.requireNonNull(websocketPath, "websocketPath");
            allowedAgentIds = Set.copyOf(allowedAgentIds);
        }

        /** A machine with a file server beside its gateway, as the hosted platform's are. */
        public Command(UserId user, Optional<String> machineId, String appUrl, String gatewayToken, String hookToken,
                String hooksPath, Set<String> allowedAgentIds, NotifierRoute route, String websocketPath) {
            this(user, machineId, appUrl, gatewayToken, hookToken, hooksPath, allowedAgentIds, route, websocketPath, true);
        }

        /** A machine whose gateway takes WebSocket connections at its root. */
        public Command(UserId user, Optional<String> machineId, String appUrl, String gatewayToken, String hookToken,
                String hooksPath, Set<String> allowedAgentIds, NotifierRoute route) {
            this(user, machineId, appUrl, gatewayToken, hookToken, hooksPath, allowedAgentIds, route,
                    Machine.DEFAULT_WEBSOCKET_PATH);
        }
    }
}
