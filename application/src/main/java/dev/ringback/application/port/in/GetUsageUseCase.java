package dev.ringback.application.port.in;

import dev.ringback.domain.account.MonthUsage;
import dev.ringback.domain.account.User;
import dev.ringback.domain.account.UserId;
import dev.ringback.domain.call.CallRecord;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** The user's plan, this billing month's usage and most recent calls, as the dashboard and agent show them. */
public interface GetUsageUseCase {
    int RECENT_CALLS = 20;

    Optional<UsageView> usage(UserId user);

    /**
     * @param monthStart where the billing month began (in the configured billing zone)
     * @param recentCalls newest first, at most {@link #RECENT_CALLS}, of any month
     */
    record UsageView(User user, long limitMinutes, Instant monthStart, MonthUsage month, List<CallRecord> recentCalls) {
        public UsageView {
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(monthStart, "monthStart");
            Objects.requireNonNull(month, "month");
            recentCalls = List.copyOf(recentCalls);
        }

        public long usedMinutes() {
            return month.usedMinutes();
        }

        public long remainingMinutes() {
            return month.remainingMinutes(limitMinutes);
        }
    }
}
