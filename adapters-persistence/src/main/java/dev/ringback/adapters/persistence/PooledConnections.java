package dev.ringback.adapters.persistence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdbi.v3.core.ConnectionFactory;
import org.sqlite.SQLiteDataSource;

/**
 * Keeps a few idle SQLite connections for reuse. Opening one costs a file open, the pragmas and a
 * schema parse on first use: more than the small queries the API runs on it.
 *
 * <p>It also keeps, per connection, the statements the hot paths prepare ({@link #prepared}):
 * SQLite compiles a statement on every prepare, and these run thousands of times a second.
 */
final class PooledConnections implements ConnectionFactory {
    static final int MAX_IDLE = 16;

    private final SQLiteDataSource dataSource;
    private final ConcurrentLinkedDeque<Connection> idle = new ConcurrentLinkedDeque<>();
    private final AtomicInteger idleCount = new AtomicInteger();
    /** Guarded by itself. A connection is used by one thread at a time, so its statements are too. */
    private final Map<Connection, Map<String, PreparedStatement>> statements = new IdentityHashMap<>();
    private volatile boolean closed;

    PooledConnections(SQLiteDataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public Connection openConnection() throws SQLException {
        Connection pooled = idle.pollFirst();
        if (pooled != null) {
            idleCount.decrementAndGet();
            return pooled;
        }
        return dataSource.getConnection();
    }

    /** A connection of its own, never pooled: for one whose settings must not reach anyone else. */
    Connection openUnpooled() throws SQLException {
        return dataSource.getConnection();
    }

    @Override
    public void closeConnection(Connection connection) throws SQLException {
        // A racing return may overshoot MAX_IDLE by a connection or two; that is harmless.
        if (closed || connection.isClosed() || !connection.getAutoCommit() || idleCount.get() >= MAX_IDLE) {
            forget(connection);
            connection.close();
            return;
        }
        idleCount.incrementAndGet();
        idle.addFirst(connection);
        if (closed && idle.remove(connection)) {
            idleCount.decrementAndGet();
            forget(connection);
            connection.close();
        }
    }

    /**
     * {@code sql} prepared on {@code connection}, once: later calls return the same statement,
     * parameters cleared. Only for the thread that holds the connection, and only until it hands
     * the connection back; the statement is closed with its connection.
     */
    PreparedStatement prepared(Connection connection, String sql) throws SQLException {
        Map<String, PreparedStatement> ofConnection;
        synchronized (statements) {
            ofConnection = statements.computeIfAbsent(connection, c -> new HashMap<>());
        }
        PreparedStatement statement = ofConnection.get(sql);
        if (statement == null || statement.isClosed()) {
            statement = connection.prepareStatement(sql);
            ofConnection.put(sql, statement);
        } else {
            statement.clearParameters();
        }
        return statement;
    }

    private void forget(Connection connection) {
        Map<String, PreparedStatement> dropped;
        synchronized (statements) {
            dropped = statements.remove(connection);
        }
        if (dropped != null) {
            for (PreparedStatement statement : dropped.values()) {
                try {
                    statement.close();
                } catch (SQLException ignored) {
                    // The connection is being closed anyway, and its statements with it.
                }
            }
        }
    }

    /** Closes the idle connections; those in use are closed when handed back. */
    void close() {
        closed = true;
        for (Connection connection; (connection = idle.pollFirst()) != null; ) {
            try {
                forget(connection);
                connection.close();
            } catch (SQLException ignored) {
                // Closing is best effort; the file is consistent whatever happens here.
            }
        }
    }
}
