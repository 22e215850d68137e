package dev.ringback.application.port.out;

import dev.ringback.domain.account.Machine;
import dev.ringback.domain.delivery.AttemptResult;
import dev.ringback.domain.notify.AgentNotification;

/**
 * Hands a notification to the agent on the user's machine, into the notification's session.
 * One attempt per call; the caller retries. Implementations never throw for the machine's
 * answers or network failures: they are results.
 */
public interface AgentNotifier {
    AttemptResult deliver(Machine machine, AgentNotification notification);
}
