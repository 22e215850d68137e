package dev.ringback.adapters.openclaw;

import dev.ringback.application.port.out.AgentNotifier;
import dev.ringback.domain.account.Machine;
import dev.ringback.domain.delivery.AttemptResult;
import dev.ringback.domain.notify.AgentNotification;
import jakarta.inject.Inject;

/**
 * Picks the notifier a machine's gateway version needs ({@link Machine#route()}): current
 * gateways take {@code /hooks/agent} with a persistent session; older ones only keep the
 * notification in the conversation when it comes through the WebSocket {@code chat.send}.
 */
final class MachineRoutingNotifier implements AgentNotifier {
    private final OpenClawHookNotifier hooks;
    private final OpenClawChatNotifier chat;

    @Inject
    MachineRoutingNotifier(OpenClawHookNotifier hooks, OpenClawChatNotifier chat) {
        this.hooks = hooks;
        this.chat = chat;
    }

    @Override
    public AttemptResult deliver(Machine machine, AgentNotification notification) {
        switch (machine.route()) {
            case HOOKS:
                return hooks.deliver(machine, notification);
            case CHAT:
                return chat.deliver(machine, notification);
            default:
                throw new IllegalStateException("unknown route " + machine.route());
        }
    }
}
