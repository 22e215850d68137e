package dev.ringback.adapters.persistence;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.sqlite.SQLiteDataSource;

/**
 * Backups of the database while it is in use, and restores of them while it is not.
 *
 * <p>Why not {@code cp}: a copy of the file alone misses what is still in its write-ahead log, and a
 * copy taken while the server commits can be torn. {@code VACUUM INTO} writes one read
 * transaction's snapshot to a new file, compacted, without holding the writer up.
 *
 * <p>Either command writes its result under a name of its own beside the destination, checks it,
 * syncs it and only then puts it in place: an interrupted backup leaves no file that looks like
 * one, and an interrupted restore leaves the database as it was.
 */
final class DatabaseCopies {
    /**
     * Every delivery still owed by a restored database may have reached its machine after the
     * backup was taken: all of them are sent as resends, after a look at the conversation's
     * history (as after an unclean stop, see {@link UncleanStops}, but for every machine's whole
     * backlog). Those with an attempt recorded or a claim held are resends already.
     */
    private static final String ALL_IN_DOUBT = "UPDATE deliveries SET lease_until = next_attempt_at"
            + " WHERE state = 'pending' AND attempts = 0 AND lease_until IS NULL";
    private static final String SCHEMA_VERSION = "SELECT COALESCE(MAX(version), 0) FROM schema_version";

    private DatabaseCopies() {}

    static BackupReport backup(SqliteDatabase database, Path target) {
        Path destination = target.toAbsolutePath().normalize();
        requireNew(destination);
        Path partial = sibling(destination, ".partial-");
        try {
            PrivateFiles.create(partial);
            database.read(handle -> {
                try (PreparedStatement vacuum = handle.getConnection().prepareStatement("VACUUM INTO ?")) {
                    vacuum.setString(1, partial.toString());
                    vacuum.executeUpdate();
                    return null;
                } catch (SQLException e) {
                    throw new MaintenanceException("cannot write the backup: " + e.getMessage(), e);
                }
            });
            int version = check(partial, "the backup just written");
            sync(partial);
            try {
                // Not REPLACE_EXISTING: a file that appeared under that name meanwhile is not ours to overwrite.
                Files.move(partial, destination);
            } catch (FileAlreadyExistsException appeared) {
                throw new MaintenanceException(destination + " exists: a backup never overwrites a file, name a new one");
            }
            UncleanStops.syncFolder(destination.getParent());
            return new BackupReport(destination, Files.size(destination), version);
        } catch (IOException e) {
            throw new MaintenanceException("cannot write the backup " + destination + ": " + FileFailures.describe(e), e);
        } finally {
            deleteQuietly(partial);
        }
    }

    /**
     * Replaces the contents of {@code settings}' database with {@code backup}'s, brought up to this
     * Ringback's schema. Refused while a process has the database open.
     */
    static RestoreReport restore(PersistenceSettings settings, Path backup) {
        Path source = backup.toAbsolutePath().normalize();
        Path live = settings.databaseFile().toAbsolutePath().normalize();
        if (!Files.isRegularFile(source)) {
            throw new MaintenanceException("no backup at " + source);
        }
        if (source.equals(live)) {
            throw new MaintenanceException("the backup is the database itself: nothing to restore");
        }
        FileFailures.folderAsDatabase(live).ifPresent(refusal -> {
            throw new MaintenanceException(refusal);
        });
        Path prepared = sibling(live, ".restoring-");
        Path runs = UncleanStops.runsFolder(live);
        boolean hadRuns = Files.isDirectory(runs);
        boolean copiedIn = false;
        // Held to the end: a server starting meanwhile is refused instead of writing over the restore.
        try (UncleanStops alone = UncleanStops.exclusive(live,
                "a restore under a running server would be overwritten by its next writes")) {
            // The exclusive marker's folder, made beside the database, made its parent folders too.
            PrivateFiles.create(prepared);
            // Into the file made private above: Files.copy would give the copy the backup's own permissions.
            try (InputStream in = Files.newInputStream(source);
                    OutputStream out = Files.newOutputStream(prepared, StandardOpenOption.TRUNCATE_EXISTING)) {
                in.transferTo(out);
            }
            int backupVersion = check(prepared, "the backup " + source);
            int version;
            int inDoubt;
            // Migrated, checked against this host's secrets key and put in doubt while still aside:
            // a backup this Ringback cannot open is refused before the database is touched.
            try (SqlitePersistence restored = openAside(prepared, settings, source)) {
                version = SchemaMigrations.currentVersion(restored.database());
                inDoubt = restored.database().writeStatement(ALL_IN_DOUBT);
            }
            // A database made here is private, as the server's own open makes one (see PrivateFiles).
            PrivateFiles.createIfMissing(live);
            copyInto(prepared, live);
            copiedIn = true;
            return new RestoreReport(backupVersion, version, inDoubt);
        } catch (IOException e) {
            throw new MaintenanceException("cannot restore " + source + ": " + FileFailures.describe(e), e);
        } finally {
            deleteQuietly(prepared);
            deleteQuietly(Path.of(prepared + "-wal"));
            deleteQuietly(Path.of(prepared + "-shm"));
            deleteQuietly(UncleanStops.runsFolder(prepared));
            if (!copiedIn && !hadRuns) {
                // Made for this restore's marker alone, gone with it: a refused restore leaves nothing
                // behind. Only while empty: a process started since keeps its marker there.
                try {
                    Files.deleteIfExists(runs);
                } catch (IOException inUseOrUnreachable) {
                    // Left as it is: an empty folder, or one a new process uses.
                }
            }
        }
    }

