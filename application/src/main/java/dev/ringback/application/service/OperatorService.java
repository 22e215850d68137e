package dev.ringback.application.service;

import dev.ringback.application.port.in.AssignPhoneNumberUseCase;
import dev.ringback.application.port.in.ChangePlanUseCase;
import dev.ringback.application.port.in.IssueDashboardTokenUseCase;
import dev.ringback.application.port.in.PlaceCallUseCase;
import dev.ringback.application.port.in.RevokeDashboardTokensUseCase;
import dev.ringback.application.port.in.RegisterMachineUseCase;
import dev.ringback.application.port.in.RegisterUserUseCase;
import dev.ringback.application.port.out.Clock;
import dev.ringback.application.port.out.DashboardTokenRepository;
import dev.ringback.application.port.out.IdGenerator;
import dev.ringback.application.port.out.MachineRepository;
import dev.ringback.application.port.out.TokenGenerator;
import dev.ringback.application.port.out.UserRepository;
import dev.ringback.domain.InvalidInputException;
import dev.ringback.domain.account.Machine;
import dev.ringback.domain.account.MachineId;
import dev.ringback.domain.account.Secret;
import dev.ringback.domain.account.TokenHash;
import dev.ringback.domain.account.User;
import dev.ringback.domain.account.UserId;
import dev.ringback.domain.phone.PhoneNumber;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;
import java.util.function.UnaryOperator;

/** The operator's account commands: users, their machines, numbers and dashboard tokens. */
public final class OperatorService
        implements RegisterUserUseCase, RegisterMachineUseCase, AssignPhoneNumberUseCase, IssueDashboardTokenUseCase,
        RevokeDashboardTokensUseCase, ChangePlanUseCase {
    /** Tries at a change of a user that other commands keep changing meanwhile: operators are few. */
    private static final int CHANGE_ATTEMPTS = 3;

    private final UserRepository users;
    private final MachineRepository machines;
    private final DashboardTokenRepository tokens;
    private final IdGenerator ids;
    private final TokenGenerator tokenGenerator;
    private final Clock clock;

    @Inject
    public OperatorService(UserRepository users, MachineRepository machines, DashboardTokenRepository tokens,
            IdGenerator ids, TokenGenerator tokenGenerator, Clock clock) {
        this.users = users;
        this.machines = machines;
        this.tokens = tokens;
        this.ids = ids;
        this.tokenGenerator = tokenGenerator;
        this.clock = clock;
    }

    @Override
    public User register(RegisterUserUseCase.Command command) {
        UserId id = new UserId(command.id().orElseGet(ids::newId));
        User user = User.register(id, command.name().strip(), planName(command.plan()));
        if (!users.add(user)) {
            throw new InvalidInputException("user " + id + " already exists");
        }
        return user;
    }

    @Override
    public Machine register(RegisterMachineUseCase.Command command) {
        requireUser(command.user());
        Optional<Machine> existing = machines.findByUser(command.user());
        MachineId id = new MachineId(command.machineId()
                .orElseGet(() -> existing.map(m -> m.id().value()).orElseGet(ids::newId)));
        if (existing.isPresent() && !existing.get().id().equals(id)) {
            throw new InvalidInputException("user " + command.user() + " already has machine " + existing.get().id());
        }
        // The store would move the row: another user's machine, and the results owed to it, would become this user's.
        machines.findById(id).filter(other -> !other.userId().equals(command.user())).ifPresent(other -> {
            throw new InvalidInputException("machine " + id + " belongs to user " + other.userId());
        });
        Machine machine = new Machine(id, command.user(), parseUrl(command.appUrl()), secret(command.gatewayToken(), "gateway token"),
                secret(command.hookToken(), "hook token"), command.hooksPath(), command.allowedAgentIds(), command.route(),
                existing.flatMap(Machine::lastReportedSession), command.websocketPath(), command.fileServer());
        machines.findByGatewayTokenHash(machine.gatewayToken().hash())
                .filter(other -> !other.id().equals(id))
                .ifPresent(other -> {
                    throw new InvalidInputException("that gateway token is already registered to another machine");
                });
        machines.save(machine);
        return machine;
    }

    @Override
    public User assign(UserId userId, String phoneNumber, Optional<String> voiceId) {
        requireUser(userId);
        PhoneNumber number = PhoneNumber.parseUs(phoneNumber)
                .orElseThrow(() -> new InvalidInputException(PhoneNumber.INVALID_US_NUMBER));
        // A number two users hold belongs to neither when a call comes in on it: refuse it here, not then.
        users.findByPhoneNumber(number).filter(holder -> !holder.id().equals(userId)).ifPresent(holder -> {
            throw new InvalidInputException(number.e164() + " is already the number of user " + holder.id());
        });
        Optional<String> given = voiceId.map(String::strip);
        // Stored to be sent with every call: one the call API would refuse must not get in this way.
        if (given.filter(v -> v.length() > PlaceCallUseCase.Command.MAX_VOICE_ID_LENGTH).isPresent()) {
            throw new InvalidInputException("a voice id is at most " + PlaceCallUseCase.Command.MAX_VOICE_ID_LENGTH
                    + " characters");
        }
        // Not given: the voice stays; given blank: none.
        return change(userId, user -> user.withPhoneNumber(number,
                given.isEmpty() ? user.voiceId() : given.filter(v -> !v.isEmpty())));
    }

    @Override
    public String issue(UserId userId) {
        requireUser(userId);
        String token = tokenGenerator.newToken();
        tokens.save(TokenHash.of(token), userId, clock.now());
        return token;
    }

    @Override
    public User changePlan(UserId userId, String plan) {
        requireUser(userId);
        if (plan.isBlank()) {
            throw new InvalidInputException("a plan cannot be blank");
        }
        String name = planName(plan);
        return change(userId, user -> user.withPlan(name));
    }

    @Override
    public int revokeAll(UserId userId) {
        requireUser(userId);
        return tokens.revokeAll(userId);
    }

    /** Plans are looked up whatever their case (PlanMinutes): stored in one, so the dashboard shows the plan's own name. */
    private static String planName(String plan) {
        return plan.strip().toLowerCase(Locale.ROOT);
    }

    private User requireUser(UserId id) {
        return users.findById(id).orElseThrow(() -> new InvalidInputException("no user " + id));
    }

    /**
     * {@code change} applied to the user as stored, written only over that: one forgotten since it
     * was read stays forgotten ("no user"), and one another command changed meanwhile is read
     * again and changed again, so that neither command undoes the other.
     */
    private User change(UserId id, UnaryOperator<User> change) {
        for (int attempt = 1; ; attempt++) {
            User stored = requireUser(id);
            User changed = change.apply(stored);
            if (users.replace(stored, changed)) {
                return changed;
            }
            if (attempt == CHANGE_ATTEMPTS) {
                throw new IllegalStateException("user " + id + " kept changing under this command: run it again");
            }
        }
    }

    private static Secret secret(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new InvalidInputException("a " + what + " is required");
        }
        return new Secret(value.strip());
    }

    private static URI parseUrl(String raw) {
        try {
            URI uri = new URI(raw == null ? "" : raw.strip());
            String path = uri.getPath();
            if (path != null && path.length() > 1 && path.endsWith("/")) {
                uri = uri.resolve(path.substring(0, path.length() - 1));
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new InvalidInputException("the app URL is not a valid URL");
        }
    }
}
