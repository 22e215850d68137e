package dev.ringback.application.testing;

import dev.ringback.application.port.out.AgentNotifier;
import dev.ringback.domain.account.Machine;
import dev.ringback.domain.delivery.AttemptResult;
import dev.ringback.domain.notify.AgentNotification;
import java.util.ArrayList;
import java.util.List;

/**
 * An agent notifier that records what it was asked to send and answers from a script
 * ({@code Delivered("200")} once the script is used up). A scripted exception stands for a buggy
 * adapter; it is still recorded as an attempt.
 */
public final class RecordingAgentNotifier implements AgentNotifier {
    public record Sent(Machine machine, AgentNotification notification) {}

    private final ScriptedAttempts answers = new ScriptedAttempts(new AttemptResult.Delivered("200"));
    private final List<Sent> sent = new ArrayList<>();

    public RecordingAgentNotifier thenAnswer(AttemptResult... results) {
        for (AttemptResult result : results) {
            answers.add(result);
        }
        return this;
    }

    public RecordingAgentNotifier thenThrow(RuntimeException failure) {
        answers.addFailure(failure);
        return this;
    }

    @Override
    public AttemptResult deliver(Machine machine, AgentNotification notification) {
        synchronized (this) {
            sent.add(new Sent(machine, notification));
        }
        return answers.next();
    }

    public synchronized List<Sent> sent() {
        return List.copyOf(sent);
    }

    public synchronized List<AgentNotification> notifications() {
        return sent.stream().map(Sent::notification).collect(java.util.stream.Collectors.toUnmodifiableList());
    }
}
