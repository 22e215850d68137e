package dev.ringback.adapters.http.testwiring;

import dagger.BindsInstance;
import dagger.Component;
import dev.ringback.adapters.http.AuthThrottleSettings;
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
import dev.ringback.application.port.out.Clock;
import dev.ringback.application.port.out.DashboardAuthenticator;
import jakarta.inject.Singleton;

/** As {@link ApiTestComponent}, with the failed-auth throttle's settings and clock supplied by the test. */
@Singleton
@Component(modules = HttpAdapterModule.class)
public interface ApiSecurityComponent {
    RingbackHttpServer server();

    @Component.Factory
    interface Factory {
        ApiSecurityComponent create(
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
                @BindsInstance AuthThrottleSettings throttle,
                @BindsInstance Clock clock);
    }
}
