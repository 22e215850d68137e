package dev.ringback.adapters.openclaw;

import dev.ringback.application.port.out.AgentNotifier;
import dev.ringback.application.port.out.TranscriptArchive;

/** The adapter's ports for a host application that embeds Ringback without Dagger. */
public final class OpenClawClients {
    private OpenClawClients() {}

    /**
     * The notifier that follows each machine's route: {@code /hooks/agent} for {@code hooks}
     * machines, the WebSocket {@code chat.send} for {@code chat} machines.
     */
    public static AgentNotifier notifier(OpenClawSettings settings) {
        GatewayHttp http = new GatewayHttp(settings);
        OpenClawChatNotifier chat = new OpenClawChatNotifier(http, settings);
        return new MachineRoutingNotifier(new OpenClawHookNotifier(http, chat), chat);
    }

    /** The same as {@link #notifier(OpenClawSettings)}; kept for existing callers. */
    public static AgentNotifier hookNotifier(OpenClawSettings settings) {
        return notifier(settings);
    }

    /** Writes transcripts through the machine's file server under {@link OpenClawSettings#workspaceRoot()}. */
    public static TranscriptArchive fileServerArchive(OpenClawSettings settings) {
        return new OpenClawFileServerArchive(new GatewayHttp(settings), settings);
    }
}
