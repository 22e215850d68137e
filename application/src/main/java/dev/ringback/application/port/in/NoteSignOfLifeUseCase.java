package dev.ringback.application.port.in;

import dev.ringback.domain.account.MachineId;

/**
 * A machine is probably awake: its agent made a request, or its user's dashboard reported the
 * conversation it shows (the dashboard talks to the machine directly). Never fails the request
 * that told it, and costs nothing for a machine that has no retries waiting.
 */
@FunctionalInterface
public interface NoteSignOfLifeUseCase {
    /** For a core embedded without a delivery worker, or a caller that does not want the hint. */
    NoteSignOfLifeUseCase IGNORED = machine -> { };

    void seen(MachineId machine);
}
