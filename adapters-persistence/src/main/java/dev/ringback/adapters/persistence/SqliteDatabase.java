package dev.ringback.adapters.persistence;

import dev.ringback.application.port.out.StoreActivity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.statement.StatementException;
import org.jdbi.v3.core.statement.StatementExceptions;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * One SQLite file, reached through Jdbi with a connection per operation.
 *
 * <p>SQLite admits one writer at a time. Rather than let threads of this process race for the
 * file lock (and meet {@code SQLITE_BUSY} when a read transaction tries to become a write one),
 * every write runs on one writer thread that commits concurrent writes together
 * ({@link GroupCommitWriter}); its transactions begin {@code IMMEDIATE} and the busy timeout is
 * left to cover other processes. Reads run concurrently beside the writer (WAL) on pooled
 * connections.
 */
final class SqliteDatabase implements AutoCloseable {
    static final int BUSY_TIMEOUT_MILLIS = 5_000;
    private static final int SQLITE_CONSTRAINT = 19;

    /** Nested writes inside a unit of work: each its own savepoint within the unit's job. */
    private static final String NESTED = "SAVEPOINT nested";
    private static final String NESTED_RELEASE = "RELEASE nested";
    private static final String NESTED_ROLLBACK = "ROLLBACK TO nested";

    /** The writer's handle while a unit of work runs on it (see {@link #unitOfWork}); unset everywhere else. */
    private final ThreadLocal<Handle> unitOfWork = new ThreadLocal<>();
    private final Jdbi jdbi;
    private final PooledConnections connections;
    private final GroupCommitWriter writer;
    /** Held open for the database's lifetime so the WAL index is not rebuilt for every operation. */
    private final Connection keeper;
    private volatile boolean closed;

    private SqliteDatabase(Jdbi jdbi, PooledConnections connections, Connection keeper, String synchronous) {
        this.jdbi = jdbi;
        this.connections = connections;
        this.keeper = keeper;
        this.writer = new GroupCommitWriter(jdbi, synchronous, SqliteDatabase::translate, "sqlite");
    }

    static SqliteDatabase open(PersistenceSettings settings) {
        return open(settings, jdbi -> {});
    }

    /** {@code configure} sees the Jdbi before anything runs on it (for tests that watch its statements). */
    static SqliteDatabase open(PersistenceSettings settings, Consumer<Jdbi> configure) {
        NativeLibraryCache.install();
        Path file = settings.databaseFile().toAbsolutePath();
        createParentDirectories(file);
        createPrivatelyOrCheck(file);
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.enforceForeignKeys(true);
        config.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
        config.setPragma(SQLiteConfig.Pragma.SYNCHRONOUS, settings.synchronous());
        config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        // Nothing here asks for generated keys; left on, sqlite-jdbc runs a regex over the SQL of
        // every statement it executes and an extra SELECT last_insert_rowid() after every INSERT,
        // all on the one writer thread (~3% of the server's samples answering session reports).
        config.setGetGeneratedKeys(false);
        config.setTempStore(SQLiteConfig.TempStore.MEMORY);
        SQLiteDataSource dataSource = new SQLiteDataSource(config);
        dataSource.setUrl("jdbc:sqlite:" + file);
        Connection keeper;
        try {
            keeper = dataSource.getConnection();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open the database at " + file + ": " + e.getMessage(), e);
        }
        PooledConnections connections = new PooledConnections(dataSource);
        Jdbi jdbi = Jdbi.create(connections);
        // Bound values include tokens and transcripts: failures name the statement, never its arguments.
        jdbi.getConfig(StatementExceptions.class).setMessageRendering(SqliteDatabase::renderWithoutArguments);
        configure.accept(jdbi);
        return new SqliteDatabase(jdbi, connections, keeper, settings.synchronous());
    }

    private static String renderWithoutArguments(StatementException e) {
        String sql = e.getStatementContext() == null ? null : e.getStatementContext().getRawSql();
        return sql == null ? e.getShortMessage() : e.getShortMessage() + " [statement: " + sql.strip() + "]";
    }

    private static void createParentDirectories(Path file) {
        Path parent = file.getParent();
        if (parent == null) {
            return;
        }
        try {
            Files.createDirectories(parent);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the database directory " + parent, e);
        }
    }

