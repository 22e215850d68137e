package dev.ringback.adapters.persistence;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Handle;

/**
 * Brings a database to the newest schema this build knows, one versioned script at a time, each
 * in its own transaction together with its row in {@code schema_version}. A database written by a
 * newer build is refused rather than guessed at.
 *
 * <p>Scripts are listed here rather than discovered on the classpath: listing a directory inside
 * a jar is unreliable, and a list makes the order explicit. A test checks the list against the
 * files.
 */
final class SchemaMigrations {
    static final String LOCATION = "db/migration/";
    static final List<String> SCRIPTS = List.of("V1__initial_schema.sql", "V2__call_reservations.sql",
            "V3__machine_websocket_path.sql", "V4__placement_keys.sql", "V5__delivery_claim_index.sql",
            "V6__calls_in_flight_index.sql", "V7__call_texts.sql");

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
            if (version != parsed.size() + 1) {
                throw new IllegalArgumentException("migration versions must run 1, 2, 3, ... without gaps: " + name);
            }
            parsed.add(new Migration(version, matcher.group(2).replace('_', ' '), location + name));
        }
        this.migrations = List.copyOf(parsed);
    }

    static SchemaMigrations standard() {
        return new SchemaMigrations(LOCATION, SCRIPTS);
    }

    int latestVersion() {
        return migrations.size();
    }

    /** Applies what is missing and returns the version the database is at afterwards. */
    int migrate(SqliteDatabase database) {
        database.write(handle -> {
            handle.execute("CREATE TABLE IF NOT EXISTS schema_version ("
                    + " version INTEGER PRIMARY KEY,"
                    + " description TEXT NOT NULL,"
                    + " applied_at TEXT NOT NULL) STRICT");
            return null;
        });
        int found = database.read(SchemaMigrations::currentVersion);
        if (found > latestVersion()) {
            throw new IllegalStateException("the database is at schema version " + found
                    + ", newer than the " + latestVersion() + " this Ringback knows; refusing to start");
        }
        for (Migration migration : migrations) {
            database.write(handle -> apply(handle, migration));
        }
        return database.read(SchemaMigrations::currentVersion);
    }

    private Void apply(Handle handle, Migration migration) {
        // Checked again inside the write transaction: another process may have migrated meanwhile.
        if (currentVersion(handle) >= migration.version()) {
            return null;
        }
        handle.createScript(load(migration.resource())).execute();
        handle.createUpdate("INSERT INTO schema_version (version, description, applied_at)"
                        + " VALUES (:version, :description, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))")
                .bind("version", migration.version())
                .bind("description", migration.description())
                .execute();
        LOG.log(Level.INFO, "applied schema migration {0}: {1}", migration.version(), migration.description());
        return null;
    }

    static int currentVersion(Handle handle) {
        return handle.createQuery("SELECT COALESCE(MAX(version), 0) FROM schema_version")
                .mapTo(Integer.class)
                .one();
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
