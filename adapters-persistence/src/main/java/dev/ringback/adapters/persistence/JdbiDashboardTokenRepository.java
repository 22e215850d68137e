package dev.ringback.adapters.persistence;

import dev.ringback.application.port.out.DashboardTokenRepository;
import dev.ringback.domain.account.TokenHash;
import dev.ringback.domain.account.UserId;
import java.time.Instant;
import java.util.Optional;

final class JdbiDashboardTokenRepository implements DashboardTokenRepository {
    private final SqliteDatabase database;

    JdbiDashboardTokenRepository(SqliteDatabase database) {
        this.database = database;
    }

    @Override
    public void save(TokenHash hash, UserId user, Instant issuedAt) {
        database.write(handle -> handle.createUpdate(
                        "INSERT INTO dashboard_tokens (hash, user_id, issued_at) VALUES (:hash, :user, :issued)"
                                + " ON CONFLICT (hash) DO UPDATE SET user_id = excluded.user_id, issued_at = excluded.issued_at")
                .bind("hash", hash.hex())
                .bind("user", user.value())
                .bind("issued", Timestamps.format(issuedAt))
                .execute());
    }

    @Override
    public Optional<UserId> findUser(TokenHash hash) {
        // Every dashboard request asks this: plain JDBC on a kept statement (SqliteDatabase.query).
        return database.query("SELECT user_id FROM dashboard_tokens WHERE hash = ?",
                statement -> statement.setString(1, hash.hex()),
                SqliteDatabase.atMostOne(row -> new UserId(row.getString(1))));
    }

    @Override
    public int revokeAll(UserId user) {
        return database.write(handle -> handle.createUpdate("DELETE FROM dashboard_tokens WHERE user_id = :user")
                .bind("user", user.value())
                .execute());
    }
}
