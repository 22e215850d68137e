package dev.ringback.application.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ringback.application.port.in.RegisterMachineUseCase;
import dev.ringback.application.port.in.RegisterUserUseCase;
import dev.ringback.application.port.out.UserRepository;
import dev.ringback.application.testing.FixedClock;
import dev.ringback.application.testing.InMemoryDashboardTokenRepository;
import dev.ringback.application.testing.InMemoryMachineRepository;
import dev.ringback.application.testing.InMemoryUserRepository;
import dev.ringback.application.testing.SequentialIds;
import dev.ringback.domain.InvalidInputException;
import dev.ringback.domain.account.Machine;
import dev.ringback.domain.account.MachineId;
import dev.ringback.domain.account.NotifierRoute;
import dev.ringback.domain.account.TokenHash;
import dev.ringback.domain.account.User;
import dev.ringback.domain.account.UserId;
import dev.ringback.domain.phone.PhoneNumber;
import dev.ringback.domain.session.SessionKey;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OperatorServiceTest {
    private final InMemoryUserRepository users = new InMemoryUserRepository();
    private final InMemoryMachineRepository machines = new InMemoryMachineRepository();
    private final InMemoryDashboardTokenRepository tokens = new InMemoryDashboardTokenRepository();
    private final Deque<String> issuedTokens = new ArrayDeque<>(List.of("dash-token-1", "dash-token-2"));
    private final OperatorService operator = new OperatorService(users, machines, tokens, new SequentialIds("gen-"),
            issuedTokens::poll, new FixedClock());
    private UserId ada;

    @BeforeEach
    void registerAda() {
        ada = operator.register(new RegisterUserUseCase.Command(Optional.of("ada"), "Ada", "pro")).id();
    }

    private static RegisterMachineUseCase.Command machine(UserId user, Optional<String> id, String url, String gatewayToken,
            String hookToken) {
        return new RegisterMachineUseCase.Command(user, id, url, gatewayToken, hookToken, "/hooks", Set.of("main"),
                NotifierRoute.HOOKS);
    }

    private RegisterMachineUseCase.Command adasMachine() {
        return machine(ada, Optional.empty(), "https://ada.fly.dev", "gw-token-ada", "hook-token-ada");
    }

    // --- users -----------------------------------------------------------------------------

    /**
     * forget-user ran between this command's read and its write: the change fails and the user
     * stays forgotten (the store's write was an upsert, and brought them back with their number).
     */
    @Test
    void aChangeToAUserForgottenMeanwhileFailsAndBringsNothingBack() {
        User stale = users.findById(ada).orElseThrow();
        InMemoryUserRepository afterErasure = new InMemoryUserRepository();
        int[] reads = new int[1];
        UserRepository readBeforeTheErasure = new DelegatingUserRepository(afterErasure) {
            @Override
            public Optional<User> findById(UserId id) {
                // Each command's first read is from before the erasure; any read after it finds nobody.
                return reads[0]++ % 2 == 0 ? Optional.of(stale) : super.findById(id);
            }
        };
        OperatorService racing = new OperatorService(readBeforeTheErasure, machines, tokens, new SequentialIds("gen-"),
                issuedTokens::poll, new FixedClock());

        assertThatThrownBy(() -> racing.assign(ada, "2025551234", Optional.empty()))
                .isInstanceOf(InvalidInputException.class).hasMessage("no user ada");
        assertThatThrownBy(() -> racing.changePlan(ada, "power")).isInstanceOf(InvalidInputException.class);
        assertThat(afterErasure.findAll()).isEmpty();
    }

    /**
     * set-plan and assign-number at once on one user: whichever writes second was computed from
     * the user before the first's change; it is read again and applied again, and both changes stay.
     */
    @Test
    void aChangeMadeMeanwhileByAnotherCommandIsKept() {
        boolean[] raced = new boolean[1];
        UserRepository racingStore = new DelegatingUserRepository(users) {
            @Override
            public boolean replace(User stored, User changed) {
                if (!raced[0]) {
                    // Between this command's read and its write, another command changes the plan.
                    raced[0] = true;
                    users.save(users.findById(stored.id()).orElseThrow().withPlan("power"));
                }
                return super.replace(stored, changed);
            }
        };
        OperatorService racing = new OperatorService(racingStore, machines, tokens, new SequentialIds("gen-"),
                issuedTokens::poll, new FixedClock());

        User assigned = racing.assign(ada, "2025551234", Optional.of("voice-1"));

        assertThat(assigned.plan()).isEqualTo("power");
        assertThat(users.findById(ada)).contains(assigned);
        assertThat(assigned.phoneNumber()).contains(new PhoneNumber("+12025551234"));
    }

    @Test
    void aSecondUserOfOneIdIsRefusedAndTheFirstKept() {
        User first = users.findById(ada).orElseThrow();

        assertThatThrownBy(() -> operator.register(new RegisterUserUseCase.Command(Optional.of("ada"), "Another Ada", "pro")))
                .isInstanceOf(InvalidInputException.class).hasMessage("user ada already exists");
        assertThat(users.findAll()).containsExactly(first);
    }

    @Test
    void aUsersPlanIsChangedAndTheRestOfTheUserKept() {
        operator.assign(ada, "(202) 555-0143", Optional.of("voice-1"));

        User changed = operator.changePlan(ada, " power ");

        assertThat(changed.plan()).isEqualTo("power");
        assertThat(users.findById(ada)).contains(changed);
        assertThat(changed.phoneNumber()).isPresent();
        assertThat(changed.voiceId()).contains("voice-1");
        assertThatThrownBy(() -> operator.changePlan(new UserId("nobody"), "pro"))
                .isInstanceOf(InvalidInputException.class).hasMessage("no user nobody");
        assertThatThrownBy(() -> operator.changePlan(ada, " ")).isInstanceOf(InvalidInputException.class);
        assertThat(users.findById(ada).orElseThrow().plan()).isEqualTo("power");
    }

    @Test
    void aUserIsRegisteredWithTheGivenOrAGeneratedId() {
        assertThat(users.findById(ada)).contains(User.register(new UserId("ada"), "Ada", "pro"));
        User generated = operator.register(new RegisterUserUseCase.Command(Optional.empty(), "  Bob ", " power "));
        assertThat(generated.id()).isEqualTo(new UserId("gen-1"));
        assertThat(generated.name()).isEqualTo("Bob");
        assertThat(generated.plan()).isEqualTo("power");
        assertThat(users.findById(generated.id())).contains(generated);
    }

    @Test
    void anExistingUserIdIsRefused() {
        operator.assign(ada, "2025551234", Optional.empty());
        assertThatThrownBy(() -> operator.register(new RegisterUserUseCase.Command(Optional.of("ada"), "Other", "starter")))
                .isInstanceOf(InvalidInputException.class);
        assertThat(users.findById(ada).orElseThrow().name()).as("unchanged").isEqualTo("Ada");
        assertThat(users.findById(ada).orElseThrow().phoneNumber()).isPresent();
    }

    @Test
    void aUserNeedsANameAPlanAndAValidId() {
        assertThatThrownBy(() -> new RegisterUserUseCase.Command(Optional.empty(), " ", "pro")).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> new RegisterUserUseCase.Command(Optional.empty(), "A", null)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> operator.register(new RegisterUserUseCase.Command(Optional.of("bad id"), "A", "pro")))
                .isInstanceOf(InvalidInputException.class);
    }

    // --- machines --------------------------------------------------------------------------

    @Test
    void aMachineIsRegisteredAndFoundByItsGatewayToken() {
        Machine machine = operator.register(adasMachine());

        assertThat(machine.id()).isEqualTo(new MachineId("gen-1"));
        assertThat(machine.userId()).isEqualTo(ada);
        assertThat(machine.appUrl()).isEqualTo(URI.create("https://ada.fly.dev"));
        assertThat(machine.hooksPath()).isEqualTo("/hooks");
        assertThat(machine.route()).isEqualTo(NotifierRoute.HOOKS);
        assertThat(machine.lastReportedSession()).isEmpty();
        assertThat(machine.websocketPath()).isEqualTo("/");
        assertThat(machines.findByUser(ada)).contains(machine);
        assertThat(machines.findByGatewayTokenHash(TokenHash.of("gw-token-ada"))).contains(machine);
    }

    @Test
    void aChatRouteMachineKeepsItsWebsocketPath() {
        Machine machine = operator.register(new RegisterMachineUseCase.Command(ada, Optional.empty(), "https://ada.fly.dev",
                "gw-token-ada", "hook-token-ada", "/hooks", Set.of("main"), NotifierRoute.CHAT, "/ws"));

        assertThat(machine.route()).isEqualTo(NotifierRoute.CHAT);
        assertThat(machine.websocketPath()).isEqualTo("/ws");
        assertThat(machines.findByUser(ada)).contains(machine);
        assertThatThrownBy(() -> operator.register(new RegisterMachineUseCase.Command(ada, Optional.empty(),
                "https://ada.fly.dev", "gw-token-ada", "hook-token-ada", "/hooks", Set.of("main"), NotifierRoute.CHAT, "ws")))
                .isInstanceOf(InvalidInputException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://ada.fly.dev/", " https://ada.fly.dev "})
    void theAppUrlIsTidied(String url) {
        Machine machine = operator.register(machine(ada, Optional.empty(), url, "gw-token-ada", "hook-token-ada"));
        assertThat(machine.appUrl().toString()).isEqualTo(url.strip());
    }

    @Test
    void aTrailingSlashAfterAPathIsDropped() {
        Machine machine = operator.register(machine(ada, Optional.empty(), "https://host.example/ada/", "gw", "hook"));
        assertThat(machine.appUrl()).isEqualTo(URI.create("https://host.example/ada"));
    }

    @Test
    void tokensAreStrippedOfSurroundingWhitespace() {
        Machine machine = operator.register(machine(ada, Optional.empty(), "https://ada.fly.dev", "  gw-token-ada\n", " hook "));
        assertThat(machine.gatewayToken().value()).isEqualTo("gw-token-ada");
        assertThat(machine.hookToken().value()).isEqualTo("hook");
    }

    @ParameterizedTest
    @ValueSource(strings = {"not a url", "", "ada.fly.dev", "ftp://ada.fly.dev", "https://", "http://[bad"})
    void aBadAppUrlIsRefused(String url) {
        assertThatThrownBy(() -> operator.register(machine(ada, Optional.empty(), url, "gw", "hook")))
                .isInstanceOf(InvalidInputException.class);
        assertThat(machines.findAll()).isEmpty();
    }

    @Test
    void bothTokensAreRequiredAndMustDiffer() {
        assertThatThrownBy(() -> operator.register(machine(ada, Optional.empty(), "https://a.fly.dev", " ", "hook")))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("gateway token");
        assertThatThrownBy(() -> operator.register(machine(ada, Optional.empty(), "https://a.fly.dev", "gw", null)))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("hook token");
        assertThatThrownBy(() -> operator.register(machine(ada, Optional.empty(), "https://a.fly.dev", "same", " same ")))
                .isInstanceOf(InvalidInputException.class).hasMessageNotContaining("same");
        assertThat(machines.findAll()).isEmpty();
    }

    @Test
    void aMachineNeedsAKnownUser() {
        assertThatThrownBy(() -> operator.register(machine(new UserId("ghost"), Optional.empty(), "https://a.fly.dev", "gw", "hook")))
                .isInstanceOf(InvalidInputException.class);
        assertThat(machines.findAll()).isEmpty();
    }

    @Test
    void aGatewayTokenOfAnotherMachineIsRefused() {
        operator.register(adasMachine());
        UserId bob = operator.register(new RegisterUserUseCase.Command(Optional.of("bob"), "Bob", "pro")).id();

        assertThatThrownBy(() -> operator.register(machine(bob, Optional.empty(), "https://bob.fly.dev", "gw-token-ada", "hook-bob")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageNotContaining("gw-token-ada");
        assertThat(machines.findByUser(bob)).isEmpty();
        assertThat(machines.findByGatewayTokenHash(TokenHash.of("gw-token-ada")).orElseThrow().userId()).isEqualTo(ada);
    }

    @Test
    void registeringAgainReplacesTheMachineAndKeepsItsIdAndReport() {
        Machine first = operator.register(adasMachine());
        machines.recordActiveSession(first.id(), SessionKey.parse("test-calls"), new FixedClock().now());

        Machine second = operator.register(machine(ada, Optional.empty(), "https://ada-2.fly.dev", "gw-token-new", "hook-new"));

        assertThat(second.id()).isEqualTo(first.id());
        assertThat(second.appUrl()).isEqualTo(URI.create("https://ada-2.fly.dev"));
        assertThat(second.lastReportedSession()).contains(SessionKey.parse("test-calls"));
        assertThat(machines.findAll()).containsExactly(second);
        assertThat(machines.findByGatewayTokenHash(TokenHash.of("gw-token-new"))).contains(second);
        assertThat(machines.findByGatewayTokenHash(TokenHash.of("gw-token-ada"))).as("the old token is gone").isEmpty();
        // Re-registering with the same gateway token is not a conflict with itself.
        assertThat(operator.register(machine(ada, Optional.empty(), "https://ada-2.fly.dev", "gw-token-new", "hook-new")).id())
                .isEqualTo(first.id());
    }

    @Test
    void aSecondMachineIdForTheSameUserIsRefused() {
        operator.register(machine(ada, Optional.of("m-1"), "https://ada.fly.dev", "gw-1", "hook-1"));
        assertThatThrownBy(() -> operator.register(machine(ada, Optional.of("m-2"), "https://ada.fly.dev", "gw-2", "hook-2")))
                .isInstanceOf(InvalidInputException.class);
        assertThat(machines.findAll()).extracting(Machine::id).containsExactly(new MachineId("m-1"));
    }

    /** A mistyped id must not move another user's machine, and what it is owed, to this user. */
    @Test
    void anotherUsersMachineIdIsRefused() {
        Machine adas = operator.register(adasMachine());
        UserId bob = operator.register(new RegisterUserUseCase.Command(Optional.of("bob"), "Bob", "pro")).id();

        assertThatThrownBy(() -> operator.register(machine(bob, Optional.of(adas.id().value()), "https://bob.fly.dev",
                "gw-bob", "hook-bob")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(adas.id().value());
        assertThat(machines.findAll()).containsExactly(adas);
        assertThat(machines.findByUser(bob)).isEmpty();
    }

    // --- phone numbers ---------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"(202) 555-1234", "202-555-1234", "12025551234", "+12025551234"})
    void aPhoneNumberIsNormalised(String raw) {
        User user = operator.assign(ada, raw, Optional.of("voice-1"));
        assertThat(user.phoneNumber()).contains(new PhoneNumber("+12025551234"));
        assertThat(user.voiceId()).contains("voice-1");
        assertThat(users.findById(ada)).contains(user);
    }

    @Test
    void aBlankVoiceIsNoVoice() {
        operator.assign(ada, "2025551234", Optional.of("voice-1"));
        assertThat(operator.assign(ada, "2025551234", Optional.of("  ")).voiceId()).isEmpty();
    }

    /** As add-machine keeps what it is not given: a new number does not silently drop the voice. */
    @Test
    void aNumberGivenWithoutAVoiceKeepsTheVoice() {
        operator.assign(ada, "2025551234", Optional.of("voice-1"));

        User moved = operator.assign(ada, "2025551235", Optional.empty());

        assertThat(moved.voiceId()).contains("voice-1");
        assertThat(users.findById(ada)).contains(moved);
    }

    @ParameterizedTest
    @ValueSource(strings = {"+442071234567", "555-1234", "(102) 555-1234", ""})
    void anInvalidNumberIsRefused(String raw) {
        assertThatThrownBy(() -> operator.assign(ada, raw, Optional.empty()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage(PhoneNumber.INVALID_US_NUMBER);
        assertThat(users.findById(ada).orElseThrow().phoneNumber()).isEmpty();
    }

    @Test
    void aNumberAnotherUserHoldsIsRefusedSoInboundCallsStillFindTheirUser() {
        operator.assign(ada, "2025551234", Optional.empty());
        UserId bob = operator.register(new RegisterUserUseCase.Command(Optional.of("bob"), "Bob", "pro")).id();

        assertThatThrownBy(() -> operator.assign(bob, "(202) 555-1234", Optional.empty()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("+12025551234 is already the number of user ada");
        assertThat(users.findById(bob).orElseThrow().phoneNumber()).isEmpty();
        assertThat(users.findByPhoneNumber(new PhoneNumber("+12025551234")).map(User::id)).contains(ada);
        assertThat(operator.assign(ada, "2025551234", Optional.of("voice-2")).voiceId()).contains("voice-2");
    }

    @Test
    void aNumberNeedsAKnownUser() {
        assertThatThrownBy(() -> operator.assign(new UserId("ghost"), "2025551234", Optional.empty()))
                .isInstanceOf(InvalidInputException.class);
    }

    // --- dashboard tokens -------------------------------------------------------------------

    @Test
    void aTokenIsIssuedAndOnlyItsHashIsStored() {
        String token = operator.issue(ada);

        assertThat(token).isEqualTo("dash-token-1");
        assertThat(tokens.findUser(TokenHash.of(token))).contains(ada);
        assertThat(tokens.findUser(TokenHash.of("dash-token-2"))).isEmpty();
        DashboardTokenAuthenticator authenticator = new DashboardTokenAuthenticator(tokens);
        assertThat(authenticator.authenticate(DashboardTokenAuthenticatorTest.headers("Authorization", "Bearer " + token)))
                .contains(ada);
    }

    @Test
    void eachIssueGivesANewToken() {
        String first = operator.issue(ada);
        String second = operator.issue(ada);
        assertThat(first).isNotEqualTo(second);
        assertThat(tokens.findUser(TokenHash.of(first))).contains(ada);
        assertThat(tokens.findUser(TokenHash.of(second))).contains(ada);
    }

    @Test
    void aTokenNeedsAKnownUser() {
        assertThatThrownBy(() -> operator.issue(new UserId("ghost"))).isInstanceOf(InvalidInputException.class);
        assertThat(issuedTokens).as("no token was drawn").hasSize(2);
    }
}
