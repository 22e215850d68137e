package dev.ringback.application.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ringback.application.port.in.RecordCallOutcomeUseCase.Result;
import dev.ringback.application.port.out.UnitOfWork;
import dev.ringback.application.testing.QueuedUnitOfWork;
import dev.ringback.domain.call.CallRecord;
import dev.ringback.domain.call.CallStatus;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every outcome test again, each report found, decided and written in a unit of work on a thread of its own. */
class RecordCallOutcomeInUnitOfWorkTest extends RecordCallOutcomeServiceTest {
    private final ExecutorService writer = Executors.newSingleThreadExecutor();

    @BeforeEach
    void inUnitsOfWork() {
        world.unitOfWork = new UnitOfWork() {
            @Override
            public <T> CompletionStage<T> submit(Supplier<T> work) {
                return CompletableFuture.supplyAsync(work, writer);
            }
        };
    }

    @AfterEach
    void stopWriter() {
        writer.shutdownNow();
    }

    @Test
    void theCallIsFoundAndEndedInTheUnitOfWorkNotOnTheCallersThread() {
        QueuedUnitOfWork unit = new QueuedUnitOfWork();
        world.unitOfWork = unit;
        RecordCallOutcomeService outcomes = world.outcomes();

        CompletableFuture<Result> recorded = outcomes.recordAsync(
                World.report("bland-1", Optional.empty(), World.completed(60, "user: hi", "done"))).toCompletableFuture();
        // Placed only now: a lookup made on the caller's thread would not have found it.
        CallRecord call = world.placeQueued("bland-1", Optional.empty());

        assertThat(outcomes.recordsInUnitOfWork()).isTrue();
        assertThat(recorded).isNotDone();
        assertThat(world.deliveries.findByCall(call.id())).isEmpty();
        assertThat(world.wakeup.count()).isZero();

        unit.runAll();

        assertThat(recorded.join()).isInstanceOf(Result.Recorded.class);
        assertThat(world.stored(call.id()).status()).isEqualTo(CallStatus.COMPLETED);
        assertThat(world.deliveries.findByCall(call.id())).hasSize(2);
        assertThat(world.wakeup.count()).isEqualTo(1);
    }

    @Test
    void withoutAUnitOfWorkTheCallIsFoundOnTheCallersThread() {
        world.unitOfWork = null;

        assertThat(world.outcomes().recordsInUnitOfWork()).isFalse();
    }
}
