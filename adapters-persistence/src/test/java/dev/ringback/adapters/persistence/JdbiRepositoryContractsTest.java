package dev.ringback.adapters.persistence;

import dev.ringback.application.testing.CallRepositoryContract;
import dev.ringback.application.testing.DashboardTokenRepositoryContract;
import dev.ringback.application.testing.DeliveryRepositoryContract;
import dev.ringback.application.testing.MachineRepositoryContract;
import dev.ringback.application.testing.Repositories;
import dev.ringback.application.testing.UserRepositoryContract;
import java.nio.file.Path;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The shared repository contracts, run against SQLite files. */
class JdbiRepositoryContractsTest {
    @TempDir
    Path directory;

    @RegisterExtension
    final OpenDatabases databases = new OpenDatabases();


    private Repositories fresh() {
        return databases.repositories(directory);
    }

    @Nested
    class Users extends UserRepositoryContract {
        @Override
        protected Repositories newRepositories() {
            return fresh();
        }
    }

    @Nested
    class Machines extends MachineRepositoryContract {
        @Override
        protected Repositories newRepositories() {
            return fresh();
        }
    }

    @Nested
    class DashboardTokens extends DashboardTokenRepositoryContract {
        @Override
        protected Repositories newRepositories() {
            return fresh();
        }
    }

    @Nested
    class Calls extends CallRepositoryContract {
        @Override
        protected Repositories newRepositories() {
            return fresh();
        }
    }

    @Nested
    class Deliveries extends DeliveryRepositoryContract {
        @Override
        protected Repositories newRepositories() {
            return fresh();
        }
    }
}
