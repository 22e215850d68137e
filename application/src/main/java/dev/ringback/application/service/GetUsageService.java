package dev.ringback.application.service;

import dev.ringback.application.port.in.GetUsageUseCase;
import dev.ringback.application.port.out.CallRepository;
import dev.ringback.application.port.out.Clock;
import dev.ringback.application.port.out.UserRepository;
import dev.ringback.domain.account.BillingPolicy;
import dev.ringback.domain.account.PlanMinutes;
import dev.ringback.domain.account.UserId;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Optional;

/**
 * Reads usage with the same plan table, billing month and counting rule that placing a call
 * checks, so what the dashboard shows is what the cap enforces.
 */
public final class GetUsageService implements GetUsageUseCase {
    private final UserRepository users;
    private final CallRepository calls;
    private final PlanMinutes plans;
    private final BillingPolicy billing;
    private final Clock clock;

    @Inject
    public GetUsageService(UserRepository users, CallRepository calls, PlanMinutes plans, BillingPolicy billing, Clock clock) {
        this.users = users;
        this.calls = calls;
        this.plans = plans;
        this.billing = billing;
        this.clock = clock;
    }

    @Override
    public Optional<UsageView> usage(UserId id) {
        return users.findById(id).map(user -> {
            Instant now = clock.now();
            Instant monthStart = billing.monthStart(now);
            return new UsageView(user, plans.monthlyMinutes(user.plan()), monthStart,
                    calls.usageSince(id, monthStart, now), calls.findRecentByUser(id, RECENT_CALLS));
        });
    }
}
