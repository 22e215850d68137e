package dev.ringback.adapters.persistence;

import dev.ringback.application.port.out.CallRepository;
import dev.ringback.application.port.out.DashboardTokenRepository;
import dev.ringback.application.port.out.DeliveryRepository;
import dev.ringback.application.port.out.MachineRepository;
import dev.ringback.application.port.out.PlacementKeyStore;
import dev.ringback.application.port.out.StoreActivity;
import dev.ringback.application.port.out.UnitOfWork;
import dev.ringback.application.port.out.UserRepository;
import dev.ringback.domain.account.UserId;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Consumer;
import org.jdbi.v3.core.Jdbi;

/**
 * Ringback's store on one SQLite file: opening it brings the schema up to date, then hands out
 * the repositories. For hosts that embed Ringback without Dagger; {@link PersistenceModule} wraps
 * the same thing for the Dagger graph. Close it when the host stops.
 */
public final class SqlitePersistence implements AutoCloseable {
    /**
     * After a process that had the file open ended without closing it (killed, crashed, a power
     * cut), this many of each machine's never-tried deliveries are sent as resends, after a look
     * at the conversation's history: their claims and a first attempt's result may have been lost.
     * A worker must not claim runs longer than this.
     */
    public static final int IN_DOUBT_PER_MACHINE_AFTER_UNCLEAN_STOP = UncleanStops.PER_MACHINE;

    private static final System.Logger LOG = System.getLogger(SqlitePersistence.class.getName());

    private final SqliteDatabase database;
    private final UserRepository users;
    private final MachineRepository machines;
    private final DashboardTokenRepository dashboardTokens;
    private final CallRepository calls;
    private final DeliveryRepository deliveries;
    private final PlacementKeyStore placementKeys;
    private final Optional<UncleanStops> run;

    private SqlitePersistence(SqliteDatabase database, StoredSecrets secrets, Optional<UncleanStops> run) {
        this.database = database;
        this.run = run;
        this.users = new JdbiUserRepository(database);
        this.machines = new JdbiMachineRepository(database, secrets);
        this.dashboardTokens = new JdbiDashboardTokenRepository(database);
        this.calls = new JdbiCallRepository(database);
        this.deliveries = new JdbiDeliveryRepository(database);
        this.placementKeys = new JdbiPlacementKeyStore(database);
    }

    /**
     * Opens (creating if needed) the database file and applies missing schema migrations.
     *
     * @throws IllegalStateException if the file cannot be opened (a folder, say) or was written by a newer schema,
     *     holds encrypted secrets that the configured key (or its absence) cannot open, or is being
     *     restored or given a new secret key by another process
     */
    public static SqlitePersistence open(PersistenceSettings settings) {
        return open(settings, SchemaMigrations.standard());
    }

    static SqlitePersistence open(PersistenceSettings settings, SchemaMigrations migrations) {
        return open(settings, migrations, jdbi -> {});
    }

    /**
     * {@code configure} sees the Jdbi before anything runs on it. Opening runs no Jdbi statement
     * (see {@link SchemaMigrations}): a test holds it to that.
     */
    static SqlitePersistence open(PersistenceSettings settings, SchemaMigrations migrations, Consumer<Jdbi> configure) {
        return open(settings, migrations, configure, Optional.empty());
    }

    /** Opened by the work that holds the file to itself, {@code exclusive} (a key rotation), which a plain open would refuse. */
    static SqlitePersistence openHolding(PersistenceSettings settings, UncleanStops exclusive) {
        return open(settings, SchemaMigrations.standard(), jdbi -> {}, Optional.of(exclusive));
    }

