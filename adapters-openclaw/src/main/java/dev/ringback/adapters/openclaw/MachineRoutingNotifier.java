package dev.ringback.adapters.openclaw;

import dev.ringback.application.port.out.AgentNotifier;
import dev.ringback.domain.account.Machine;
import dev.ringback.domain.delivery.AttemptResult;
import dev.ringback.domain.notify.AgentNotification;
import jakarta.inject.Inject;

/**
 * Picks the notifier a machine's gateway version needs ({@link Machine#route()}). Only the
 * {@code /hooks/agent} route exists so far; a chat-route machine is refused rather than sent
 * through hooks, where an old gateway would file the notification in a throwaway session.
 */
final class MachineRoutingNotifier implements AgentNotifier {
    static final String CHAT_NOT_AVAILABLE = "chat route not available yet";

    private final OpenClawHookNotifier hooks;

    @Inject
    MachineRoutingNotifier(OpenClawHookNotifier hooks) {
        this.hooks = hooks;
    }

    @Override
    public AttemptResult deliver(Machine machine, AgentNotification notification) {
        switch (machine.route()) {
            case HOOKS:
                return hooks.deliver(machine, notification);
            case CHAT:
                return new AttemptResult.Refused(CHAT_NOT_AVAILABLE);
            default:
                throw new IllegalStateException("unknown route " + machine.route());
        }
    }
}
