package dev.ringback.adapters.persistence;

import dev.ringback.application.port.out.PlacementKeyStore;
import dev.ringback.application.testing.PlacementKeyStoreContract;
import dev.ringback.application.testing.Repositories;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

class JdbiPlacementKeyStoreTest extends PlacementKeyStoreContract {
    @TempDir
    Path directory;

    private SqlitePersistence persistence;

    @Override
    protected Repositories newRepositories() {
        persistence = SqlitePersistence.open(PersistenceSettings.durable(directory.resolve("keys.db")));
        return OpenDatabases.repositoriesOf(persistence);
    }

    @Override
    protected PlacementKeyStore placementKeys(Repositories repositories) {
        return persistence.placementKeys();
    }

    @AfterEach
    void close() {
        persistence.close();
    }
}
