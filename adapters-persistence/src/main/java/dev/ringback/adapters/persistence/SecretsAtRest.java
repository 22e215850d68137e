package dev.ringback.adapters.persistence;

import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The start-up pass over the secret columns: every sealed value must open with the configured
 * key (a wrong or missing key stops the start with a message that says so, rather than failing
 * on the first delivery), and with a key every value still in clear is sealed, in one
 * transaction. Without a key the operator is warned that secrets are stored in clear.
 */
final class SecretsAtRest {
    private static final System.Logger LOG = System.getLogger(SecretsAtRest.class.getName());

    private SecretsAtRest() {}

    /** A machine's two stored secrets, as stored (sealed or in clear). */
    record MachineTokens(String id, String gatewayToken, String hookToken) {}

    private static final String SELECT_TOKENS = "SELECT id, gateway_token, hook_token FROM machines";
    static final String UPDATE_TOKENS = "UPDATE machines SET gateway_token = ?, hook_token = ? WHERE id = ?";

    /** Returns how many values were sealed now. */
    static int apply(SqliteDatabase database, StoredSecrets secrets) {
        int sealed = database.write(handle -> {
            try {
                return apply(handle.getConnection(), secrets);
            } catch (SQLException e) {
                // SQLite's message names tables and columns, never the values.
                throw new IllegalStateException("the start-up pass over the machines' tokens failed: " + e.getMessage(), e);
            }
        });
        if (!secrets.encrypting()) {
            LOG.log(Level.WARNING, "machine tokens are stored in clear in the database;"
                    + " set RINGBACK_SECRET_KEY (base64 of 32 random bytes) to encrypt them at rest");
        } else if (sealed > 0) {
            LOG.log(Level.INFO, "encrypted {0} stored secrets that were in clear", sealed);
        }
        return sealed;
    }

    /** In plain JDBC, like the migrations before it: see {@link SchemaMigrations}. */
    private static int apply(Connection connection, StoredSecrets secrets) throws SQLException {
        // Migrations other than the standard ones (tests) may have no machines table.
        if (!hasMachinesTable(connection)) {
            return 0;
        }
        int count = 0;
        for (MachineTokens row : machineTokens(connection)) {
            // Reading proves the key (and the lack of one) before anything is written.
            String gateway = secrets.read(StoredSecrets.MACHINE_GATEWAY_TOKEN, row.gatewayToken());
            String hook = secrets.read(StoredSecrets.MACHINE_HOOK_TOKEN, row.hookToken());
            if (!secrets.encrypting()) {
                continue;
            }
            boolean gatewayClear = !SecretCipher.isSealed(row.gatewayToken());
            boolean hookClear = !SecretCipher.isSealed(row.hookToken());
            if (gatewayClear || hookClear) {
                store(connection, new MachineTokens(row.id(),
                        gatewayClear ? secrets.write(StoredSecrets.MACHINE_GATEWAY_TOKEN, gateway) : row.gatewayToken(),
                        hookClear ? secrets.write(StoredSecrets.MACHINE_HOOK_TOKEN, hook) : row.hookToken()));
                count += (gatewayClear ? 1 : 0) + (hookClear ? 1 : 0);
            }
        }
        return count;
    }

    /** Every machine's tokens as stored, read before any is written (a write would move the cursor's rows). */
    static List<MachineTokens> machineTokens(Connection connection) throws SQLException {
        List<MachineTokens> rows = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet found = statement.executeQuery(SELECT_TOKENS)) {
            while (found.next()) {
                rows.add(new MachineTokens(found.getString(1), found.getString(2), found.getString(3)));
            }
        }
        return rows;
    }

    static void store(Connection connection, MachineTokens tokens) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(UPDATE_TOKENS)) {
            update.setString(1, tokens.gatewayToken());
            update.setString(2, tokens.hookToken());
            update.setString(3, tokens.id());
            update.executeUpdate();
        }
    }

    private static boolean hasMachinesTable(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet found = statement.executeQuery(
                        "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'machines'")) {
            return found.next() && found.getInt(1) > 0;
        }
    }
}
