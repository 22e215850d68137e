package dev.ringback.adapters.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ringback.application.testing.Fixtures;
import dev.ringback.domain.account.User;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jdbi.v3.core.statement.SqlLogger;
import org.jdbi.v3.core.statement.SqlStatements;
import org.jdbi.v3.core.statement.StatementContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class SchemaMigrationsTest {
    @TempDir
    Path directory;

    @RegisterExtension
    final OpenDatabases databases = new OpenDatabases();


    private Path file() {
        return directory.resolve("ringback.db");
    }

    @Test
    void aFreshDatabaseGetsEveryTableAndItsVersionRecorded() throws SQLException {
        databases.open(file()).close();

        assertThat(tables()).contains("users", "machines", "dashboard_tokens", "calls", "deliveries", "schema_version");
        assertThat(query("SELECT version || ':' || description FROM schema_version ORDER BY version"))
                .hasSize(SchemaMigrations.SCRIPTS.size())
                .startsWith("1:initial schema")
                .contains("2:call reservations", "3:machine websocket path", "4:placement keys", "5:delivery claim index");
        assertThat(query("SELECT applied_at FROM schema_version")).allSatisfy(at -> assertThat(at).matches("\\d{4}-\\d\\d-\\d\\dT.*Z"));
    }

    @Test
    void reopeningIsANoOpThatKeepsTheData() throws SQLException {
        User alice = Fixtures.user("alice");
        SqlitePersistence first = databases.open(file());
        first.users().save(alice);
        first.close();
        List<String> versionsBefore = query("SELECT version || ' ' || applied_at FROM schema_version");

        SqlitePersistence second = databases.open(file());

        assertThat(second.users().findById(alice.id())).contains(alice);
        second.close();
        assertThat(query("SELECT version || ' ' || applied_at FROM schema_version")).isEqualTo(versionsBefore);
    }

    /**
     * A start that runs no Jdbi statement leaves Jdbi's statement machinery (its SQL lexer, its
     * Flight Recorder event, its factories: about a third of a start) to the first request that
     * needs it. The counter proves itself on the repository call at the end.
     */
    @Test
    void openingAndTheHealthCheckRunNoJdbiStatement() {
        User alice = Fixtures.user("alice");
        SqlitePersistence fresh = SqlitePersistence.open(settings(), SchemaMigrations.standard(), jdbi -> {});
        fresh.users().save(alice);
        fresh.machines().save(Fixtures.machine("m-alice", alice.id(), "gw-token-alice"));
        fresh.close();
        AtomicInteger statements = new AtomicInteger();

        SqlitePersistence reopened = SqlitePersistence.open(settings(), SchemaMigrations.standard(),
                jdbi -> jdbi.getConfig(SqlStatements.class).setSqlLogger(new SqlLogger() {
                    @Override
                    public void logBeforeExecution(StatementContext context) {
                        statements.incrementAndGet();
                    }
                }));
        try {
            assertThat(reopened.isHealthy()).isTrue();
            assertThat(statements).as("Jdbi statements while opening and checking health").hasValue(0);

            assertThat(reopened.users().findById(alice.id())).contains(alice);
            assertThat(statements.get()).as("the counter counts").isPositive();
        } finally {
            reopened.close();
        }
    }

    @Test
    void aDatabaseFromANewerBuildIsRefusedAndLeftAlone() throws SQLException {
        databases.open(file()).close();
        int future = SchemaMigrations.standard().latestVersion() + 1;
        execute("INSERT INTO schema_version (version, description, applied_at) VALUES (" + future + ", 'from the future', 'x')");

        assertThatThrownBy(() -> databases.open(file()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("schema version " + future)
                .hasMessageContaining("refusing to start");
        assertThat(query("SELECT version FROM schema_version ORDER BY version"))
                .hasSize(SchemaMigrations.SCRIPTS.size() + 1).endsWith(String.valueOf(future));
    }

    @Test
    void onlyTheMissingStepsAreAppliedInOrder() throws SQLException {
        SqlitePersistence.open(settings(), testMigrations("ok", "V1__create_notes.sql")).close();
        execute("INSERT INTO notes (id, text) VALUES (2, 'written at version 1')");

        SqlitePersistence.open(settings(), testMigrations("ok", "V1__create_notes.sql", "V2__add_note_author.sql")).close();

        assertThat(query("SELECT version FROM schema_version ORDER BY version")).containsExactly("1", "2");
        assertThat(query("SELECT id || ' ' || text || ' ' || author FROM notes ORDER BY id"))
                .containsExactly("1 first migration", "2 written at version 1 migration");
    }

    @Test
    void aFailingStepIsRolledBackAndStopsTheStart() throws SQLException {
        assertThatThrownBy(() -> SqlitePersistence.open(settings(),
                testMigrations("broken", "V1__create_notes.sql", "V2__half_done.sql")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("schema migration 2 (half done) failed")
                .hasMessageContaining("no such table: no_such_table");

        assertThat(query("SELECT version FROM schema_version")).containsExactly("1");
        assertThat(tables()).contains("notes").doesNotContain("half_done");
    }

    @Test
    void scriptNamesMustBeVersionedFromOneUpwards() {
        assertThatThrownBy(() -> new SchemaMigrations("db/", List.of("V2__skip.sql")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SchemaMigrations("db/", List.of("V1__a.sql", "V1__again.sql")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SchemaMigrations("db/", List.of("V1__a.sql", "V3__c.sql", "V2__b.sql")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SchemaMigrations("db/", List.of("V1-bad-name.sql")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(new SchemaMigrations("db/", List.of("V1__a.sql", "V3__c.sql")).latestVersion())
                .as("a version reserved for another branch may be missing").isEqualTo(3);
    }

    /** A database from a build that had version 3 but not yet version 2 lacks what 2 does: refused, not skipped. */
    @Test
    void aDatabaseThatSkippedAVersionIsRefused() throws SQLException {
        SqlitePersistence.open(settings(), testMigrations("ok", "V1__create_notes.sql")).close();
        execute("INSERT INTO schema_version (version, description, applied_at) VALUES (3, 'note dates', 'x')");

        assertThatThrownBy(() -> SqlitePersistence.open(settings(),
                testMigrations("ok", "V1__create_notes.sql", "V2__add_note_author.sql", "V3__note_dates.sql")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("never applied version 2")
                .hasMessageContaining("refusing to start");
        assertThat(query("SELECT version FROM schema_version ORDER BY version")).containsExactly("1", "3");
    }

    /**
     * Rebuilding a table others refer to, by SQLite's procedure, needs foreign keys off, which a
     * PRAGMA cannot do inside the writer's transaction: with them on, dropping the old table is refused.
     */
    @Test
    void aRebuildOfATableOthersReferToRunsWithForeignKeysOffAndKeepsTheReferences() throws SQLException {
        assertThatThrownBy(() -> SqlitePersistence.open(PersistenceSettings.durable(directory.resolve("enforced.db")),
                testMigrations("enforced", "V1__parents_and_children.sql", "V2__nullable_parent_names.sql")))
                .as("the same script on the writer").hasMessageContaining("FOREIGN KEY constraint failed");

        SqlitePersistence.open(settings(),
                testMigrations("rebuild", "V1__parents_and_children.sql", "V2__nullable_parent_names.sql")).close();

        assertThat(query("SELECT version FROM schema_version ORDER BY version")).containsExactly("1", "2");
        assertThat(query("SELECT c.id || ' ' || p.name FROM children c JOIN parents p ON p.id = c.parent_id ORDER BY c.id"))
                .containsExactly("10 one", "20 two");
        assertThat(query("SELECT \"table\" FROM pragma_foreign_key_list('children')")).containsExactly("parents");
        assertThat(query("SELECT \"notnull\" FROM pragma_table_info('parents') WHERE name = 'name'")).containsExactly("0");
        assertThat(query("PRAGMA foreign_key_check")).isEmpty();
    }

    @Test
    void aRebuildThatLeavesAReferenceBrokenIsRolledBack() throws SQLException {
        assertThatThrownBy(() -> SqlitePersistence.open(settings(), testMigrations("rebuild",
                "V1__parents_and_children.sql", "V2__nullable_parent_names.sql", "V3__orphaned_child.sql")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("foreign keys left broken")
                .hasMessageContaining("children -> parents");

        assertThat(query("SELECT version FROM schema_version ORDER BY version")).containsExactly("1", "2");
        assertThat(query("SELECT id FROM parents ORDER BY id")).containsExactly("1", "2");
    }

    @Test
    void theListedScriptsAreExactlyTheScriptsShipped() throws IOException {
        Path shipped = Path.of("src/main/resources", SchemaMigrations.LOCATION);
        try (Stream<Path> files = Files.list(shipped)) {
            List<String> names = files.map(path -> path.getFileName().toString()).sorted().collect(Collectors.toList());
            assertThat(names).containsExactlyInAnyOrderElementsOf(SchemaMigrations.SCRIPTS);
        }
    }

    private PersistenceSettings settings() {
        return PersistenceSettings.durable(file());
    }

    private static SchemaMigrations testMigrations(String set, String... names) {
        return new SchemaMigrations("db/test-migration/" + set + "/", List.of(names));
    }

    private List<String> tables() throws SQLException {
        return query("SELECT name FROM sqlite_master WHERE type = 'table'");
    }

    private List<String> query(String sql) throws SQLException {
        return StoredRows.firstColumn(file(), sql);
    }

    private void execute(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file());
                Statement statement = connection.createStatement()) {
            statement.executeUpdate(sql);
        }
    }
}
