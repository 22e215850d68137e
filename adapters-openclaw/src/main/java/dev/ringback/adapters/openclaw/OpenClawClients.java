package dev.ringback.adapters.openclaw;

import dev.ringback.application.port.out.AgentNotifier;
import dev.ringback.application.port.out.TranscriptArchive;

/** The adapter's ports for a host application that embeds Ringback without Dagger. */
public final class OpenClawClients {
    private OpenClawClients() {}

    /**
     * The {@code /hooks/agent} notifier, behind the per-machine route choice: machines on the chat
     * route are refused until that route exists, never sent through hooks.
     */
    public static AgentNotifier hookNotifier(OpenClawSettings settings) {
        return new MachineRoutingNotifier(new OpenClawHookNotifier(new GatewayHttp(settings)));
    }

    /** Writes transcripts through the machine's file server under {@link OpenClawSettings#workspaceRoot()}. */
    public static TranscriptArchive fileServerArchive(OpenClawSettings settings) {
        return new OpenClawFileServerArchive(new GatewayHttp(settings), settings);
    }
}