    private static SqlitePersistence open(PersistenceSettings settings, SchemaMigrations migrations,
            Consumer<Jdbi> configure, Optional<UncleanStops> exclusive) {
        FileFailures.folderAsDatabase(settings.databaseFile()).ifPresent(refusal -> {
            throw new IllegalStateException(refusal);
        });
        // Before the file is touched: a restore begun meanwhile must not be written over by migrations.
        Optional<UncleanStops> run = UncleanStops.enter(settings.databaseFile(), exclusive);
        SqliteDatabase database;
        try {
            database = SqliteDatabase.open(settings, configure);
        } catch (RuntimeException e) {
            run.ifPresent(UncleanStops::close);
            throw e;
        }
        try {
            int version = migrations.migrate(database);
            LOG.log(Level.INFO, "database {0} open at schema version {1}", settings.databaseFile(), version);
            StoredSecrets secrets = new StoredSecrets(settings.secretCipher());
            SecretsAtRest.apply(database, secrets);
            // Before anything can claim a delivery: what a process that did not close the file may have sent is in doubt.
            run.ifPresent(marker -> marker.settleEarlierStops(database));
            return new SqlitePersistence(database, secrets, run);
        } catch (RuntimeException e) {
            database.close();
            run.ifPresent(UncleanStops::close);
            throw e;
        }
    }

    public UserRepository users() {
        return users;
    }

    public MachineRepository machines() {
        return machines;
    }

    public DashboardTokenRepository dashboardTokens() {
        return dashboardTokens;
    }

    public CallRepository calls() {
        return calls;
    }

    public DeliveryRepository deliveries() {
        return deliveries;
    }

    public PlacementKeyStore placementKeys() {
        return placementKeys;
    }

    /** Units of work over these repositories: each one job of the database's one writer. */
    public UnitOfWork unitOfWork() {
        return database::unitOfWork;
    }

    /** How the database's one writer has spent its time since it opened (see {@link StoreActivity}). */
    public StoreActivity activity() {
        return database.activity();
    }

    /**
     * Writes a consistent copy of the database, as of one moment, to {@code target}, a new file
     * readable by its owner alone; safe while the server runs. Restore it with {@link #restore}.
     *
     * @throws MaintenanceException if {@code target} exists or the copy cannot be written; no
     *     file is left under its name then
     */
    public BackupReport backupTo(Path target) {
        return DatabaseCopies.backup(database, target);
    }

    /**
     * Replaces the contents of {@code settings}' database (created if missing) with a backup's,
     * brought up to this Ringback's schema; every delivery it still owes is sent as a resend, after
     * a look at the conversation's history, since it may have been delivered after the backup.
     * Refused while a process has the database open.
     *
     * @throws MaintenanceException if refused or if the backup is not a sound Ringback database;
     *     the database is left as it was then
     */
    public static RestoreReport restore(PersistenceSettings settings, Path backup) {
        return DatabaseCopies.restore(settings, backup);
    }

    /**
     * Seals the machines' stored tokens with {@code next} instead of the key in {@code settings}
     * (or instead of clear text, without one), in one transaction; returns how many values were
     * sealed. Refused while a process has the database open. Backups taken before keep the old key.
     *
     * @throws SecretCipher.KeyMismatchException if the stored values do not open with the key in {@code settings}
     * @throws MaintenanceException if refused; nothing was changed then
     */
    public static int rotateSecretKey(PersistenceSettings settings, SecretCipher next) {
        return SecretKeyRotation.rotate(settings, next);
    }

    /**
     * Deletes the user and everything held of them (calls and their words, deliveries, machine,
     * tokens, Idempotency-Keys), in one transaction; safe while the server runs.
     *
     * @throws MaintenanceException if there is no such user; nothing was deleted then
     */
    public ErasureReport forgetUser(UserId user) {
        return UserErasure.erase(database, user);
    }

    /** Whether the database answers a trivial query now; false once closed. */
    public boolean isHealthy() {
        return database.isHealthy();
    }

    SqliteDatabase database() {
        return database;
    }

    /** Closes the database, then says this process stopped cleanly (see {@link #IN_DOUBT_PER_MACHINE_AFTER_UNCLEAN_STOP}). */
    @Override
    public void close() {
        database.close();
        run.ifPresent(UncleanStops::close);
    }

    /**
     * Closes the database when deliveries are still being sent and will not be recorded: the
     * stop is told as an unclean one, so the next start sends those deliveries again at once (as
     * resends, after a look at the conversation) instead of after their leases run out.
     */
    public void closeWithAttemptsUnderWay() {
        database.close();
        run.ifPresent(UncleanStops::abandon);
    }
}
