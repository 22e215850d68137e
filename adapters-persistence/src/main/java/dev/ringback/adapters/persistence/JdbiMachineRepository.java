package dev.ringback.adapters.persistence;

import dev.ringback.application.port.out.MachineRepository;
import dev.ringback.domain.account.Machine;
import dev.ringback.domain.account.MachineId;
import dev.ringback.domain.account.NotifierRoute;
import dev.ringback.domain.account.Secret;
import dev.ringback.domain.account.TokenHash;
import dev.ringback.domain.account.UserId;
import dev.ringback.domain.session.SessionKey;
import java.net.URI;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Machines by id, user and gateway token hash. The gateway and hook tokens must stay usable
 * (Ringback presents them to the machine), so they are stored through {@link StoredSecrets}:
 * encrypted when a key is configured. Lookups never touch them, only the hash column.
 */
final class JdbiMachineRepository implements MachineRepository {
    static final int MAX_PARSED = 1024;
    /**
     * The columns a machine is built from, in the order {@link #map} reads them: by position, because
     * sqlite-jdbc resolves a column name per call (its names fetched, compared ignoring case, cached
     * per result set), which was ~5% of the server's samples while it answered session reports.
     */
    private static final String COLUMNS = "id, user_id, app_url, gateway_token, hook_token, hooks_path,"
            + " allowed_agent_ids, route, last_session_key, websocket_path, file_server";

    private final SqliteDatabase database;
    private final StoredSecrets secrets;
    /** Machines already built from identical rows; cleared when full (a few machines per server in practice). */
    private final Map<MachineRow, Machine> parsed = new ConcurrentHashMap<>();

    JdbiMachineRepository(SqliteDatabase database, StoredSecrets secrets) {
        this.database = database;
        this.secrets = secrets;
    }

    /** Never {@code INSERT OR REPLACE}: that would silently delete another user's row on a unique clash. */
    @Override
    public void save(Machine machine) {
        database.write(handle -> handle.createUpdate(
                        "INSERT INTO machines (id, user_id, app_url, gateway_token, gateway_token_hash, hook_token,"
                                + " hooks_path, allowed_agent_ids, route, last_session_key, websocket_path, file_server)"
                                + " VALUES (:id, :user, :url, :gatewayToken, :gatewayTokenHash, :hookToken,"
                                + " :hooksPath, :agents, :route, :session, :websocketPath, :fileServer)"
                                + " ON CONFLICT (id) DO UPDATE SET user_id = excluded.user_id, app_url = excluded.app_url,"
                                + " gateway_token = excluded.gateway_token, gateway_token_hash = excluded.gateway_token_hash,"
                                + " hook_token = excluded.hook_token, hooks_path = excluded.hooks_path,"
                                + " allowed_agent_ids = excluded.allowed_agent_ids, route = excluded.route,"
                                + " websocket_path = excluded.websocket_path, file_server = excluded.file_server")
                .bind("id", machine.id().value())
                .bind("user", machine.userId().value())
                .bind("url", machine.appUrl().toString())
                .bind("gatewayToken", secrets.write(StoredSecrets.MACHINE_GATEWAY_TOKEN, machine.gatewayToken().value()))
                .bind("gatewayTokenHash", machine.gatewayToken().hash().hex())
                .bind("hookToken", secrets.write(StoredSecrets.MACHINE_HOOK_TOKEN, machine.hookToken().value()))
                .bind("hooksPath", machine.hooksPath())
                .bind("agents", machine.allowedAgentIds().stream().sorted().collect(Collectors.joining(",")))
                .bind("route", machine.route().wireName())
                .bind("session", machine.lastReportedSession().map(SessionKey::value).orElse(null))
                .bind("websocketPath", machine.websocketPath())
                .bind("fileServer", machine.fileServer() ? 1 : 0)
                .execute());
    }

    @Override
    public Optional<Machine> findById(MachineId id) {
        return findOne("id", id.value());
    }

