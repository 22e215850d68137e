package dev.ringback.application.testing;

import org.junit.jupiter.api.Nested;

/** The shared repository contracts, run against the in-memory implementations. */
class InMemoryRepositoryContractsTest {
    @Nested
    class Users extends UserRepositoryContract {
        @Override
        protected Repositories newRepositories() {
            return Repositories.inMemory();
        }
    }

    @Nested
    class Machines extends MachineRepositoryContract {
        @Override
        protected Repositories newRepositories() {
            return Repositories.inMemory();
        }
    }

    @Nested
    class DashboardTokens extends DashboardTokenRepositoryContract {
        @Override
        protected Repositories newRepositories() {
            return Repositories.inMemory();
        }
    }

    @Nested
    class Calls extends CallRepositoryContract {
        @Override
        protected Repositories newRepositories() {
            return Repositories.inMemory();
        }
    }

    @Nested
    class Deliveries extends DeliveryRepositoryContract {
        @Override
        protected Repositories newRepositories() {
            return Repositories.inMemory();
        }
    }
}
