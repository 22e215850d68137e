package dev.ringback.bootstrap;

import dagger.BindsInstance;
import dagger.Component;
import dev.ringback.adapters.http.HttpAdapterModule;
import dev.ringback.adapters.http.UsageModule;
import dev.ringback.adapters.openclaw.GatewayProbe;
import dev.ringback.adapters.openclaw.OpenClawModule;
import dev.ringback.adapters.persistence.PersistenceModule;
import dev.ringback.application.port.in.AssignPhoneNumberUseCase;
import dev.ringback.application.port.in.ChangePlanUseCase;
import dev.ringback.application.port.in.IssueDashboardTokenUseCase;
import dev.ringback.application.port.in.ListDeliveriesUseCase;
import dev.ringback.application.port.in.ListUsersUseCase;
import dev.ringback.application.port.in.ReconcileOverdueCallsUseCase;
import dev.ringback.application.port.in.RecordCallOutcomeUseCase;
import dev.ringback.application.port.in.RegisterMachineUseCase;
import dev.ringback.application.port.in.RegisterUserUseCase;
import dev.ringback.application.port.in.ReplayDeliveriesUseCase;
import dev.ringback.application.port.in.ReportActiveSessionUseCase;
import dev.ringback.application.port.in.RevokeDashboardTokensUseCase;
import dev.ringback.application.port.out.MachineRepository;
import dev.ringback.application.port.out.UserRepository;
import dev.ringback.adapters.persistence.SqlitePersistence;
import jakarta.inject.Singleton;

/** The standalone server's object graph, assembled at compile time. */
@Singleton
@Component(modules = {CoreModule.class, SettingsModule.class, PersistenceModule.class, OpenClawModule.class,
        HttpAdapterModule.class, UsageModule.class})
interface RingbackComponent {
    RingbackServer server();

    SqlitePersistence database();

    RegisterUserUseCase registerUser();

    RegisterMachineUseCase registerMachine();

    AssignPhoneNumberUseCase assignPhoneNumber();

    IssueDashboardTokenUseCase issueDashboardToken();

    RevokeDashboardTokensUseCase revokeDashboardTokens();

    ChangePlanUseCase changePlan();

    ListDeliveriesUseCase listDeliveries();

    ListUsersUseCase listUsers();

    ReplayDeliveriesUseCase replayDeliveries();

    ReconcileOverdueCallsUseCase reconcileOverdueCalls();

    /** The webhooks' service as the server wires it (its tests check it decides in units of work). */
    RecordCallOutcomeUseCase recordCallOutcome();

    /** The dashboard's session reports as the server wires them. */
    ReportActiveSessionUseCase reportActiveSession();

    UserRepository users();

    MachineRepository machines();

    GatewayProbe gatewayProbe();

    @Component.Factory
    interface Factory {
        RingbackComponent create(@BindsInstance RingbackConfig config);
    }

    static RingbackComponent create(RingbackConfig config) {
        return DaggerRingbackComponent.factory().create(config);
    }
}
