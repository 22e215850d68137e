package dev.ringback.application.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ringback.application.port.out.UserRepository;
import dev.ringback.domain.account.User;
import dev.ringback.domain.account.UserId;
import dev.ringback.domain.phone.PhoneNumber;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link UserRepository} must do. Subclasses say which implementation is tested. */
public abstract class UserRepositoryContract {
    private UserRepository users;

    protected abstract Repositories newRepositories();

    @BeforeEach
    void createRepository() {
        users = newRepositories().users();
    }

    @Test
    void addInsertsOnlyANewId() {
        User alice = Fixtures.user("alice");
        assertThat(users.add(alice)).isTrue();

        assertThat(users.add(new User(alice.id(), "Another Alice", "power", Optional.empty(), Optional.empty()))).isFalse();
        assertThat(users.findById(alice.id())).contains(alice);
    }

    /**
     * An operator's change is written only over the user as it read them: not over a user forgotten
     * meanwhile (it would bring them back), nor over one another command changed meanwhile (it
     * would undo that change).
     */
    @Test
    void replaceWritesOnlyOverTheUserAsRead() {
        User alice = Fixtures.user("alice");
        User numbered = alice.withPhoneNumber(new PhoneNumber("+12025550111"), Optional.of("voice-7"));
        assertThat(users.replace(alice, numbered)).as("forgotten").isFalse();
        assertThat(users.findById(alice.id())).isEmpty();

        users.save(alice);
        assertThat(users.replace(alice, numbered)).isTrue();
        assertThat(users.findById(alice.id())).contains(numbered);

        assertThat(users.replace(alice, alice.withPlan("power"))).as("changed meanwhile").isFalse();
        assertThat(users.findById(alice.id())).contains(numbered);
        User noVoice = numbered.withPhoneNumber(new PhoneNumber("+12025550111"), Optional.empty());
        assertThat(users.replace(numbered, noVoice)).isTrue();
        assertThat(users.replace(noVoice, noVoice.withPlan("power"))).as("read without a voice").isTrue();
        assertThat(users.findById(alice.id())).contains(noVoice.withPlan("power"));
    }

    @Test
    void findsWhatWasSaved() {
        User alice = Fixtures.user("alice");
        users.save(alice);

        assertThat(users.findById(alice.id())).contains(alice);
    }

    @Test
    void listsEveryUserById() {
        User carol = Fixtures.user("carol");
        User alice = Fixtures.user("alice").withPhoneNumber(new PhoneNumber("+12025550111"), Optional.of("voice-7"));
        User bob = Fixtures.user("bob");
        users.save(carol);
        users.save(alice);
        users.save(bob);

        assertThat(users.findAll()).containsExactly(alice, bob, carol);
    }

    @Test
    void noUsersIsAnEmptyList() {
        assertThat(users.findAll()).isEmpty();
    }

    @Test
    void unknownUserIsEmpty() {
        users.save(Fixtures.user("alice"));

        assertThat(users.findById(new UserId("nobody"))).isEmpty();
    }

    @Test
    void saveReplacesTheUserIncludingOptionalFields() {
        User alice = Fixtures.user("alice");
        users.save(alice);
        User provisioned = alice.withPhoneNumber(new PhoneNumber("+12025550111"), Optional.of("voice-7"));

        users.save(provisioned);

        assertThat(users.findById(alice.id())).contains(provisioned);
    }

    @Test
    void phoneWithoutVoiceRoundTrips() {
        User alice = Fixtures.user("alice").withPhoneNumber(new PhoneNumber("+12025550111"), Optional.empty());
        users.save(alice);

        assertThat(users.findById(alice.id())).contains(alice);
    }

    @Test
    void anotherUsersDataIsNeverReturned() {
        User alice = Fixtures.user("alice");
        User bob = new User(new UserId("bob"), "Bob", "power", Optional.of(new PhoneNumber("+12025550112")), Optional.empty());
        users.save(alice);
        users.save(bob);

        assertThat(users.findById(alice.id())).contains(alice);
        assertThat(users.findById(bob.id())).contains(bob);
    }

    @Test
    void findsTheUserByTheirNumber() {
        User alice = Fixtures.user("alice").withPhoneNumber(new PhoneNumber("+12025550111"), Optional.empty());
        User bob = Fixtures.user("bob").withPhoneNumber(new PhoneNumber("+12025550112"), Optional.of("voice-b"));
        users.save(alice);
        users.save(bob);
        users.save(Fixtures.user("carol"));

        assertThat(users.findByPhoneNumber(new PhoneNumber("+12025550111"))).contains(alice);
        assertThat(users.findByPhoneNumber(new PhoneNumber("+12025550112"))).contains(bob);
        assertThat(users.findByPhoneNumber(new PhoneNumber("+12025550113"))).isEmpty();
    }

    @Test
    void aNumberFollowsItsUserWhenReassigned() {
        User alice = Fixtures.user("alice").withPhoneNumber(new PhoneNumber("+12025550111"), Optional.empty());
        users.save(alice);
        users.save(alice.withPhoneNumber(new PhoneNumber("+12025550119"), Optional.empty()));

        assertThat(users.findByPhoneNumber(new PhoneNumber("+12025550111"))).isEmpty();
        assertThat(users.findByPhoneNumber(new PhoneNumber("+12025550119"))).map(User::id).contains(alice.id());
    }

    @Test
    void aNumberHeldByTwoUsersBelongsToNeither() {
        PhoneNumber shared = new PhoneNumber("+12025550111");
        users.save(Fixtures.user("alice").withPhoneNumber(shared, Optional.empty()));
        users.save(Fixtures.user("bob").withPhoneNumber(shared, Optional.empty()));

        assertThat(users.findByPhoneNumber(shared)).isEmpty();
    }
}
