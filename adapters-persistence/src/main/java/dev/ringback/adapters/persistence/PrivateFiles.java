package dev.ringback.adapters.persistence;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * The database and its copies hold transcripts and phone numbers (and the machines' tokens, in
 * clear without {@code RINGBACK_SECRET_KEY}): the files Ringback makes for them are readable by
 * the operator's account alone. SQLite gives a database's {@code -wal} and {@code -shm} files the
 * database file's own permissions, so a database file made private before SQLite opens it keeps
 * those private too; SQLite left to create it would follow the umask (0644, usually).
 */
final class PrivateFiles {
    private static final System.Logger LOG = System.getLogger(PrivateFiles.class.getName());
    private static final Set<PosixFilePermission> SHARED = EnumSet.of(PosixFilePermission.GROUP_READ,
            PosixFilePermission.OTHERS_READ);

    private PrivateFiles() {}

    /** Creates {@code file} readable and writable by its owner alone; plainly where the file system has no POSIX permissions. */
    static void create(Path file) throws IOException {
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException notPosix) {
            Files.createFile(file);
        }
    }

    /**
     * Creates {@code folder} for its owner alone (0700) unless it exists, its parents as the umask
     * makes them; an existing folder is left as it is. For {@code <database>-runs/}: its markers
     * say which processes have the file open.
     */
    static void createFolder(Path folder) throws IOException {
        Path parent = folder.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try {
            Files.createDirectory(folder, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (UnsupportedOperationException notPosix) {
            Files.createDirectories(folder);
        } catch (FileAlreadyExistsException exists) {
            if (!Files.isDirectory(folder)) {
                throw exists;
            }
        }
    }

    /** Creates the database file privately unless it exists; whether it was created here. */
    static boolean createIfMissing(Path file) throws IOException {
        try {
            create(file);
            return true;
        } catch (FileAlreadyExistsException exists) {
            return false;
        }
    }

    /**
     * Warns when an existing database can be read by other accounts. Not changed here: the file's
     * permissions are the operator's (a group of their own may be meant to read it), the warning
     * says how.
     */
    static void warnIfShared(Path file) {
        Set<PosixFilePermission> permissions;
        try {
            permissions = Files.getPosixFilePermissions(file);
        } catch (IOException | UnsupportedOperationException unknown) {
            return; // no POSIX permissions to tell, or gone meanwhile: SQLite's open says so
        }
        if (permissions.stream().anyMatch(SHARED::contains)) {
            LOG.log(Level.WARNING, "the database {0} can be read by other accounts on this host ({1}), and it holds"
                    + " transcripts and phone numbers: make it readable by its owner alone with chmod 600 {0}",
                    file.toAbsolutePath().normalize(), PosixFilePermissions.toString(permissions));
        }
    }
}
