package dev.ringback.adapters.openclaw;

import dagger.Module;
import dagger.Provides;
import dev.ringback.application.port.out.AgentNotifier;
import dev.ringback.application.port.out.TranscriptArchive;
import jakarta.inject.Singleton;

/**
 * Wires the OpenClaw side of Ringback: needs {@link OpenClawSettings} in the graph and provides
 * the {@link AgentNotifier} (chosen per machine by its route) and the {@link TranscriptArchive},
 * sharing one HTTP client.
 */
@Module
public final class OpenClawModule {
    private OpenClawModule() {}

    @Provides
    @Singleton
    static AgentNotifier agentNotifier(MachineRoutingNotifier notifier) {
        return notifier;
    }

    @Provides
    @Singleton
    static TranscriptArchive transcriptArchive(OpenClawFileServerArchive archive) {
        return archive;
    }
}
