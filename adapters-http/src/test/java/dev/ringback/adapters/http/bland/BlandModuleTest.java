package dev.ringback.adapters.http.bland;

import static org.assertj.core.api.Assertions.assertThat;

import dagger.BindsInstance;
import dagger.Component;
import dev.ringback.adapters.http.bland.testing.FakeBland;
import dev.ringback.application.port.out.CallStatusLookup;
import dev.ringback.application.port.out.TelephonyProvider;
import dev.ringback.domain.account.Secret;
import dev.ringback.domain.call.ProviderCallId;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class BlandModuleTest {
    private static final Supplier<URI> WEBHOOK = () -> URI.create("http://127.0.0.1:9/api/webhooks/bland/status");

    @Singleton
    @Component(modules = BlandModule.class)
    interface Graph {
        TelephonyProvider telephony();

        BlandWebhookVerifier verifier();

        CallStatusLookup lookup();

        @Component.Factory
        interface Factory {
            Graph create(@BindsInstance BlandSettings settings,
                    @BindsInstance @Named(BlandModule.WEBHOOK_URL) Supplier<URI> webhookUrl);
        }
    }

    @Test
    void theBlandModeTalksToBland() {
        try (FakeBland bland = FakeBland.start()) {
            Graph graph = DaggerBlandModuleTest_Graph.factory()
                    .create(TestCalls.bland(bland.baseUrl(), bland.apiKey(), Duration.ofSeconds(5)), WEBHOOK);

            assertThat(graph.telephony()).isInstanceOf(BlandTelephonyProvider.class).isSameAs(graph.telephony());
            assertThat(graph.telephony().place(TestCalls.outbound("call-1"))).isInstanceOf(TelephonyProvider.Placement.Queued.class);
            assertThat(bland.lastPlacedCall().webhook()).contains(WEBHOOK.get());
            assertThat(graph.lookup()).isInstanceOf(BlandCallStatusLookup.class);
            assertThat(graph.lookup().lookUp(new ProviderCallId(bland.lastPlacedCall().callId())))
                    .isEqualTo(new CallStatusLookup.Answer.NotEnded());
        }
    }

    @Test
    void theSimulatedModeNeedsNoAccount() {
        Graph graph = DaggerBlandModuleTest_Graph.factory()
                .create(TestCalls.simulated(Optional.of(new Secret("whsec")), Duration.ofHours(1)), WEBHOOK);

        assertThat(graph.telephony()).isInstanceOf(SimulatedTelephonyProvider.class).isSameAs(graph.telephony());
        TelephonyProvider.Placement placed = graph.telephony().place(TestCalls.outbound("call-1"));

        // The lookup asks the very simulator that placed the call: running while it holds it,
        // unknown (so reconciliation ends it as "outcome unknown") once it never will post it.
        assertThat(graph.lookup().lookUp(((TelephonyProvider.Placement.Queued) placed).providerCallId()))
                .isEqualTo(new CallStatusLookup.Answer.NotEnded());
        assertThat(graph.lookup().lookUp(new ProviderCallId("placed-before-a-restart")))
                .isEqualTo(new CallStatusLookup.Answer.Unknown());
        ((SimulatedTelephonyProvider) graph.telephony()).close();
    }

    @Test
    void theVerifierComesFromTheSameSettings() {
        Graph graph = DaggerBlandModuleTest_Graph.factory()
                .create(TestCalls.simulated(Optional.empty(), Duration.ZERO), WEBHOOK);

        assertThat(graph.verifier().verify(name -> Optional.empty(), new byte[0]))
                .isEqualTo(BlandWebhookVerifier.Verdict.ACCEPTED_UNSIGNED);
    }
}
