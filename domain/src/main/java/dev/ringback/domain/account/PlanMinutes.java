package dev.ringback.domain.account;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Monthly call minutes per plan. One table for every path that needs it (the platform's two
 * drifting copies were a defect). A plan the table does not know gets no minutes: never a crash.
 */
public record PlanMinutes(Map<String, Long> minutesByPlan) {
    public static final PlanMinutes PLATFORM_DEFAULT = new PlanMinutes(Map.of("starter", 0L, "pro", 60L, "power", 120L));

    public PlanMinutes {
        Objects.requireNonNull(minutesByPlan, "minutesByPlan");
        minutesByPlan.values().forEach(minutes -> {
            if (minutes == null || minutes < 0) {
                throw new IllegalArgumentException("plan minutes cannot be negative");
            }
        });
        minutesByPlan = Map.copyOf(minutesByPlan);
    }

    public long monthlyMinutes(String plan) {
        if (plan == null) {
            return 0;
        }
        return minutesByPlan.getOrDefault(normalised(plan), 0L);
    }

    /** Whether the table names {@code plan} (a plan it does not name still works, with no minutes). */
    public boolean knows(String plan) {
        return plan != null && minutesByPlan.containsKey(normalised(plan));
    }

    /** The plans the table names, in alphabetical order. */
    public List<String> names() {
        return minutesByPlan.keySet().stream().sorted().toList();
    }

    private static String normalised(String plan) {
        return plan.trim().toLowerCase(Locale.ROOT);
    }

    /** Minutes used, as the platform counts them: the month's call seconds, rounded up. */
    public static long minutesUsed(long secondsUsed) {
        return secondsUsed <= 0 ? 0 : secondsUsed / 60 + (secondsUsed % 60 == 0 ? 0 : 1); // no overflow near Long.MAX_VALUE
    }
}