    @Override
    public Optional<Machine> findByGatewayTokenHash(TokenHash hash) {
        return findOne("gateway_token_hash", hash.hex());
    }

    @Override
    public Optional<Machine> findByUser(UserId user) {
        return findOne("user_id", user.value());
    }

    private Optional<Machine> findOne(String uniqueColumn, String value) {
        // Every authenticated request and every report asks this: plain JDBC on a kept statement.
        return database.query("SELECT " + COLUMNS + " FROM machines WHERE " + uniqueColumn + " = ?",
                statement -> statement.setString(1, value),
                SqliteDatabase.atMostOne(row -> map(row, null)));
    }

    @Override
    public List<Machine> findAll() {
        return database.read(handle -> handle.createQuery("SELECT " + COLUMNS + " FROM machines ORDER BY id")
                .map(this::map)
                .list());
    }

    @Override
    public void recordActiveSession(MachineId id, SessionKey key, Instant at) {
        String since = Timestamps.format(at);
        database.write(handle -> updateActiveSession(handle, id, key, since));
    }

    /** The stage completes on the writer thread once the change is committed (GroupCommitWriter#writeAsync). */
    @Override
    public CompletionStage<Void> recordActiveSessionAsync(MachineId id, SessionKey key, Instant at) {
        String since = Timestamps.format(at);
        return database.writeAsync(handle -> updateActiveSession(handle, id, key, since)).thenApply(rows -> null);
    }

    /**
     * The dashboard's reports: plain JDBC on the writer's kept statement, as for webhooks
     * (PlainWrites); {@code since} is formatted by the caller, off the one writer thread.
     */
    private int updateActiveSession(Handle handle, MachineId id, SessionKey key, String since) {
        String sql = "UPDATE machines SET last_session_key = ?, last_session_at = ? WHERE id = ?";
        try {
            PreparedStatement statement = database.prepared(handle, sql);
            statement.setString(1, key.value());
            statement.setString(2, since);
            statement.setString(3, id.value());
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw SqliteDatabase.failedWrite(sql, e);
        }
    }

    private Machine map(ResultSet row, StatementContext context) throws SQLException {
        MachineRow raw = new MachineRow(row.getString(1), row.getString(2), row.getString(3), row.getString(4),
                row.getString(5), row.getString(6), row.getString(7), row.getString(8), row.getString(9),
                row.getString(10), row.getInt(11) == 1);
        // Every request reads its machine; building one (URI parse, key and token checks, decryption)
        // cost more than the query. A row read again with exactly the same columns gives the same
        // immutable Machine, so it is reused; any change to the row is a different key.
        Machine known = parsed.get(raw);
        if (known != null) {
            return known;
        }
        Machine machine = raw.toMachine(secrets);
        if (parsed.size() >= MAX_PARSED) {
            parsed.clear();
        }
        parsed.put(raw, machine);
        return machine;
    }

    /** A machines row as stored, before anything is parsed or decrypted. */
    private record MachineRow(String id, String userId, String appUrl, String gatewayToken, String hookToken,
            String hooksPath, String allowedAgentIds, String route, String lastSessionKey, String websocketPath,
            boolean fileServer) {
        Machine toMachine(StoredSecrets secrets) {
            Set<String> agents = Arrays.stream(allowedAgentIds.split(","))
                    .filter(agent -> !agent.isEmpty())
                    .collect(Collectors.toUnmodifiableSet());
            return new Machine(
                    new MachineId(id),
                    new UserId(userId),
                    URI.create(appUrl),
                    new Secret(secrets.read(StoredSecrets.MACHINE_GATEWAY_TOKEN, gatewayToken)),
                    new Secret(secrets.read(StoredSecrets.MACHINE_HOOK_TOKEN, hookToken)),
                    hooksPath,
                    agents,
                    NotifierRoute.fromWireName(route),
                    Optional.ofNullable(lastSessionKey).map(SessionKey::new),
                    websocketPath,
                    fileServer);
        }
    }
}