    /** Before SQLite opens it: a file SQLite created would have the umask's permissions, and its -wal and -shm with it. */
    private static void createPrivatelyOrCheck(Path file) {
        try {
            if (!PrivateFiles.createIfMissing(file)) {
                PrivateFiles.warnIfShared(file);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot create the database at " + file + ": " + FileFailures.describe(e), e);
        }
    }

    /**
     * Runs {@code work} in a write transaction, possibly shared with concurrent writes, and returns
     * once it is committed. If {@code work} throws, its own changes are undone and nobody else's.
     * A violated constraint becomes {@link IllegalStateException}.
     */
    <R> R write(HandleCallback<R, RuntimeException> work) {
        requireOpen();
        Handle inUnit = unitOfWork.get();
        return inUnit != null ? nestedWrite(inUnit, work) : writer.write(work);
    }

    /**
     * Runs {@code work} in a write transaction of its own, on a connection of its own with
     * foreign keys off, and commits only if {@code PRAGMA foreign_key_check} then finds none
     * broken; otherwise nothing of it stays. For a schema change that rebuilds a table others
     * refer to, which SQLite's procedure does with foreign keys off: a connection can only turn
     * them off outside a transaction, and the writer's always runs in one. Not for a unit of work.
     */
    <R> R writeWithoutForeignKeys(ConnectionWork<R> work) {
        requireOpen();
        try (Connection connection = connections.openUnpooled()) {
            try (Statement pragma = connection.createStatement()) {
                pragma.execute("PRAGMA foreign_keys = OFF");
            }
            connection.setAutoCommit(false);
            try {
                R result = work.run(connection);
                requireForeignKeysWhole(connection);
                connection.commit();
                return result;
            } catch (RuntimeException | SQLException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw failedWrite("a write without foreign keys", e);
        }
    }

    private static void requireForeignKeysWhole(Connection connection) throws SQLException {
        // Names the tables only: the rows' values are users' data.
        Map<String, Integer> broken = new TreeMap<>();
        try (Statement check = connection.createStatement(); ResultSet rows = check.executeQuery("PRAGMA foreign_key_check")) {
            while (rows.next()) {
                broken.merge(rows.getString(1) + " -> " + rows.getString(3), 1, Integer::sum);
            }
        }
        if (!broken.isEmpty()) {
            throw new IllegalStateException("foreign keys left broken (rows per table -> table referred to): " + broken);
        }
    }

    /** Work on a plain JDBC connection, inside a transaction the caller of it commits. */
    @FunctionalInterface
    interface ConnectionWork<R> {
        R run(Connection connection) throws SQLException;
    }

    /** The writer's counters and queue; still readable once the database is closed. */
    StoreActivity activity() {
        return writer;
    }

    /**
     * Runs {@code work} as one write job: every {@link #query}, {@link #read} and {@link #write}
     * it makes runs on the writer's connection, inside the job's transaction, so its reads see
     * the writes queued before it and its own, and its writes commit with it. The future
     * completes once that commit is durable, on the writer thread.
     */
    <T> CompletableFuture<T> unitOfWork(Supplier<T> work) {
        return writeAsync(handle -> {
            unitOfWork.set(handle);
            try {
                return work.get();
            } finally {
                unitOfWork.remove();
            }
        });
    }

    /**
     * A write made inside a unit of work, in a savepoint of its own: one that throws changes
     * nothing, as a write outside would, even when the unit catches it and goes on.
     */
    private <R> R nestedWrite(Handle handle, HandleCallback<R, RuntimeException> work) {
        try {
            prepared(handle, NESTED).execute();
            R result;
            try {
                result = work.withHandle(handle);
            } catch (RuntimeException e) {
                undoNested(handle, e);
                throw translate(e);
            }
            prepared(handle, NESTED_RELEASE).execute();
            return result;
        } catch (SQLException e) {
            throw failed(NESTED, e);
        }
    }

    /**
     * Like {@link #write}, without waiting: see {@link GroupCommitWriter#writeAsync}. Never throws:
     * a write refused at once (the database is closed, say) is a failed future too, so that callers
     * handing the future on have one way to learn of failure.
     */
    <R> CompletableFuture<R> writeAsync(HandleCallback<R, RuntimeException> work) {
        try {
            requireOpen();
            return writer.writeAsync(work);
        } catch (RuntimeException refused) {
            return CompletableFuture.failedFuture(refused);
        }
    }

    /** Rolls a failed nested write back; if that fails too, the failure says so and keeps {@code cause}. */
    private void undoNested(Handle handle, RuntimeException cause) {
        try {
            prepared(handle, NESTED_ROLLBACK).execute();
            prepared(handle, NESTED_RELEASE).execute();
        } catch (SQLException undo) {
            IllegalStateException failure = failed(NESTED_ROLLBACK, undo);
            failure.addSuppressed(cause);
            throw failure;
        }
    }

    /**
     * Like {@link #write}, but the commit does not wait for an fsync of its own: for changes whose
     * loss in a power cut is harmless, such as a delivery lease. See {@link GroupCommitWriter}.
     */
    <R> R writeUnsynced(HandleCallback<R, RuntimeException> work) {
        requireOpen();
        Handle inUnit = unitOfWork.get();
        // Inside a unit of work it commits with the unit, durably: more than it asked for.
        return inUnit != null ? nestedWrite(inUnit, work) : writer.writeUnsynced(work);
    }

    /** Runs {@code work} on a connection of its own, outside any explicit transaction (in a unit of work, on the unit's). */
    <R> R read(HandleCallback<R, RuntimeException> work) {
        requireOpen();
        Handle inUnit = unitOfWork.get();
        return inUnit != null ? work.withHandle(inUnit) : jdbi.withHandle(work);
    }

    /**
     * A read on the hot path in plain JDBC: {@code sql} with {@code ?} parameters, prepared once
     * per pooled connection, bound by {@code bind}, its rows read by {@code read}. Jdbi sets up a
     * handle, a context and a fresh statement per query; for the lookups every request makes
     * (token, machine, call) that set-up cost more than the query.
     */
    <R> R query(String sql, Binder bind, RowsReader<R> read) {
        requireOpen();
        Handle inUnit = unitOfWork.get();
        if (inUnit != null) {
            try {
                return run(prepared(inUnit, sql), bind, read);
            } catch (SQLException e) {
                throw failed(sql, e);
            }
        }
        Connection connection;
        try {
            connection = connections.openConnection();
        } catch (SQLException e) {
            throw failed(sql, e);
        }
        try {
            return run(connections.prepared(connection, sql), bind, read);
        } catch (SQLException e) {
            throw failed(sql, e);
        } finally {
            try {
                connections.closeConnection(connection);
            } catch (SQLException ignored) {
                // A connection that cannot be handed back is dropped; the read itself succeeded or failed above.
            }
        }
    }

    /** {@code sql}, one statement without parameters, as a write job of its own; how many rows it changed. */
    int writeStatement(String sql) {
        return write(handle -> {
            try (Statement statement = handle.getConnection().createStatement()) {
                return statement.executeUpdate(sql);
            } catch (SQLException e) {
                throw failedWrite(sql, e);
            }
        });
    }

    /**
     * A read inside a write job, on the statements the writer's connection keeps: {@code sql} bound
     * by {@code bind}, its rows read by {@code read}. A failure fails the job, as a write's would.
     */
    <R> R queryInWrite(Handle handle, String sql, Binder bind, RowsReader<R> read) {
        try {
            return run(prepared(handle, sql), bind, read);
        } catch (SQLException e) {
            throw failedWrite(sql, e);
        }
    }

    private static <R> R run(PreparedStatement statement, Binder bind, RowsReader<R> read) throws SQLException {
        bind.bind(statement);
        try (ResultSet rows = statement.executeQuery()) {
            return read.read(rows);
        }
    }

    /** Binds the parameters of a {@link #query}. */
    @FunctionalInterface
    interface Binder {
        void bind(PreparedStatement statement) throws SQLException;
    }

    /** Reads the rows of a {@link #query}; the result set is closed afterwards. */
    @FunctionalInterface
    interface RowsReader<R> {
        R read(ResultSet rows) throws SQLException;
    }

    /** The one row of a unique lookup, if any; like Jdbi's {@code findOne}, two rows are an error. */
    static <R> RowsReader<Optional<R>> atMostOne(RowMapper<R> mapper) {
        return rows -> {
            if (!rows.next()) {
                return Optional.empty();
            }
            R first = mapper.map(rows);
            if (rows.next()) {
                throw new IllegalStateException("expected at most one row");
            }
            return Optional.of(first);
        };
    }

    /** Maps the current row of a {@link #query}. */
    @FunctionalInterface
    interface RowMapper<R> {
        R map(ResultSet row) throws SQLException;
    }

    /**
     * {@code sql} prepared once on the connection of {@code handle} (a write job's, on the
     * writer thread) and kept there: see {@link PooledConnections#prepared}.
     */
    PreparedStatement prepared(Handle handle, String sql) throws SQLException {
        return connections.prepared(handle.getConnection(), sql);
    }

    /** A failed plain-JDBC write; a violated constraint reads as {@link #write} says. */
    static IllegalStateException failedWrite(String sql, SQLException e) {
        if (e instanceof SQLiteException && isConstraint((SQLiteException) e)) {
            return new IllegalStateException("refused by the database: " + e.getMessage(), e);
        }
        return failed(sql, e);
    }

    private static IllegalStateException failed(String sql, SQLException e) {
        // SQLite's messages name tables and columns, never the bound values.
        return new IllegalStateException("query failed: " + e.getMessage() + " [statement: " + sql.strip() + "]", e);
    }

    boolean isHealthy() {
        if (closed) {
            return false;
        }
        try {
            // Plain JDBC: a health check must not be what first sets up Jdbi's statements (see SchemaMigrations).
            return query("SELECT 1", statement -> {}, rows -> rows.next() && rows.getInt(1) == 1);
        } catch (RuntimeException e) {
            return false;
        }
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("the database is closed");
        }
    }

    private static RuntimeException translate(RuntimeException e) {
        if (!(e instanceof JdbiException)) {
            return e;
        }
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLiteException && isConstraint((SQLiteException) cause)) {
                // SQLite's own message names the constraint and columns, not the values.
                return new IllegalStateException("refused by the database: " + cause.getMessage(), cause);
            }
        }
        return e;
    }

    private static boolean isConstraint(SQLiteException e) {
        SQLiteErrorCode code = e.getResultCode();
        return code != null && (code.code & 0xff) == SQLITE_CONSTRAINT;
    }

    /** Lets handles in flight finish on their own connections; new operations are refused. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        writer.close();
        connections.close();
        try {
            keeper.close();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot close the database: " + e.getMessage(), e);
        }
    }
}
