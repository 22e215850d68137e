package dev.ringback.adapters.persistence;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Brings a database to the newest schema this build knows, one versioned script at a time, each
 * in its own transaction together with its row in {@code schema_version}. A database written by a
 * newer build is refused rather than guessed at, and so is one that skipped a version this build
 * lists (versions increase but may leave a number out: a branch may be built before a version
 * reserved for another is merged).
 *
 * <p>A script whose first line is {@value #FOREIGN_KEYS_OFF} runs with foreign keys off, as
 * SQLite's procedure for rebuilding a table asks, and commits only if every foreign key is whole
 * afterwards ({@link SqliteDatabase#writeWithoutForeignKeys}). Any other runs on the writer, with
 * foreign keys enforced; a {@code PRAGMA foreign_keys} inside it would change nothing, since it runs
 * in a transaction.
 *
 * <p>Scripts are listed here rather than discovered on the classpath: listing a directory inside
 * a jar is unreliable, and a list makes the order explicit. A test checks the list against the
 * files.
 *
 * <p>Plain JDBC, not Jdbi: this runs on every start, and a start that never runs a Jdbi statement
 * is spared Jdbi's statement machinery until the first request that needs it (its SQL lexer, the
 * registration of its Flight Recorder event, its argument and mapper factories: about a third of
 * a start). SQLite splits each script into statements itself ({@link Statement#executeUpdate}
 * runs them all through {@code sqlite3_exec}).
 */
final class SchemaMigrations {
    static final String LOCATION = "db/migration/";
    static final List<String> SCRIPTS = List.of("V1__initial_schema.sql", "V2__call_reservations.sql",
            "V3__machine_websocket_path.sql", "V4__placement_keys.sql", "V5__delivery_claim_index.sql",
            "V6__calls_in_flight_index.sql", "V7__call_texts.sql", "V8__file_servers.sql",
            "V9__hosted_websocket_path.sql", "V10__withheld_callers.sql", "V11__dead_letter_revivals.sql",
            "V12__inbound_calls_without_machine.sql", "V13__placement_keys_expiry_index.sql");
    static final String FOREIGN_KEYS_OFF = "-- migration: foreign_keys=off";

    private static final String CREATE_VERSION_TABLE = "CREATE TABLE IF NOT EXISTS schema_version ("
            + " version INTEGER PRIMARY KEY,"
            + " description TEXT NOT NULL,"
            + " applied_at TEXT NOT NULL) STRICT";
    private static final String CURRENT_VERSION = "SELECT COALESCE(MAX(version), 0) FROM schema_version";
    private static final String IS_RECORDED = "SELECT COUNT(*) FROM schema_version WHERE version = ?";
    private static final String RECORD_VERSION = "INSERT INTO schema_version (version, description, applied_at)"
            + " VALUES (?, ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))";
    private static final System.Logger LOG = System.getLogger(SchemaMigrations.class.getName());
    private static final Pattern NAME = Pattern.compile("V([1-9][0-9]*)__([A-Za-z0-9_]+)\\.sql");

    private final List<Migration> migrations;

    record Migration(int version, String description, String resource) {}

    SchemaMigrations(String location, List<String> scriptNames) {
        List<Migration> parsed = new ArrayList<>();
        for (String name : scriptNames) {
            Matcher matcher = NAME.matcher(name);
            if (!matcher.matches()) {
                throw new IllegalArgumentException("migration script name must look like V<n>__<what>.sql: " + name);
            }
            int version = Integer.parseInt(matcher.group(1));
            int previous = parsed.isEmpty() ? 0 : parsed.get(parsed.size() - 1).version();
            if (parsed.isEmpty() ? version != 1 : version <= previous) {
                throw new IllegalArgumentException("migration versions must start at 1 and increase: " + name);
            }
            parsed.add(new Migration(version, matcher.group(2).replace('_', ' '), location + name));
        }
        this.migrations = List.copyOf(parsed);
    }

    static SchemaMigrations standard() {
        return new SchemaMigrations(LOCATION, SCRIPTS);
    }

    int latestVersion() {
        return migrations.isEmpty() ? 0 : migrations.get(migrations.size() - 1).version();
    }

    /** Applies what is missing and returns the version the database is at afterwards. */
    int migrate(SqliteDatabase database) {
        database.write(handle -> {
            execute(handle.getConnection(), CREATE_VERSION_TABLE);
            return null;
        });
        int found = currentVersion(database);
        if (found > latestVersion()) {
            throw new IllegalStateException("the database is at schema version " + found
                    + ", newer than the " + latestVersion() + " this Ringback knows; refusing to start");
        }
        for (Migration migration : migrations) {
            // Read only when it may have to run: most starts apply nothing.
            String script = migration.version() > found ? load(migration.resource()) : null;
            if (script != null && script.startsWith(FOREIGN_KEYS_OFF)) {
                database.writeWithoutForeignKeys(connection -> apply(connection, migration, script));
            } else {
                database.write(handle -> apply(handle.getConnection(), migration, script));
            }
        }
        return currentVersion(database);
    }

    /** {@code script} is the migration's, or null when it was thought applied already. */
    private Void apply(Connection connection, Migration migration, String script) {
        // Checked again inside the write transaction: another process may have migrated meanwhile.
        int current = currentVersion(connection);
        if (current >= migration.version()) {
            if (!isRecorded(connection, migration.version())) {
                // Built from a branch before this version was merged: what it would have done is missing.
                throw new IllegalStateException("the database is at schema version " + current + " but never applied"
                        + " version " + migration.version() + " (" + migration.description() + "); refusing to start");
            }
            return null;
        }
        try (Statement statements = connection.createStatement();
                PreparedStatement recorded = connection.prepareStatement(RECORD_VERSION)) {
            statements.executeUpdate(script != null ? script : load(migration.resource()));
            recorded.setInt(1, migration.version());
            recorded.setString(2, migration.description());
            recorded.executeUpdate();
        } catch (SQLException e) {
            // The write job is undone: none of the script's statements stay.
            throw new IllegalStateException("schema migration " + migration.version() + " (" + migration.description()
                    + ") failed: " + e.getMessage(), e);
        }
        LOG.log(Level.INFO, "applied schema migration {0}: {1}", migration.version(), migration.description());
        return null;
    }

    private static void execute(Connection connection, String sql) {
        try (Statement statement = connection.createStatement()) {
            statement.executeUpdate(sql);
        } catch (SQLException e) {
            throw SqliteDatabase.failedWrite(sql, e);
        }
    }

    static int currentVersion(SqliteDatabase database) {
        return database.query(CURRENT_VERSION, statement -> {}, SchemaMigrations::version);
    }

    private static int currentVersion(Connection connection) {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(CURRENT_VERSION)) {
            return version(rows);
        } catch (SQLException e) {
            throw SqliteDatabase.failedWrite(CURRENT_VERSION, e);
        }
    }

    private static boolean isRecorded(Connection connection, int version) {
        try (PreparedStatement statement = connection.prepareStatement(IS_RECORDED)) {
            statement.setInt(1, version);
            try (ResultSet rows = statement.executeQuery()) {
                return version(rows) > 0;
            }
        } catch (SQLException e) {
            throw SqliteDatabase.failedWrite(IS_RECORDED, e);
        }
    }

    private static int version(ResultSet rows) throws SQLException {
        rows.next();
        return rows.getInt(1);
    }

    private static String load(String resource) {
        InputStream found = SchemaMigrations.class.getClassLoader().getResourceAsStream(resource);
        if (found == null) {
            throw new IllegalStateException("migration script missing from the classpath: " + resource);
        }
        try (InputStream in = found) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read migration script " + resource, e);
        }
    }
}
