package dev.ringback.adapters.http.bland;

import dagger.Module;
import dagger.Provides;
import dev.ringback.application.port.out.CallStatusLookup;
import dev.ringback.application.port.out.TelephonyProvider;
import jakarta.inject.Named;
import jakarta.inject.Provider;
import jakarta.inject.Singleton;
import java.net.URI;
import java.util.function.Supplier;

/**
 * The telephony side of the HTTP adapter: real Bland calls or the trial simulator, chosen by
 * {@link BlandSettings#mode()}. The graph must hold {@link BlandSettings} and the public URL of
 * Ringback's Bland webhook as {@code @Named("blandWebhookUrl") Supplier<URI>}.
 * {@link BlandWebhookVerifier} is injectable from the same graph.
 */
@Module
public final class BlandModule {
    public static final String WEBHOOK_URL = "blandWebhookUrl";

    private BlandModule() {}

    @Provides
    @Singleton
    static TelephonyProvider telephonyProvider(BlandSettings settings, @Named(WEBHOOK_URL) Supplier<URI> webhookUrl) {
        switch (settings.mode()) {
            case BLAND:
                return new BlandTelephonyProvider(settings, webhookUrl);
            case SIMULATED:
                return new SimulatedTelephonyProvider(settings, webhookUrl);
            default:
                throw new IllegalStateException("unknown telephony mode " + settings.mode());
        }
    }

    @Provides
    @Singleton
    static CallStatusLookup callStatusLookup(BlandSettings settings, Provider<TelephonyProvider> telephony) {
        if (settings.mode() == TelephonyMode.BLAND) {
            return new BlandCallStatusLookup(settings);
        }
        // Only the simulator itself knows which of its calls are still on their way.
        return new SimulatedCallStatusLookup((SimulatedTelephonyProvider) telephony.get());
    }
}
