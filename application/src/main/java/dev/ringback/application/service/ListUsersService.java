package dev.ringback.application.service;

import dev.ringback.application.port.in.ListUsersUseCase;
import dev.ringback.application.port.out.CallRepository;
import dev.ringback.application.port.out.Clock;
import dev.ringback.application.port.out.MachineRepository;
import dev.ringback.application.port.out.UserRepository;
import dev.ringback.domain.account.BillingPolicy;
import dev.ringback.domain.account.PlanMinutes;
import dev.ringback.domain.account.User;
import dev.ringback.domain.account.UserId;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The operator's list of users; every figure as of one moment, the same for all of them. */
public final class ListUsersService implements ListUsersUseCase {
    private final UserRepository users;
    private final MachineRepository machines;
    private final CallRepository calls;
    private final PlanMinutes plans;
    private final BillingPolicy billing;
    private final Clock clock;

    @Inject
    public ListUsersService(UserRepository users, MachineRepository machines, CallRepository calls, PlanMinutes plans,
            BillingPolicy billing, Clock clock) {
        this.users = users;
        this.machines = machines;
        this.calls = calls;
        this.plans = plans;
        this.billing = billing;
        this.clock = clock;
    }

    @Override
    public List<UserOverview> users() {
        Instant now = clock.now();
        return users.findAll().stream().map(user -> overview(user, now)).toList();
    }

    @Override
    public Optional<UserOverview> user(UserId id) {
        Instant now = clock.now();
        return users.findById(id).map(user -> overview(user, now));
    }

    private UserOverview overview(User user, Instant now) {
        Instant monthStart = billing.monthStart(now);
        return new UserOverview(user, plans.monthlyMinutes(user.plan()), monthStart,
                calls.usageSince(user.id(), monthStart, now), machines.findByUser(user.id()));
    }
}
