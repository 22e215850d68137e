package dev.ringback.application.port.in;

import dev.ringback.domain.account.Machine;
import dev.ringback.domain.account.User;
import dev.ringback.domain.account.UserId;
import java.util.Optional;

/** What the dashboard needs to open its WebSocket to the user's machine. */
public interface GetGatewayInfoUseCase {
    Optional<GatewayInfo> forUser(UserId user);

    record GatewayInfo(User user, Machine machine) {}
}
