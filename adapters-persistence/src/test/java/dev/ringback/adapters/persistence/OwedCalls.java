package dev.ringback.adapters.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ringback.application.testing.Fixtures;
import dev.ringback.application.testing.SequentialIds;
import dev.ringback.domain.account.Machine;
import dev.ringback.domain.account.User;
import dev.ringback.domain.call.CallRecord;
import java.time.Instant;

/** An outbox with something in it, for tests of what happens to the file around the deliveries. */
final class OwedCalls {
    private OwedCalls() {}

    /** A user, their machine and {@code calls} calls ended around {@code t0} whose notification and transcript are owed. */
    static Machine owe(SqlitePersistence persistence, Instant t0, String machineId, int calls) {
        User user = Fixtures.user("user-" + machineId);
        Machine machine = Fixtures.machine(machineId, user.id(), "gateway-token-" + machineId);
        persistence.users().save(user);
        persistence.machines().save(machine);
        SequentialIds ids = new SequentialIds(machineId + "-delivery-");
        for (int i = 0; i < calls; i++) {
            CallRecord call = Fixtures.outboundCall(machineId + "-call-" + i, machine, t0.plusMillis(i));
            CallRecord ended = Fixtures.completed(call, 30, t0.plusSeconds(1).plusMillis(i));
            persistence.calls().insert(call);
            assertThat(persistence.calls().recordCompletion(ended,
                    Fixtures.deliveriesFor(ended, ids, t0.plusSeconds(1).plusMillis(i)))).isTrue();
        }
        return machine;
    }
}
