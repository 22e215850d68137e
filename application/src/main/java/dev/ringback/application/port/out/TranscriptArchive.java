package dev.ringback.application.port.out;

import dev.ringback.domain.account.Machine;
import dev.ringback.domain.delivery.AttemptResult;
import dev.ringback.domain.notify.TranscriptFile;

/** Writes a call's transcript file into the agent's workspace. One attempt per call, like {@link AgentNotifier}. */
public interface TranscriptArchive {
    AttemptResult store(Machine machine, TranscriptFile file);
}
