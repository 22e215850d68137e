package dev.ringback.adapters.persistence;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Tells whether a process that had the database open ended without closing it (killed, crashed,
 * or the machine lost power), and if so puts the deliveries it may have been sending in doubt.
 *
 * <p>Why: a delivery's claim commits without an fsync of its own (a lease is cheap to lose, see
 * {@link GroupCommitWriter}). In a power cut after a first attempt reached the gateway but before
 * its result was committed, the claim is lost with the result, and the delivery reads as never
 * tried: it would be sent again without the look at the conversation's history that a resend
 * gets, and a gateway that forgot its idempotency key by then (it keeps them minutes) would run
 * the notification twice. After such a stop, the first deliveries of each machine that were never
 * tried are restored as lapsed claims, so they are sent as resends. Only those: one process
 * sends a machine's deliveries one run at a time, in due order, so at most the first run of each
 * machine can have been in flight unrecorded.
 *
 * <p>How a stop is told: every process that opens the database holds a lock on a file of its own
 * in {@code <database>-runs/} and deletes it when it closes. The kernel drops a lock with its
 * process, however that ends, so a file found there that nobody holds is a process that did not
 * close the database.
 *
 * <p>The same markers keep a restore or a key rotation and a server apart: such work holds an
 * exclusive marker ({@link #exclusive}), taken only while no other marker is held, and every
 * open refuses while one is held by somebody else.
 */
final class UncleanStops implements AutoCloseable {
    /**
     * Deliveries per machine put in doubt after an unclean stop: at least two of the longest runs a
     * worker claims, since one is sent while the results of the one before it commit
     * ({@code DeliveryWorker.RUN} in the standalone server, checked by a test there).
     */
    static final int PER_MACHINE = 256;

    private static final String MARKER_PREFIX = "run-";
    /** A process that has the database to itself ({@link #exclusive}); counted as a run marker too. */
    private static final String EXCLUSIVE_PREFIX = "exclusive-";
    /** A marker being made: locked before it is given its name, so no file named as a marker is ever unheld by a live process. */
    private static final String STARTING_PREFIX = "starting-";
    private static final String IN_DOUBT = "UPDATE deliveries SET lease_until = next_attempt_at WHERE id IN ("
            + " SELECT id FROM (SELECT id, ROW_NUMBER() OVER (PARTITION BY machine_id ORDER BY next_attempt_at, id) AS nth"
            + " FROM deliveries WHERE state = 'pending' AND attempts = 0 AND lease_until IS NULL)"
            + " WHERE nth <= " + PER_MACHINE + ")";
    /**
     * Claims whose lease still runs, made lapsed: after {@code next_attempt_at} (when the delivery
     * fell due, before its claim), so they are claimable at once and read as lapsed claims.
     */
    private static final String ORPHANED_LEASES = "UPDATE deliveries SET lease_until = next_attempt_at"
            + " WHERE state = 'pending' AND lease_until > next_attempt_at";
    private static final System.Logger LOG = System.getLogger(UncleanStops.class.getName());
    /**
     * The markers this JVM holds, never opened by its own look for orphans: closing any channel to
     * a file drops every lock the process holds on it (POSIX), so a host that opens the database
     * twice would otherwise unlock its first marker with its second start.
     */
    private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();
    /** A process starting beside this one may take a marker being made for an orphan and delete it: try again. */
    private static final int MARK_ATTEMPTS = 3;

    private final Path marker;
    private final FileChannel channel;
    private final FileLock lock;
    private final AtomicBoolean closed = new AtomicBoolean();

    private UncleanStops(Path marker, FileChannel channel, FileLock lock) {
        this.marker = marker;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Marks this process's use of {@code databaseFile} until {@link #close}, before the file is
     * opened. Refused while another process has the file to itself ({@link #exclusive}: a restore,
     * a new secret key), unless that is {@code own}, the caller's. Empty when the folder beside the
     * database cannot be used (a read-only directory): stops then go untold, and the operator is
     * warned.
     *
     * <p>Marked first and looked second, as {@link #exclusive} does the same the other way round:
     * of a start and a restore begun together, at least one sees the other.
     */
    static Optional<UncleanStops> enter(Path databaseFile, Optional<UncleanStops> own) {
        Path runs = runsFolder(databaseFile);
        UncleanStops entered;
        try {
            PrivateFiles.createFolder(runs);
            entered = mark(runs, MARKER_PREFIX);
        } catch (IOException | RuntimeException e) {
            return untold(runs, e);
        }
        Optional<String> holder;
        try {
            holder = exclusiveHolder(runs, own.map(held -> held.marker));
        } catch (IOException e) {
            entered.close();
            throw new UncheckedIOException("cannot read " + runs + " to tell whether the database is being restored", e);
        } catch (RuntimeException e) {
            entered.close();
            throw e;
        }
        if (holder.isPresent()) {
            entered.close();
            throw new IllegalStateException("process " + holder.get() + " has " + databaseFile.toAbsolutePath()
                    + " to itself (a restore or a new secret key): start again once it has finished");
        }
        return Optional.of(entered);
    }

    /**
     * Looks for processes that did not close the database and puts in doubt what they may have
     * been sending. A failure to write the doubt fails the open; one to read the folder is warned of.
     */
    void settleEarlierStops(SqliteDatabase database) {
        Path runs = marker.getParent();
        List<Orphan> orphans;
        try {
            orphans = orphans(runs);
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "cannot look in {0} for processes that did not close the database ({1}): after"
                    + " a crash, deliveries that may have reached their machine are sent without a look at the"
                    + " conversation''s history", runs, e.getMessage());
            return;
        }
        try {
            if (!orphans.isEmpty()) {
                // A failure here fails the open: sending those deliveries unchecked is what this is against.
                int inDoubt = database.writeStatement(IN_DOUBT);
                LOG.log(Level.WARNING, "the database was last left open by a process that did not close it (killed,"
                        + " crashed or a power cut): {0} deliveries never tried are sent as resends, after a look at"
                        + " the conversation''s history", inDoubt);
            }
            // Only once the doubt is committed: a start that failed before it leaves them for the next.
            orphans.forEach(Orphan::delete);
        } finally {
            orphans.forEach(Orphan::release);
        }
        if (!orphans.isEmpty()) {
            // Once the dead markers are gone: held by this process until then, they read as live ones.
            releaseOrphanedLeases(database);
        }
    }

    /**
     * After an unclean stop, with no other process on the file, every lease still running was
     * taken by the process that is gone (killed mid-send): its deliveries would wait out the lease
     * (two minutes by default) for nothing. They are made lapsed claims, sent
     * now as resends, after a look at the conversation's history. With another process on the
     * file its leases may be live: left to run out.
     */
    private void releaseOrphanedLeases(SqliteDatabase database) {
        try {
            if (inUseIn(marker.getParent(), marker)) {
                return;
            }
        } catch (UncheckedIOException unreadable) {
            return; // cannot tell who else is here: the leases run out as before
        }
        int released;
        try {
            released = database.writeStatement(ORPHANED_LEASES);
        } catch (RuntimeException e) {
            // Only a speed-up: the leases run out as before.
            LOG.log(Level.WARNING, "cannot hand back the claims of the process that did not close the database ({0}):"
                    + " its deliveries go when their claims run out", e.getClass().getSimpleName());
            return;
        }
        if (released > 0) {
            LOG.log(Level.INFO, "{0} deliveries claimed by a process that has gone are sent now, after a look at the"
                    + " conversation''s history, instead of when their claims run out", released);
        }
    }

    /**
     * The database to this process alone, until {@link #close}: for work a serving process must not
     * run beside (a restore, a new secret key). Refused, saying {@code why}, while another process
     * has the file open; while it is held, every other open of the file is refused ({@link #enter}).
     */
    static UncleanStops exclusive(Path databaseFile, String why) {
        Path runs = runsFolder(databaseFile);
        UncleanStops held;
        try {
            PrivateFiles.createFolder(runs);
            held = mark(runs, EXCLUSIVE_PREFIX);
        } catch (IOException e) {
            throw new MaintenanceException("cannot keep a marker in " + runs + " (" + FileFailures.describe(e)
                    + "), which keeps a server from starting meanwhile: " + why, e);
        }
        try {
            if (inUseIn(runs, held.marker)) {
                throw new MaintenanceException("a process has " + databaseFile + " open (a running server?): stop it first; "
                        + why);
            }
            return held;
        } catch (RuntimeException e) {
            held.close();
            throw e;
        }
    }

    /**
     * The process id in the name of a live exclusive marker other than {@code own}; a dead
     * process's one (a restore killed half-way: SQLite rolled its copy back) is deleted.
     */
    private static Optional<String> exclusiveHolder(Path runs, Optional<Path> own) throws IOException {
        try (DirectoryStream<Path> markers = Files.newDirectoryStream(runs, EXCLUSIVE_PREFIX + "*")) {
            for (Path found : markers) {
                Path absolute = found.toAbsolutePath().normalize();
                if (own.filter(absolute::equals).isPresent()) {
                    continue;
                }
                if (HELD.contains(absolute)) {
                    return Optional.of(pidOf(found));
                }
                Optional<Orphan> orphan = Orphan.lockIfOrphan(found);
                if (orphan.isPresent()) {
                    orphan.get().delete();
                    orphan.get().release();
                } else if (Files.exists(found)) {
                    return Optional.of(pidOf(found));
                }
            }
        }
        return Optional.empty();
    }

    private static String pidOf(Path marker) {
        String name = marker.getFileName().toString().substring(EXCLUSIVE_PREFIX.length());
        int dash = name.indexOf('-');
        return dash > 0 ? name.substring(0, dash) : "?";
    }

    private static Optional<UncleanStops> untold(Path runs, Exception e) {
        LOG.log(Level.WARNING, "cannot keep a run marker in {0} ({1}): a crash of this process will not be noticed"
                + " at the next start", runs, e.getMessage());
        return Optional.empty();
    }

    /**
     * Whether a process has the database of the markers' folder {@code runs} open now (this one
     * included) other than through {@code except}: a marker there that somebody holds, or one being
     * made. Markers nobody holds are left for the next open to count.
     */
    private static boolean inUseIn(Path runs, Path except) {
        try (DirectoryStream<Path> markers = Files.newDirectoryStream(runs)) {
            for (Path found : markers) {
                String name = found.getFileName().toString();
                Path absolute = found.toAbsolutePath().normalize();
                if (absolute.equals(except) || !(name.startsWith(MARKER_PREFIX) || name.startsWith(STARTING_PREFIX)
                        || name.startsWith(EXCLUSIVE_PREFIX))) {
                    continue;
                }
                if (HELD.contains(absolute)) {
                    return true;
                }
                Optional<Orphan> orphan = Orphan.lockIfOrphan(found);
                if (orphan.isEmpty() && Files.exists(found)) {
                    return true;
                }
                orphan.ifPresent(Orphan::release);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + runs + " to tell whether the database is in use", e);
        }
        return false;
    }

    static Path runsFolder(Path databaseFile) {
        Path file = databaseFile.toAbsolutePath();
        return file.resolveSibling(file.getFileName() + "-runs");
    }

    /**
     * The markers nobody holds, locked by this process until they are deleted or released, so that
     * a process starting beside this one cannot count them too. A process that died while making its
     * marker had not begun anything: its half-made one is deleted without being counted.
     */
    private static List<Orphan> orphans(Path runs) throws IOException {
        List<Orphan> orphans = new ArrayList<>();
        try (DirectoryStream<Path> markers = Files.newDirectoryStream(runs)) {
            for (Path found : markers) {
                if (HELD.contains(found.toAbsolutePath().normalize())) {
                    continue;
                }
                String name = found.getFileName().toString();
                if (name.startsWith(MARKER_PREFIX)) {
                    Orphan.lockIfOrphan(found).ifPresent(orphans::add);
                } else if (name.startsWith(STARTING_PREFIX)) {
                    Orphan.lockIfOrphan(found).ifPresent(halfMade -> {
                        halfMade.delete();
                        halfMade.release();
                    });
                }
            }
        } catch (IOException | RuntimeException e) {
            orphans.forEach(Orphan::release);
            throw e;
        }
        return orphans;
    }

    /** A marker whose process is gone, locked by this one. */
    private record Orphan(Path path, FileChannel channel) {
        static Optional<Orphan> lockIfOrphan(Path found) {
            FileChannel channel;
            try {
                channel = FileChannel.open(found, StandardOpenOption.WRITE);
            } catch (IOException gone) {
                return Optional.empty(); // closed and deleted by its process meanwhile
            }
            try {
                if (channel.tryLock() != null) {
                    return Optional.of(new Orphan(found, channel));
                }
            } catch (OverlappingFileLockException | IOException notOurs) {
                // held in this JVM (another class loader), or not lockable: not an orphan to count
            }
            close(channel);
            return Optional.empty(); // another process has it open
        }

        void delete() {
            try {
                Files.deleteIfExists(path);
            } catch (IOException e) {
                LOG.log(Level.WARNING, "cannot remove the orphaned run marker {0} ({1}): the next start will count it"
                        + " again", path, e.getMessage());
            }
        }

        void release() {
            close(channel);
        }

        private static void close(FileChannel channel) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // Closing releases the lock whatever happens; nothing is left to undo.
            }
        }
    }

    private static UncleanStops mark(Path runs, String prefix) throws IOException {
        for (int attempt = 1; ; attempt++) {
            try {
                return markOnce(runs, prefix);
            } catch (NoSuchFileException takenForAnOrphan) {
                if (attempt == MARK_ATTEMPTS) {
                    throw takenForAnOrphan;
                }
            }
        }
    }

    private static UncleanStops markOnce(Path runs, String prefix) throws IOException {
        String name = ProcessHandle.current().pid() + "-" + UUID.randomUUID();
        Path starting = runs.resolve(STARTING_PREFIX + name).toAbsolutePath().normalize();
        Path marker = runs.resolve(prefix + name).toAbsolutePath().normalize();
        HELD.add(starting);
        HELD.add(marker);
        FileChannel channel = FileChannel.open(starting, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        try {
            FileLock lock = channel.lock();
            // The lock is on the file, not its name: it holds across the rename.
            Files.move(starting, marker, StandardCopyOption.ATOMIC_MOVE);
            HELD.remove(starting);
            channel.force(true);
            // The marker's name must be on disk before anything it stands for can be lost in a power cut.
            syncFolder(runs);
            return new UncleanStops(marker, channel, lock);
        } catch (IOException | RuntimeException e) {
            channel.close();
            Files.deleteIfExists(starting);
            Files.deleteIfExists(marker);
            HELD.remove(starting);
            HELD.remove(marker);
            throw e;
        }
    }

    /** Puts the names in {@code folder} on disk, where the file system can; a file in it is synced on its own. */
    static void syncFolder(Path folder) {
        try (FileChannel directory = FileChannel.open(folder, StandardOpenOption.READ)) {
            directory.force(true);
        } catch (IOException notSupported) {
            // Some file systems cannot sync a directory; what was written is still there for a crash.
        }
    }

    /** This process closed the database: its marker goes. Once: a second close has nothing left to remove. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            Files.deleteIfExists(marker);
            lock.release();
            channel.close();
            HELD.remove(marker);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot remove the run marker {0} ({1}): the next start will take this stop for"
                    + " an unclean one", marker, e.getMessage());
        }
    }

    /**
     * Lets go of the marker and leaves it in place, as a process that was killed would: the next
     * start takes this stop for an unclean one, and the claims of attempts this process left
     * under way are free at once instead of when their leases run out.
     */
    void abandon() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot let go of the run marker {0} ({1}): it is let go when this process ends",
                    marker, e.getMessage());
        } finally {
            HELD.remove(marker);
        }
    }
}
