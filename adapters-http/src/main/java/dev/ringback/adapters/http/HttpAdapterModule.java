package dev.ringback.adapters.http;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import dagger.BindsOptionalOf;
import dagger.Module;
import dagger.Provides;
import dagger.multibindings.ElementsIntoSet;
import dagger.multibindings.IntoSet;
import dev.ringback.adapters.http.bland.BlandModule;
import dev.ringback.adapters.http.bland.BlandSettings;
import dev.ringback.adapters.http.bland.BlandWebhookParser;
import dev.ringback.adapters.http.bland.BlandWebhookVerifier;
import dev.ringback.application.port.out.Clock;
import dev.ringback.application.port.out.StoreActivity;
import dev.ringback.application.port.in.ListDeliveriesUseCase;
import dev.ringback.application.port.in.PlaceCallOnceUseCase;
import dev.ringback.domain.account.Secret;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * The HTTP API. Expects in the graph: {@link HttpServerSettings}, {@link BlandSettings},
 * {@link ReadinessProbe}, {@code DashboardAuthenticator} and the in-ports
 * {@code AuthenticateAgentUseCase}, {@code PlaceCallUseCase}, {@code GetCallStatusUseCase},
 * {@code ReportActiveSessionUseCase}, {@code GetGatewayInfoUseCase},
 * {@code RecordCallOutcomeUseCase}. Optionally a {@code @Named("upgradeUrl") String} (default
 * {@code /pricing}), {@link AuthThrottleSettings} (default 20 failures a minute), a
 * {@code Clock} (default the wall clock), and {@link MetricsSettings} with a
 * {@code ListDeliveriesUseCase} for {@code GET /metrics}. Further routes can be added with
 * {@code @IntoSet Route}.
 */
@Module(includes = {HttpAdapterModule.Optionals.class, BlandModule.class})
public final class HttpAdapterModule {
    /** Where a user whose plan has no call minutes can upgrade. */
    public static final String UPGRADE_URL = "upgradeUrl";

    private HttpAdapterModule() {}

    /** Bindings a deployment may supply but need not. */
    @Module
    public interface Optionals {
        @BindsOptionalOf
        @Named(UPGRADE_URL)
        String upgradeUrl();

        /** Without it, requests carrying an Idempotency-Key are refused rather than risk a second dial. */
        @BindsOptionalOf
        PlaceCallOnceUseCase placeCallOnce();

        /** Default {@link AuthThrottleSettings#DEFAULT}. */
        @BindsOptionalOf
        AuthThrottleSettings authThrottleSettings();

        /** Without it, {@code /metrics} shows the outbox alone. */
        @BindsOptionalOf
        StoreActivity storeActivity();

        /** Default the wall clock; tests bind their own to move time. */
        @BindsOptionalOf
        Clock clock();

        /** Default {@link MetricsSettings#OFF}: no {@code /metrics}. */
        @BindsOptionalOf
        MetricsSettings metricsSettings();

        /** What {@code /metrics} reports; without it there is no {@code /metrics}. */
        @BindsOptionalOf
        ListDeliveriesUseCase outbox();
    }

    @Provides
    @Singleton
    static AuthThrottle authThrottle(Optional<AuthThrottleSettings> settings, Optional<Clock> clock) {
        return new AuthThrottle(settings.orElse(AuthThrottleSettings.DEFAULT), clock.orElse(Instant::now));
    }

    /**
     * The mapper for talking to outside systems: unknown fields are ignored there (Bland adds
     * fields as it likes). The public API's own bodies are read strictly, by another mapper.
     */
    @Provides
    @Singleton
    static ObjectMapper objectMapper() {
        return new ObjectMapper()
                .registerModule(new Jdk8Module())
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    @Provides
    @Singleton
    static BlandWebhookVerifier blandWebhookVerifier(BlandSettings settings) {
        return new BlandWebhookVerifier(settings);
    }

    @Provides
    @Singleton
    static BlandWebhookParser blandWebhookParser(ObjectMapper json) {
        return new BlandWebhookParser(json);
    }

    @Provides
    @Singleton
    static RingbackHttpServer server(HttpServerSettings settings, Set<Route> routes) {
        return new RingbackHttpServer(settings, routes);
    }

    @Provides
    @IntoSet
    static Route placeCall(PlaceCallHandler handler) {
        return Route.post(PlaceCallHandler.PATH, handler);
    }

    @Provides
    @IntoSet
    static Route callStatus(CallStatusHandler handler) {
        return Route.get(CallStatusHandler.PATH, handler);
    }

    @Provides
    @IntoSet
    static Route activeSession(ActiveSessionHandler handler) {
        return Route.post(ActiveSessionHandler.PATH, handler);
    }

    @Provides
    @IntoSet
    static Route gatewayInfo(GatewayInfoHandler handler) {
        return Route.get(GatewayInfoHandler.PATH, handler);
    }

    @Provides
    @IntoSet
    static Route blandWebhook(BlandWebhookHandler handler) {
        return Route.post(BlandWebhookHandler.PATH, handler);
    }

    @Provides
    @IntoSet
    static Route health(HealthHandlers.Health handler) {
        return Route.get(HealthHandlers.HEALTH_PATH, handler);
    }

    @Provides
    @IntoSet
    static Route ready(HealthHandlers.Ready handler) {
        return Route.get(HealthHandlers.READY_PATH, handler);
    }

    /** {@code GET /metrics}, only when a token is set for it (otherwise the path is unknown: 404). */
    @Provides
    @ElementsIntoSet
    static Set<Route> metrics(Optional<MetricsSettings> settings, Optional<ListDeliveriesUseCase> outbox,
            Optional<StoreActivity> store, AuthThrottle throttle) {
        Optional<Secret> token = settings.flatMap(MetricsSettings::token);
        if (token.isEmpty() || outbox.isEmpty()) {
            return Set.of();
        }
        return Set.of(Route.get(MetricsHandler.PATH, new MetricsHandler(token.get(), outbox.get(), store, throttle)));
    }
}
