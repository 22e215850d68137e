package dev.ringback.adapters.persistence;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdbi.v3.core.ConnectionFactory;
import org.sqlite.SQLiteDataSource;

/**
 * Keeps a few idle SQLite connections for reuse. Opening one costs a file open, the pragmas and a
 * schema parse on first use: more than the small queries the API runs on it.
 */
final class PooledConnections implements ConnectionFactory {
    static final int MAX_IDLE = 16;

    private final SQLiteDataSource dataSource;
    private final ConcurrentLinkedDeque<Connection> idle = new ConcurrentLinkedDeque<>();
    private final AtomicInteger idleCount = new AtomicInteger();
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

    @Override
    public void closeConnection(Connection connection) throws SQLException {
        // A racing return may overshoot MAX_IDLE by a connection or two; that is harmless.
        if (closed || connection.isClosed() || !connection.getAutoCommit() || idleCount.get() >= MAX_IDLE) {
            connection.close();
            return;
        }
        idleCount.incrementAndGet();
        idle.addFirst(connection);
        if (closed && idle.remove(connection)) {
            idleCount.decrementAndGet();
            connection.close();
        }
    }

    /** Closes the idle connections; those in use are closed when handed back. */
    void close() {
        closed = true;
        for (Connection connection; (connection = idle.pollFirst()) != null; ) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // Closing is best effort; the file is consistent whatever happens here.
            }
        }
    }
}
