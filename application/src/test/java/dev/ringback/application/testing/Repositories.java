package dev.ringback.application.testing;

import dev.ringback.application.port.out.CallRepository;
import dev.ringback.application.port.out.DashboardTokenRepository;
import dev.ringback.application.port.out.DeliveryRepository;
import dev.ringback.application.port.out.MachineRepository;
import dev.ringback.application.port.out.UserRepository;
import java.util.Objects;

/** The five repository ports over one store, as the contract suites and service tests need them. */
public record Repositories(
        UserRepository users,
        MachineRepository machines,
        DashboardTokenRepository dashboardTokens,
        CallRepository calls,
        DeliveryRepository deliveries) {

    public Repositories {
        Objects.requireNonNull(users, "users");
        Objects.requireNonNull(machines, "machines");
        Objects.requireNonNull(dashboardTokens, "dashboardTokens");
        Objects.requireNonNull(calls, "calls");
        Objects.requireNonNull(deliveries, "deliveries");
    }

    /** Fresh, empty in-memory repositories wired to each other. */
    public static Repositories inMemory() {
        InMemoryDeliveryRepository deliveries = new InMemoryDeliveryRepository();
        return new Repositories(new InMemoryUserRepository(), new InMemoryMachineRepository(),
                new InMemoryDashboardTokenRepository(), new InMemoryCallRepository(deliveries), deliveries);
    }
}
