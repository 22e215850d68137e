package dev.ringback.application.port.in;

import dev.ringback.domain.account.Machine;
import dev.ringback.domain.account.MonthUsage;
import dev.ringback.domain.account.User;
import dev.ringback.domain.account.UserId;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The users of this server as an operator reviews them: who they are, their plan and this
 * billing month's minutes, their number and their machine. Read only.
 */
public interface ListUsersUseCase {
    /** Every user, by id. */
    List<UserOverview> users();

    Optional<UserOverview> user(UserId id);

    /** @param machine empty for a user who has none yet: their inbound calls are recorded, nobody is told */
    record UserOverview(User user, long limitMinutes, Instant monthStart, MonthUsage month, Optional<Machine> machine) {
        public UserOverview {
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(monthStart, "monthStart");
            Objects.requireNonNull(month, "month");
            Objects.requireNonNull(machine, "machine");
        }
    }
}
