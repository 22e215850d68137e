package dev.ringback.adapters.persistence;

import dev.ringback.domain.account.UserId;
import java.lang.System.Logger.Level;
import java.util.List;
import org.jdbi.v3.core.Handle;

/**
 * Deletes a user and everything Ringback holds of them, in one transaction: their calls with their
 * words, the deliveries owed or kept for those calls and for their machine, the machine with its
 * tokens and Idempotency-Keys, their dashboard tokens, and the user with their number. For a
 * user who asks to be forgotten, or who leaves. Safe while the server runs: every request looks
 * its user, machine and call up in the database, so their tokens stop working at the next
 * request, and a result that arrives later for one of their calls matches no call and is
 * ignored, as for any unknown call.
 */
final class UserErasure {
    private static final String OF_THE_USER = "SELECT id FROM calls WHERE user_id = :user"
            + " OR machine_id IN (SELECT id FROM machines WHERE user_id = :user)";
    private static final String TEXTS = "SELECT text_id FROM calls WHERE text_id IS NOT NULL AND id IN (" + OF_THE_USER + ")";
    private static final String DELIVERIES = "DELETE FROM deliveries WHERE call_id IN (" + OF_THE_USER + ")"
            + " OR machine_id IN (SELECT id FROM machines WHERE user_id = :user)";
    private static final String CALLS = "DELETE FROM calls WHERE id IN (" + OF_THE_USER + ")";
    private static final String KEYS = "DELETE FROM placement_keys WHERE machine_id IN (SELECT id FROM machines WHERE user_id = :user)";
    private static final String DASHBOARD_TOKENS = "DELETE FROM dashboard_tokens WHERE user_id = :user";
    private static final String MACHINES = "DELETE FROM machines WHERE user_id = :user";
    private static final String USER = "DELETE FROM users WHERE id = :user";
    private static final System.Logger LOG = System.getLogger(UserErasure.class.getName());

    private UserErasure() {}

    static ErasureReport erase(SqliteDatabase database, UserId user) {
        ErasureReport report = database.write(handle -> {
            // The texts' ids first: a call refers to its texts, so they can go only after it.
            List<Long> texts = handle.createQuery(TEXTS).bind("user", user.value()).mapTo(Long.class).list();
            int deliveries = delete(handle, DELIVERIES, user);
            int calls = delete(handle, CALLS, user);
            texts.forEach(id -> CallRows.deleteTexts(handle, id));
            delete(handle, KEYS, user);
            int tokens = delete(handle, DASHBOARD_TOKENS, user);
            int machines = delete(handle, MACHINES, user);
            if (delete(handle, USER, user) != 1) {
                throw new MaintenanceException("no user " + user.value());
            }
            return new ErasureReport(calls, deliveries, machines, tokens);
        });
        LOG.log(Level.INFO, "user {0} forgotten: {1} calls, {2} deliveries, {3} machine, {4} dashboard tokens deleted",
                user.value(), report.calls(), report.deliveries(), report.machines(), report.dashboardTokens());
        return report;
    }

    private static int delete(Handle handle, String sql, UserId user) {
        return handle.createUpdate(sql).bind("user", user.value()).execute();
    }
}
