package dev.ringback.bootstrap;

import dagger.Module;
import dagger.Provides;
import dev.ringback.adapters.http.AuthThrottleSettings;
import dev.ringback.adapters.http.HttpServerSettings;
import dev.ringback.adapters.http.MetricsSettings;
import dev.ringback.adapters.http.ReadinessProbe;
import dev.ringback.adapters.http.bland.BlandSettings;
import dev.ringback.adapters.openclaw.OpenClawSettings;
import dev.ringback.adapters.persistence.PersistenceSettings;
import dev.ringback.adapters.persistence.SqlitePersistence;
import jakarta.inject.Named;
import java.net.URI;
import java.util.function.Supplier;

/** Hands each adapter its slice of the configuration. */
@Module
final class SettingsModule {
    private SettingsModule() {}

    @Provides
    static PersistenceSettings persistence(RingbackConfig config) {
        return config.persistence();
    }

    @Provides
    static HttpServerSettings http(RingbackConfig config) {
        return config.http();
    }

    @Provides
    static BlandSettings bland(RingbackConfig config) {
        return config.bland();
    }

    @Provides
    static AuthThrottleSettings authThrottle(RingbackConfig config) {
        return config.authThrottle();
    }

    @Provides
    static MetricsSettings metrics(RingbackConfig config) {
        return config.metrics();
    }

    @Provides
    static OpenClawSettings openClaw(RingbackConfig config) {
        return config.openClaw();
    }

    @Provides
    @Named("upgradeUrl")
    static String upgradeUrl(RingbackConfig config) {
        return config.upgradeUrl();
    }

    @Provides
    @Named("blandWebhookUrl")
    static Supplier<URI> blandWebhookUrl(PublicUrl publicUrl) {
        return publicUrl::blandWebhook;
    }

    @Provides
    static ReadinessProbe readiness(SqlitePersistence database, DeliveryWorker worker, CallReconciler reconciler) {
        return () -> worker.isRunning() && reconciler.stillSweeping() && database.isHealthy();
    }
}
