package dev.ringback.application.port.out;

import dev.ringback.domain.account.Machine;
import dev.ringback.domain.account.MachineId;
import dev.ringback.domain.account.TokenHash;
import dev.ringback.domain.account.UserId;
import dev.ringback.domain.session.SessionKey;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

public interface MachineRepository {
    /**
     * Inserts the machine, or replaces its settings. A user has at most one machine: saving a
     * machine with a new id for a user that already has one is refused with {@link
     * IllegalStateException}. The stored gateway token can be found by its hash afterwards. The
     * conversation last reported is the dashboard's to change ({@link #recordActiveSession}): a
     * new machine is stored with the one it carries, and a save of a machine read before a later
     * report (an operator's command, which may take half a minute) keeps that report.
     */
    void save(Machine machine);

    Optional<Machine> findById(MachineId id);

    /** The machine whose gateway token hashes to {@code hash}; tokens are never looked up in clear. */
    Optional<Machine> findByGatewayTokenHash(TokenHash hash);

    Optional<Machine> findByUser(UserId user);

    List<Machine> findAll();

    /** The dashboard says this conversation is open now. */
    void recordActiveSession(MachineId id, SessionKey key, Instant at);

    /**
     * {@link #recordActiveSession}, completing once the change is durable instead of returning
     * then. A store that commits on a thread of its own may complete the stage on that thread, so
     * what is chained to it must not block. By default: the synchronous write, then a completed stage.
     */
    default CompletionStage<Void> recordActiveSessionAsync(MachineId id, SessionKey key, Instant at) {
        try {
            recordActiveSession(id, key, at);
            return CompletableFuture.completedFuture(null);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
