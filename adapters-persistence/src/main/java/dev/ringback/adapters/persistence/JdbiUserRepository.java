package dev.ringback.adapters.persistence;

import dev.ringback.application.port.out.UserRepository;
import dev.ringback.domain.account.User;
import dev.ringback.domain.account.UserId;
import dev.ringback.domain.phone.PhoneNumber;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.statement.Update;

final class JdbiUserRepository implements UserRepository {
    private final SqliteDatabase database;

    JdbiUserRepository(SqliteDatabase database) {
        this.database = database;
    }

    @Override
    public void save(User user) {
        database.write(handle -> bind(handle.createUpdate(
                        "INSERT INTO users (id, name, plan, phone_number, voice_id)"
                                + " VALUES (:id, :name, :plan, :phone, :voice)"
                                + " ON CONFLICT (id) DO UPDATE SET name = excluded.name, plan = excluded.plan,"
                                + " phone_number = excluded.phone_number, voice_id = excluded.voice_id"), user)
                .execute());
    }

    @Override
    public boolean add(User user) {
        return database.write(handle -> bind(handle.createUpdate(
                "INSERT INTO users (id, name, plan, phone_number, voice_id) VALUES (:id, :name, :plan, :phone, :voice)"
                        + " ON CONFLICT (id) DO NOTHING"), user).execute()) == 1;
    }

    @Override
    public boolean replace(User stored, User changed) {
        UserRepository.requireSameUser(stored, changed);
        return database.write(handle -> bind(handle.createUpdate(
                "UPDATE users SET name = :name, plan = :plan, phone_number = :phone, voice_id = :voice WHERE id = :id"
                        + " AND name = :stored_name AND plan = :stored_plan AND phone_number IS :stored_phone"
                        + " AND voice_id IS :stored_voice"), changed)
                .bind("stored_name", stored.name())
                .bind("stored_plan", stored.plan())
                .bind("stored_phone", stored.phoneNumber().map(PhoneNumber::e164).orElse(null))
                .bind("stored_voice", stored.voiceId().orElse(null))
                .execute()) == 1;
    }

    private static Update bind(Update statement, User user) {
        return statement
                .bind("id", user.id().value())
                .bind("name", user.name())
                .bind("plan", user.plan())
                .bind("phone", user.phoneNumber().map(PhoneNumber::e164).orElse(null))
                .bind("voice", user.voiceId().orElse(null));
    }

    @Override
    public Optional<User> findById(UserId id) {
        return database.read(handle -> handle.createQuery("SELECT * FROM users WHERE id = :id")
                .bind("id", id.value())
                .map(JdbiUserRepository::map)
                .findOne());
    }

    @Override
    public List<User> findAll() {
        return database.read(handle -> handle.createQuery("SELECT * FROM users ORDER BY id")
                .map(JdbiUserRepository::map)
                .list());
    }

    @Override
    public Optional<User> findByPhoneNumber(PhoneNumber number) {
        List<User> holders = database.read(handle -> handle.createQuery("SELECT * FROM users WHERE phone_number = :phone LIMIT 2")
                .bind("phone", number.e164())
                .map(JdbiUserRepository::map)
                .list());
        return holders.size() == 1 ? Optional.of(holders.get(0)) : Optional.empty();
    }

    private static User map(ResultSet row, StatementContext context) throws SQLException {
        return new User(new UserId(row.getString("id")), row.getString("name"), row.getString("plan"),
                Optional.ofNullable(row.getString("phone_number")).map(PhoneNumber::new),
                Optional.ofNullable(row.getString("voice_id")));
    }
}
