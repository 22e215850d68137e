package dev.ringback.adapters.persistence;

import java.lang.System.Logger.Level;
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

    private record Row(String id, String gatewayToken, String hookToken) {}

    /** Returns how many values were sealed now. */
    static int apply(SqliteDatabase database, StoredSecrets secrets) {
        int sealed = database.write(handle -> {
            // Migrations other than the standard ones (tests) may have no machines table.
            if (handle.createQuery("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'machines'")
                    .mapTo(Integer.class).one() == 0) {
                return 0;
            }
            List<Row> rows = handle.createQuery("SELECT id, gateway_token, hook_token FROM machines")
                    .map((row, context) -> new Row(row.getString("id"), row.getString("gateway_token"), row.getString("hook_token")))
                    .list();
            int count = 0;
            for (Row row : rows) {
                // Reading proves the key (and the lack of one) before anything is written.
                String gateway = secrets.read(StoredSecrets.MACHINE_GATEWAY_TOKEN, row.gatewayToken());
                String hook = secrets.read(StoredSecrets.MACHINE_HOOK_TOKEN, row.hookToken());
                if (!secrets.encrypting()) {
                    continue;
                }
                boolean gatewayClear = !SecretCipher.isSealed(row.gatewayToken());
                boolean hookClear = !SecretCipher.isSealed(row.hookToken());
                if (gatewayClear || hookClear) {
                    handle.createUpdate("UPDATE machines SET gateway_token = :gateway, hook_token = :hook WHERE id = :id")
                            .bind("gateway", gatewayClear ? secrets.write(StoredSecrets.MACHINE_GATEWAY_TOKEN, gateway) : row.gatewayToken())
                            .bind("hook", hookClear ? secrets.write(StoredSecrets.MACHINE_HOOK_TOKEN, hook) : row.hookToken())
                            .bind("id", row.id())
                            .execute();
                    count += (gatewayClear ? 1 : 0) + (hookClear ? 1 : 0);
                }
            }
            return count;
        });
        if (!secrets.encrypting()) {
            LOG.log(Level.WARNING, "machine tokens are stored in clear in the database;"
                    + " set RINGBACK_SECRET_KEY (base64 of 32 random bytes) to encrypt them at rest");
        } else if (sealed > 0) {
            LOG.log(Level.INFO, "encrypted {0} stored secrets that were in clear", sealed);
        }
        return sealed;
    }
}
