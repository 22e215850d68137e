package dev.ringback.adapters.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteDataSource;

/** The plain-JDBC reads of the hot paths and the statements they keep per pooled connection. */
class PlainQueriesTest {
    @TempDir
    Path directory;

    @RegisterExtension
    final OpenDatabases databases = new OpenDatabases();


    @Test
    void aQueryBindsReadsAndCanRunAgainWithOtherArguments() {
        SqliteDatabase database = databases.open(directory.resolve("ringback.db")).database();
        database.write(handle -> handle.execute("CREATE TABLE t (k TEXT PRIMARY KEY, v TEXT)"));
        database.write(handle -> handle.execute("INSERT INTO t VALUES ('a', 'one'), ('b', 'two')"));
        String sql = "SELECT v FROM t WHERE k = ?";

        Optional<String> a = database.query(sql, statement -> statement.setString(1, "a"), SqliteDatabase.atMostOne(row -> row.getString(1)));
        Optional<String> b = database.query(sql, statement -> statement.setString(1, "b"), SqliteDatabase.atMostOne(row -> row.getString(1)));
        Optional<String> none = database.query(sql, statement -> statement.setString(1, "c"), SqliteDatabase.atMostOne(row -> row.getString(1)));

        assertThat(a).contains("one");
        assertThat(b).contains("two");
        assertThat(none).isEmpty();
    }

    @Test
    void aUniqueLookupThatFindsTwoRowsIsAnError() {
        SqliteDatabase database = databases.open(directory.resolve("ringback.db")).database();
        database.write(handle -> handle.execute("CREATE TABLE t (v TEXT)"));
        database.write(handle -> handle.execute("INSERT INTO t VALUES ('x'), ('x')"));

        assertThatThrownBy(() -> database.query("SELECT v FROM t WHERE v = ?", statement -> statement.setString(1, "x"),
                SqliteDatabase.atMostOne(row -> row.getString(1))))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aBadStatementFailsWithItsTextButNotItsArguments() {
        SqliteDatabase database = databases.open(directory.resolve("ringback.db")).database();

        assertThatThrownBy(() -> database.query("SELECT v FROM missing WHERE v = ?", statement -> statement.setString(1, "secret-value"),
                SqliteDatabase.atMostOne(row -> row.getString(1))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("missing")
                .hasMessageNotContaining("secret-value");
    }

    @Test
    void aConnectionKeepsItsStatementsUntilItIsClosed() throws Exception {
        SQLiteDataSource source = new SQLiteDataSource();
        source.setUrl("jdbc:sqlite:" + directory.resolve("pool.db"));
        PooledConnections pool = new PooledConnections(source);
        Connection connection = pool.openConnection();
        PreparedStatement first = pool.prepared(connection, "SELECT ?");
        first.setString(1, "bound");

        PreparedStatement again = pool.prepared(connection, "SELECT ?");
        PreparedStatement other = pool.prepared(connection, "SELECT 1");

        assertThat(again).isSameAs(first);
        assertThat(other).isNotSameAs(first);
        try (ResultSet rows = again.executeQuery()) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getString(1)).as("the previous caller's argument is cleared").isNull();
        }
        pool.close();
        pool.closeConnection(connection);
        assertThat(first.isClosed()).isTrue();
        assertThat(connection.isClosed()).isTrue();
    }
}
