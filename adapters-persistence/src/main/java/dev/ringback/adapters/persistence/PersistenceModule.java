package dev.ringback.adapters.persistence;

import dagger.Module;
import dagger.Provides;
import dev.ringback.application.port.out.CallRepository;
import dev.ringback.application.port.out.DashboardTokenRepository;
import dev.ringback.application.port.out.DeliveryRepository;
import dev.ringback.application.port.out.MachineRepository;
import dev.ringback.application.port.out.PlacementKeyStore;
import dev.ringback.application.port.out.StoreActivity;
import dev.ringback.application.port.out.UnitOfWork;
import dev.ringback.application.port.out.UserRepository;
import jakarta.inject.Singleton;

/**
 * The persistence adapter for a Dagger graph that holds {@link PersistenceSettings}: one
 * {@link SqlitePersistence} per component, the repository ports over it and units of work. The component
 * should expose {@link SqlitePersistence} so that its owner can close it on shutdown.
 */
@Module
public final class PersistenceModule {
    private PersistenceModule() {}

    @Provides
    @Singleton
    static SqlitePersistence persistence(PersistenceSettings settings) {
        return SqlitePersistence.open(settings);
    }

    @Provides
    static UserRepository users(SqlitePersistence persistence) {
        return persistence.users();
    }

    @Provides
    static MachineRepository machines(SqlitePersistence persistence) {
        return persistence.machines();
    }

    @Provides
    static DashboardTokenRepository dashboardTokens(SqlitePersistence persistence) {
        return persistence.dashboardTokens();
    }

    @Provides
    static CallRepository calls(SqlitePersistence persistence) {
        return persistence.calls();
    }

    @Provides
    static DeliveryRepository deliveries(SqlitePersistence persistence) {
        return persistence.deliveries();
    }

    @Provides
    static UnitOfWork unitOfWork(SqlitePersistence persistence) {
        return persistence.unitOfWork();
    }

    @Provides
    static StoreActivity storeActivity(SqlitePersistence persistence) {
        return persistence.activity();
    }

    @Provides
    static PlacementKeyStore placementKeys(SqlitePersistence persistence) {
        return persistence.placementKeys();
    }
}
