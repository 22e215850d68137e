package dev.ringback.adapters.persistence;

import dev.ringback.application.testing.Repositories;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Opens real databases for one test and closes them all afterwards: register it as an
 * extension ({@code @RegisterExtension}) and it closes them after each test.
 */
final class OpenDatabases implements AutoCloseable, AfterEachCallback {
    private final List<SqlitePersistence> opened = new ArrayList<>();

    SqlitePersistence open(Path file) {
        SqlitePersistence persistence = SqlitePersistence.open(PersistenceSettings.durable(file));
        opened.add(persistence);
        return persistence;
    }

    Repositories repositories(Path directory) {
        return repositoriesOf(open(directory.resolve("ringback.db")));
    }

    static Repositories repositoriesOf(SqlitePersistence persistence) {
        return new Repositories(persistence.users(), persistence.machines(), persistence.dashboardTokens(),
                persistence.calls(), persistence.deliveries());
    }

    @Override
    public void afterEach(ExtensionContext context) {
        close();
    }

    @Override
    public void close() {
        opened.forEach(SqlitePersistence::close);
        opened.clear();
    }
}
