package dev.ringback.application.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ringback.application.port.out.MachineRepository;
import dev.ringback.domain.account.Machine;
import dev.ringback.domain.account.MachineId;
import dev.ringback.domain.account.NotifierRoute;
import dev.ringback.domain.account.Secret;
import dev.ringback.domain.account.TokenHash;
import dev.ringback.domain.account.User;
import dev.ringback.domain.account.UserId;
import dev.ringback.domain.session.SessionKey;
import java.net.URI;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link MachineRepository} must do. */
public abstract class MachineRepositoryContract {
    private static final Instant NOW = Instant.parse("2025-01-15T10:00:00.5Z");

    private MachineRepository machines;
    private final User alice = Fixtures.user("alice");
    private final User bob = Fixtures.user("bob");
    private final Machine aliceMachine = Fixtures.machine("machine-a", alice.id(), "gateway-token-a");
    private final Machine bobMachine = Fixtures.machine("machine-b", bob.id(), "gateway-token-b");

    protected abstract Repositories newRepositories();

    @BeforeEach
    void createRepository() {
        Repositories repositories = newRepositories();
        repositories.users().save(alice);
        repositories.users().save(bob);
        machines = repositories.machines();
    }

    @Test
    void findsWhatWasSavedById() {
        machines.save(aliceMachine);

        assertThat(machines.findById(aliceMachine.id())).contains(aliceMachine);
        assertThat(machines.findById(new MachineId("machine-x"))).isEmpty();
    }

    @Test
    void everyFieldRoundTrips() {
        Machine rich = new Machine(new MachineId("machine-r"), alice.id(), URI.create("http://10.0.0.5:18789/base"),
                new Secret("gw-secret"), new Secret("hook-secret"), "/custom/hooks", Set.of("main", "ops", "sales_2"),
                NotifierRoute.CHAT, Optional.of(SessionKey.parse("agent:ops:research")), "/ws", false);
        machines.save(rich);

        assertThat(machines.findById(rich.id())).contains(rich);
        machines.save(rich.withFileServer(true));
        assertThat(machines.findById(rich.id()).orElseThrow().fileServer()).isTrue();
    }

    @Test
    void findsByTheHashOfTheGatewayTokenOnly() {
        machines.save(aliceMachine);
        machines.save(bobMachine);

        assertThat(machines.findByGatewayTokenHash(TokenHash.of("gateway-token-a"))).contains(aliceMachine);
        assertThat(machines.findByGatewayTokenHash(TokenHash.of("gateway-token-b"))).contains(bobMachine);
        assertThat(machines.findByGatewayTokenHash(TokenHash.of("hook-gateway-token-a"))).isEmpty();
        assertThat(machines.findByGatewayTokenHash(TokenHash.of("unknown"))).isEmpty();
    }

    @Test
    void findsTheUsersOwnMachineOnly() {
        machines.save(aliceMachine);
        machines.save(bobMachine);

        assertThat(machines.findByUser(alice.id())).contains(aliceMachine);
        assertThat(machines.findByUser(bob.id())).contains(bobMachine);
        assertThat(machines.findByUser(new UserId("carol"))).isEmpty();
    }

    @Test
    void saveReplacesAndTheOldGatewayTokenNoLongerFindsIt() {
        machines.save(aliceMachine);
        Machine rotated = new Machine(aliceMachine.id(), alice.id(), URI.create("https://moved.example.test"),
                new Secret("gateway-token-new"), new Secret("hook-token-new"), "/hooks", Set.of("main"),
                NotifierRoute.CHAT, Optional.empty());

        machines.save(rotated);

        assertThat(machines.findById(aliceMachine.id())).contains(rotated);
        assertThat(machines.findByGatewayTokenHash(TokenHash.of("gateway-token-new"))).contains(rotated);
        assertThat(machines.findByGatewayTokenHash(TokenHash.of("gateway-token-a"))).isEmpty();
        assertThat(machines.findAll()).containsExactly(rotated);
    }

