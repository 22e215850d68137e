package dev.ringback.adapters.openclaw.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import dagger.BindsInstance;
import dagger.Component;
import dev.ringback.adapters.openclaw.OpenClawModule;
import dev.ringback.adapters.openclaw.OpenClawSettings;
import dev.ringback.adapters.openclaw.testing.FakeOldOpenClawGateway;
import dev.ringback.adapters.openclaw.testing.FakeOpenClawGateway;
import dev.ringback.application.port.out.AgentNotifier;
import dev.ringback.application.port.out.TranscriptArchive;
import dev.ringback.domain.account.Machine;
import dev.ringback.domain.account.MachineId;
import dev.ringback.domain.account.NotifierRoute;
import dev.ringback.domain.account.Secret;
import dev.ringback.domain.account.UserId;
import dev.ringback.domain.delivery.AttemptResult;
import dev.ringback.domain.notify.AgentNotification;
import dev.ringback.domain.notify.TranscriptFile;
import dev.ringback.domain.session.SessionKey;
import jakarta.inject.Singleton;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The module as bootstrap will use it: from another package, with only the settings bound. */
class OpenClawModuleTest {

    @Singleton
    @Component(modules = OpenClawModule.class)
    interface TestGraph {
        AgentNotifier notifier();

        TranscriptArchive archive();

        @Component.Factory
        interface Factory {
            TestGraph create(@BindsInstance OpenClawSettings settings);
        }
    }

    @Test
    void the_module_provides_working_singletons() {
        TestGraph graph = DaggerOpenClawModuleTest_TestGraph.factory().create(OpenClawSettings.DEFAULT);

        try (FakeOpenClawGateway gateway = FakeOpenClawGateway.start()) {
            Machine machine = new Machine(new MachineId("m-1"), new UserId("u-1"), gateway.baseUri(),
                    new Secret(gateway.gatewayToken()), new Secret(gateway.hookToken()), "/hooks", Set.of("main"),
                    NotifierRoute.HOOKS, Optional.empty());
            AgentNotification notification = new AgentNotification(SessionKey.parse("research"), "PhoneCall",
                    "call done [ringback call c-9]", "ringback-call-c-9", "[ringback call c-9]");

            assertThat(graph.notifier()).isSameAs(graph.notifier());
            assertThat(graph.archive()).isSameAs(graph.archive());
            assertThat(graph.notifier().deliver(machine, notification)).isInstanceOf(AttemptResult.Delivered.class);
            try (FakeOldOpenClawGateway old = FakeOldOpenClawGateway.start()) {
                Machine chat = new Machine(new MachineId("m-2"), new UserId("u-2"), old.baseUri(),
                        new Secret(old.gatewayToken()), new Secret(old.hookToken()), "/hooks", Set.of("main"),
                        NotifierRoute.CHAT, Optional.empty());
                assertThat(graph.notifier().deliver(chat, notification)).isInstanceOf(AttemptResult.Delivered.class);
                assertThat(old.chatSends()).hasSize(1);
                assertThat(old.hookRuns()).isEmpty();
            }
            assertThat(graph.archive().store(machine, new TranscriptFile("calls/x.md", "# x")))
                    .isInstanceOf(AttemptResult.Delivered.class);
            assertThat(gateway.history("agent:main:research")).isNotEmpty();
            assertThat(gateway.files()).containsKey("/home/node/.openclaw/workspace/calls/x.md");
        }
    }
}
