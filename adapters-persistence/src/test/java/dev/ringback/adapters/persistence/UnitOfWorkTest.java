package dev.ringback.adapters.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ringback.application.port.out.UnitOfWork;
import dev.ringback.application.testing.Fixtures;
import dev.ringback.domain.account.Machine;
import dev.ringback.domain.account.TokenHash;
import dev.ringback.domain.account.User;
import dev.ringback.domain.account.UserId;
import dev.ringback.domain.session.SessionKey;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** A unit of work on SQLite: one job of the writer, its reads and writes on the writer's connection. */
class UnitOfWorkTest {
    private static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");

    @TempDir
    Path directory;

    @RegisterExtension
    final OpenDatabases databases = new OpenDatabases();

    private SqlitePersistence persistence;
    private UnitOfWork unit;
    private Machine machine;

    @BeforeEach
    void open() {
        persistence = databases.open(directory.resolve("ringback.db"));
        unit = persistence.unitOfWork();
        User alice = Fixtures.user("alice");
        persistence.users().save(alice);
        machine = Fixtures.machine("machine-a", alice.id(), "gateway-token-a");
        persistence.machines().save(machine);
        persistence.dashboardTokens().save(TokenHash.of("dashboard-token"), alice.id(), NOW);
    }

    private Optional<SessionKey> storedKey() {
        return persistence.machines().findById(machine.id()).orElseThrow().lastReportedSession();
    }

    @Test
    void theWorkReadsAndWritesOnTheWriterAndCompletesAfterItsCommit() throws Exception {
        CompletableFuture<String> done = unit.submit(() -> {
            UserId user = persistence.dashboardTokens().findUser(TokenHash.of("dashboard-token")).orElseThrow();
            Machine found = persistence.machines().findByUser(user).orElseThrow();
            persistence.machines().recordActiveSession(found.id(), SessionKey.parse("research"), NOW);
            return Thread.currentThread().getName();
        }).toCompletableFuture();

        assertThat(done.get(10, TimeUnit.SECONDS)).isEqualTo("sqlite-writer");
        // Read on a pooled connection: committed.
        assertThat(storedKey()).contains(SessionKey.parse("research"));
    }

    @Test
    void theWorkSeesTheWritesQueuedBeforeIt() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Object> holding = holdTheWriter(release);
        persistence.machines().recordActiveSessionAsync(machine.id(), SessionKey.parse("queued-first"), NOW);

        CompletableFuture<Optional<SessionKey>> seen = unit.submit(
                () -> persistence.machines().findById(machine.id()).orElseThrow().lastReportedSession()).toCompletableFuture();
        release.countDown();

        assertThat(seen.get(10, TimeUnit.SECONDS)).contains(SessionKey.parse("queued-first"));
        holding.get(10, TimeUnit.SECONDS);
    }

    @Test
    void aWorkThatThrowsChangesNothingAndFailsAlone() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Object> holding = holdTheWriter(release);
        CompletableFuture<Object> failed = unit.submit(() -> {
            persistence.machines().recordActiveSession(machine.id(), SessionKey.parse("never"), NOW);
            throw new IllegalStateException("the work gives up");
        }).toCompletableFuture();
        CompletableFuture<Void> beside = persistence.machines()
                .recordActiveSessionAsync(machine.id(), SessionKey.parse("beside"), NOW).toCompletableFuture();
        release.countDown();

        assertThatThrownBy(() -> failed.get(10, TimeUnit.SECONDS)).hasRootCauseMessage("the work gives up");
        beside.get(10, TimeUnit.SECONDS);
        holding.get(10, TimeUnit.SECONDS);
        assertThat(storedKey()).contains(SessionKey.parse("beside"));
    }

    @Test
    void aWriteThatFailsInsideIsUndoneAloneWhenTheWorkGoesOn() throws Exception {
        unit.submit(() -> {
            persistence.machines().recordActiveSession(machine.id(), SessionKey.parse("kept"), NOW);
            try {
                persistence.database().write(handle -> {
                    handle.execute("UPDATE machines SET last_session_key = 'agent:main:half-written' WHERE id = ?", machine.id().value());
                    throw new IllegalStateException("fails after its first statement");
                });
            } catch (IllegalStateException expected) {
                // The work goes on, as a sign of life that could not bring a retry forward does.
            }
            return null;
        }).toCompletableFuture().get(10, TimeUnit.SECONDS);

        assertThat(storedKey()).contains(SessionKey.parse("kept"));
    }

    @Test
    void aUnitOfWorkCannotBeginAnotherFromInside() throws Exception {
        CompletableFuture<CompletableFuture<Object>> inner = unit.submit(
                () -> unit.submit(() -> (Object) "inner").toCompletableFuture()).toCompletableFuture();

        CompletableFuture<Object> refused = inner.get(10, TimeUnit.SECONDS);
        assertThat(refused).isCompletedExceptionally();
        assertThatThrownBy(refused::join).hasRootCauseMessage("a write job cannot start another write job");
    }

    /** A job that keeps the writer busy until released, so that what is queued meanwhile meets in one batch. */
    private CompletableFuture<Object> holdTheWriter(CountDownLatch release) throws InterruptedException {
        CountDownLatch started = new CountDownLatch(1);
        CompletableFuture<Object> holding = persistence.database().writeAsync(handle -> {
            started.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return null;
        });
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        return holding;
    }
}