    private static SqlitePersistence openAside(Path prepared, PersistenceSettings settings, Path source) {
        try {
            return SqlitePersistence.open(new PersistenceSettings(prepared, settings.synchronous(), settings.secretCipher()));
        } catch (IllegalStateException | UncheckedIOException e) {
            // A backup of a newer Ringback, say: refused in the migrations' own words.
            throw new MaintenanceException("this Ringback cannot open the backup " + source + ": " + e.getMessage(), e);
        }
    }

    /**
     * SQLite's online backup, from the prepared copy into the database: page by page inside the
     * destination's own locks and write-ahead log, so its log (a crashed server's, say) can never
     * be replayed over the restored pages, as it could be over a file moved into place.
     */
    private static void copyInto(Path prepared, Path live) {
        try (Connection connection = connect(live);
                Statement restore = connection.createStatement()) {
            restore.executeUpdate("restore from '" + prepared.toString().replace("'", "''") + "'");
        } catch (SQLException e) {
            throw new MaintenanceException("cannot write the restored pages into " + live + ": " + e.getMessage()
                    + " (the database is as it was)", e);
        }
        sync(live);
    }

    /** Whether {@code file} is a sound Ringback database; its schema version. */
    private static int check(Path file, String what) {
        try (Connection connection = connect(file);
                Statement statement = connection.createStatement()) {
            List<String> problems = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery("PRAGMA quick_check")) {
                while (rows.next()) {
                    problems.add(rows.getString(1));
                }
            }
            if (!problems.equals(List.of("ok"))) {
                throw new MaintenanceException(what + " is damaged: " + String.join("; ", problems));
            }
            try (ResultSet rows = statement.executeQuery(SCHEMA_VERSION)) {
                rows.next();
                return rows.getInt(1);
            } catch (SQLException noVersion) {
                throw new MaintenanceException(what + " is not a Ringback database (it has no schema version)");
            }
        } catch (SQLException e) {
            throw new MaintenanceException(what + " cannot be read as a database: " + e.getMessage(), e);
        }
    }

    /** A plain connection of its own, outside the database's pool and writer. */
    private static Connection connect(Path file) throws SQLException {
        NativeLibraryCache.install();
        SQLiteDataSource dataSource = new SQLiteDataSource();
        dataSource.setUrl("jdbc:sqlite:" + file);
        return dataSource.getConnection();
    }

    private static void requireNew(Path destination) {
        if (Files.exists(destination)) {
            throw new MaintenanceException(destination + " exists: a backup never overwrites a file, name a new one");
        }
        Path folder = destination.getParent();
        if (folder == null || !Files.isDirectory(folder)) {
            throw new MaintenanceException("no folder " + folder + " to write the backup in");
        }
    }

    private static Path sibling(Path file, String marker) {
        return file.resolveSibling("." + file.getFileName() + marker + UUID.randomUUID());
    }

    private static void sync(Path file) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.force(true);
        } catch (IOException e) {
            throw new MaintenanceException("cannot sync " + file + " to disk: " + FileFailures.describe(e), e);
        }
    }

    private static void deleteQuietly(Path path) {
        try {
            if (Files.isDirectory(path)) {
                try (var entries = Files.list(path)) {
                    for (Path entry : (Iterable<Path>) entries::iterator) {
                        Files.deleteIfExists(entry);
                    }
                }
            }
            Files.deleteIfExists(path);
        } catch (IOException ignored) {
            // A leftover under a dotted name of its own is untidy, not wrong: nothing reads it.
        }
    }
}