    @Test
    void aSecondMachineForTheSameUserIsRefused() {
        machines.save(aliceMachine);
        Machine second = Fixtures.machine("machine-a2", alice.id(), "gateway-token-a2");

        assertThatThrownBy(() -> machines.save(second)).isInstanceOf(IllegalStateException.class);
        assertThat(machines.findByUser(alice.id())).contains(aliceMachine);
        assertThat(machines.findById(second.id())).isEmpty();
    }

    @Test
    void aGatewayTokenAlreadyUsedByAnotherMachineIsRefused() {
        machines.save(aliceMachine);
        Machine sameToken = Fixtures.machine("machine-b", bob.id(), "gateway-token-a");

        assertThatThrownBy(() -> machines.save(sameToken)).isInstanceOf(IllegalStateException.class);
        assertThat(machines.findByGatewayTokenHash(TokenHash.of("gateway-token-a"))).contains(aliceMachine);
        assertThat(machines.findById(sameToken.id())).isEmpty();
    }

    @Test
    void findAllListsEveryMachine() {
        assertThat(machines.findAll()).isEmpty();
        machines.save(bobMachine);
        machines.save(aliceMachine);

        assertThat(machines.findAll()).containsExactlyInAnyOrder(aliceMachine, bobMachine);
    }

    @Test
    void recordsTheActiveSessionOfThatMachineOnly() {
        machines.save(aliceMachine);
        machines.save(bobMachine);

        machines.recordActiveSession(aliceMachine.id(), SessionKey.parse("research"), NOW);

        assertThat(machines.findById(aliceMachine.id()).orElseThrow().lastReportedSession())
                .contains(SessionKey.parse("agent:main:research"));
        assertThat(machines.findById(bobMachine.id())).contains(bobMachine);
    }

    @Test
    void anOperatorsSaveOfAMachineReadBeforeALaterReportKeepsThatReport() {
        machines.save(aliceMachine);
        machines.recordActiveSession(aliceMachine.id(), SessionKey.parse("research"), NOW);
        Machine readByOperator = machines.findById(aliceMachine.id()).orElseThrow();

        machines.recordActiveSession(aliceMachine.id(), SessionKey.parse("general"), NOW.plusSeconds(5));
        machines.save(readByOperator.withRoute(NotifierRoute.CHAT));

        Machine stored = machines.findById(aliceMachine.id()).orElseThrow();
        assertThat(stored.route()).isEqualTo(NotifierRoute.CHAT);
        assertThat(stored.lastReportedSession()).contains(SessionKey.parse("general"));
    }

    @Test
    void theLatestReportedSessionWins() {
        machines.save(aliceMachine);

        machines.recordActiveSession(aliceMachine.id(), SessionKey.parse("research"), NOW);
        machines.recordActiveSession(aliceMachine.id(), SessionKey.parse("general"), NOW.plusSeconds(5));

        assertThat(machines.findById(aliceMachine.id())).contains(
                aliceMachine.withLastReportedSession(SessionKey.parse("general")));
        assertThat(machines.findByGatewayTokenHash(TokenHash.of("gateway-token-a")).orElseThrow().lastReportedSession())
                .contains(SessionKey.parse("general"));
    }

    @Test
    void anAsynchronousReportIsStoredOnceItsStageCompletes() throws Exception {
        machines.save(aliceMachine);

        machines.recordActiveSessionAsync(aliceMachine.id(), SessionKey.parse("research"), NOW)
                .toCompletableFuture().get(10, TimeUnit.SECONDS);

        assertThat(machines.findById(aliceMachine.id()).orElseThrow().lastReportedSession())
                .contains(SessionKey.parse("agent:main:research"));
    }

    @Test
    void reportForAnUnknownMachineChangesNothing() {
        machines.save(aliceMachine);

        machines.recordActiveSession(new MachineId("machine-x"), SessionKey.parse("research"), NOW);

        assertThat(machines.findAll()).containsExactly(aliceMachine);
    }
}
