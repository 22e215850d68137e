package dev.ringback.adapters.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import dagger.BindsInstance;
import dagger.Component;
import dev.ringback.application.port.out.CallRepository;
import dev.ringback.application.port.out.DashboardTokenRepository;
import dev.ringback.application.port.out.DeliveryRepository;
import dev.ringback.application.port.out.MachineRepository;
import dev.ringback.application.port.out.UserRepository;
import dev.ringback.application.testing.Fixtures;
import dev.ringback.domain.account.User;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PersistenceModuleTest {
    @Singleton
    @Component(modules = PersistenceModule.class)
    interface TestComponent {
        SqlitePersistence persistence();

        UserRepository users();

        MachineRepository machines();

        DashboardTokenRepository dashboardTokens();

        CallRepository calls();

        DeliveryRepository deliveries();

        @Component.Factory
        interface Factory {
            TestComponent create(@BindsInstance PersistenceSettings settings);
        }
    }

    @TempDir
    Path directory;

    @Test
    void theGraphHandsOutRepositoriesOverOneDatabase() {
        TestComponent component = DaggerPersistenceModuleTest_TestComponent.factory()
                .create(PersistenceSettings.durable(directory.resolve("ringback.db")));
        try (SqlitePersistence persistence = component.persistence()) {
            assertThat(component.persistence()).isSameAs(persistence);
            User alice = Fixtures.user("alice");

            component.users().save(alice);

            assertThat(persistence.users().findById(alice.id())).contains(alice);
            assertThat(component.machines().findAll()).isEmpty();
            assertThat(component.calls().findRecentByUser(alice.id(), 5)).isEmpty();
            assertThat(component.deliveries().nextDueAt()).isEmpty();
            assertThat(component.dashboardTokens()).isSameAs(persistence.dashboardTokens());
            assertThat(persistence.isHealthy()).isTrue();
        }
    }
}
