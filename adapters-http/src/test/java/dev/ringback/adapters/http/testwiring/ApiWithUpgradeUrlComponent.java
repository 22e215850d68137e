package dev.ringback.adapters.http.testwiring;

import dagger.BindsInstance;
import dagger.Component;
import dev.ringback.adapters.http.HttpAdapterModule;
import dev.ringback.adapters.http.HttpServerSettings;
import dev.ringback.adapters.http.ReadinessProbe;
import dev.ringback.adapters.http.RingbackHttpServer;
import dev.ringback.adapters.http.bland.BlandSettings;
import dev.ringback.application.port.in.AuthenticateAgentUseCase;
import dev.ringback.application.port.in.GetCallStatusUseCase;
import dev.ringback.application.port.in.GetGatewayInfoUseCase;
import dev.ringback.application.port.in.PlaceCallUseCase;
import dev.ringback.application.port.in.RecordCallOutcomeUseCase;
import dev.ringback.application.port.in.ReportActiveSessionUseCase;
import dev.ringback.application.port.out.DashboardAuthenticator;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

/** As {@link ApiTestComponent}, with the optional upgrade URL supplied by the deployment. */
@Singleton
@Component(modules = HttpAdapterModule.class)
public interface ApiWithUpgradeUrlComponent {
    RingbackHttpServer server();

    @Component.Factory
    interface Factory {
        ApiWithUpgradeUrlComponent create(
                @BindsInstance HttpServerSettings http,
                @BindsInstance BlandSettings bland,
                @BindsInstance ReadinessProbe readiness,
                @BindsInstance DashboardAuthenticator dashboard,
                @BindsInstance AuthenticateAgentUseCase agents,
                @BindsInstance PlaceCallUseCase placeCall,
                @BindsInstance GetCallStatusUseCase callStatus,
                @BindsInstance ReportActiveSessionUseCase activeSession,
                @BindsInstance GetGatewayInfoUseCase gatewayInfo,
                @BindsInstance RecordCallOutcomeUseCase recordOutcome,
                @BindsInstance @Named(HttpAdapterModule.UPGRADE_URL) String upgradeUrl);
    }
}
