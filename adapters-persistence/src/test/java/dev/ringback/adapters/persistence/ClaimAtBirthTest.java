package dev.ringback.adapters.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ringback.application.testing.Fixtures;
import dev.ringback.application.testing.SequentialIds;
import dev.ringback.domain.account.Machine;
import dev.ringback.domain.account.User;
import dev.ringback.domain.call.CallRecord;
import dev.ringback.domain.delivery.Delivery;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * On SQLite, a claim at birth is made in the unit of work that stores the outcome: it commits and
 * is undone with it, and it never reads a backlog to decide.
 */
class ClaimAtBirthTest {
    private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");
    private static final Duration LEASE = Duration.ofMinutes(2);

    @TempDir
    Path directory;

    @RegisterExtension
    final OpenDatabases databases = new OpenDatabases();

    private final SequentialIds ids = new SequentialIds("delivery-");
    private SqlitePersistence db;
    private int calls;

    @BeforeEach
    void open() {
        db = databases.open(directory.resolve("ringback.db"));
    }

    private Machine machine(String name) {
        User owner = Fixtures.user("owner-of-" + name);
        db.users().save(owner);
        Machine machine = Fixtures.machine(name, owner.id(), "gateway-token-" + name);
        db.machines().save(machine);
        return machine;
    }

    /** A call of {@code machine} that has not ended yet, and the deliveries its end will owe. */
    private Ending ending(Machine machine) {
        CallRecord call = Fixtures.outboundCall("call-" + ++calls, machine, NOW.minusSeconds(60));
        db.calls().insert(call);
        CallRecord ended = Fixtures.completed(call, 50, NOW);
        return new Ending(ended, Fixtures.deliveriesFor(ended, ids, NOW));
    }

    private record Ending(CallRecord ended, List<Delivery> owed) {}

    @Test
    void theClaimCommitsWithTheOutcomeThatOwesTheDeliveries() throws Exception {
        Ending ending = ending(machine("machine-a"));

        List<Delivery> claimed = db.unitOfWork().submit(() -> {
            db.calls().recordCompletion(ending.ended(), ending.owed());
            return db.deliveries().claimBorn(ending.owed(), NOW, LEASE);
        }).toCompletableFuture().get(10, TimeUnit.SECONDS);

        assertThat(claimed).hasSize(2);
        assertThat(db.deliveries().nextDueAt()).contains(NOW.plus(LEASE));
        assertThat(db.deliveries().claimDue(NOW, LEASE, 10)).isEmpty();
    }

    @Test
    void aUnitOfWorkThatFailsAfterTheClaimLeavesNeitherTheDeliveriesNorTheirLeases() {
        Ending ending = ending(machine("machine-a"));

        var failed = db.unitOfWork().submit(() -> {
            db.calls().recordCompletion(ending.ended(), ending.owed());
            assertThat(db.deliveries().claimBorn(ending.owed(), NOW, LEASE)).hasSize(2);
            throw new IllegalStateException("the outcome's unit fails after its claim");
        }).toCompletableFuture();

        assertThat(failed).failsWithin(Duration.ofSeconds(10)).withThrowableThat()
                .withRootCauseInstanceOf(IllegalStateException.class);
        assertThat(db.deliveries().nextDueAt()).isEmpty();
        assertThat(db.deliveries().findById(ending.owed().get(0).id())).isEmpty();
    }

    @Test
    void withMoreThanItLooksAtOwedAcrossMachinesItLeavesTheNewbornsToTheWorker() {
        Machine busy = machine("machine-busy");
        for (int i = 0; i < JdbiDeliveryRepository.BORN_LOOKS_AT / 2 - 1; i++) {
            Ending other = ending(busy);
            db.calls().recordCompletion(other.ended(), other.owed());
        }
        Machine quiet = machine("machine-quiet");
        Ending first = ending(quiet);
        db.calls().recordCompletion(first.ended(), first.owed());
        assertThat(db.deliveries().claimBorn(first.owed(), NOW, LEASE)).as("64 owed in all: it reads them all").hasSize(2);

        Ending second = ending(machine("machine-third"));
        db.calls().recordCompletion(second.ended(), second.owed());

        assertThat(db.deliveries().claimBorn(second.owed(), NOW, LEASE)).as("66 owed: it would read past its bound").isEmpty();
        assertThat(db.deliveries().claimDueOf(second.owed().get(0).machineId(), NOW, LEASE, 10)).hasSize(2);
    }
}
