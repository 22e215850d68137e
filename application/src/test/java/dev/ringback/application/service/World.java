package dev.ringback.application.service;

import dev.ringback.application.port.in.PlaceCallUseCase;
import dev.ringback.application.port.in.RecordCallOutcomeUseCase;
import dev.ringback.application.port.in.ReportActiveSessionUseCase;
import dev.ringback.application.testing.CountingWakeup;
import dev.ringback.application.testing.FixedClock;
import dev.ringback.application.testing.FixedRandom;
import dev.ringback.application.testing.InMemoryCallRepository;
import dev.ringback.application.port.out.CallRepository;
import dev.ringback.application.port.out.UnitOfWork;
import dev.ringback.application.testing.InMemoryDashboardTokenRepository;
import dev.ringback.application.testing.InMemoryDeliveryRepository;
import dev.ringback.application.testing.InMemoryMachineRepository;
import dev.ringback.application.testing.InMemoryUserRepository;
import dev.ringback.application.testing.RecordingAgentNotifier;
import dev.ringback.application.testing.RecordingTelephonyProvider;
import dev.ringback.application.testing.RecordingTranscriptArchive;
import dev.ringback.application.testing.ScriptedCallStatusLookup;
import dev.ringback.application.testing.SequentialIds;
import dev.ringback.domain.account.BillingPolicy;
import dev.ringback.domain.account.Machine;
import dev.ringback.domain.account.MachineId;
import dev.ringback.domain.account.NotifierRoute;
import dev.ringback.domain.account.PlanMinutes;
import dev.ringback.domain.account.Secret;
import dev.ringback.domain.account.User;
import dev.ringback.domain.account.UserId;
import dev.ringback.domain.call.CallId;
import dev.ringback.domain.call.CallOutcome;
import dev.ringback.domain.call.CallRecord;
import dev.ringback.domain.call.CallStatus;
import dev.ringback.domain.call.ProviderCallId;
import dev.ringback.domain.delivery.DeadLetterRevival;
import dev.ringback.domain.delivery.RetryPolicy;
import dev.ringback.domain.phone.PhoneNumber;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * One user with a pro plan, a number and a machine, the in-memory repositories and the recording
 * adapters, wired into the real services.
 */
final class World {
    static final String GATEWAY_TOKEN = "gateway-token-0123456789abcdef";
    static final String HOOK_TOKEN = "hook-token-fedcba9876543210";
    static final PhoneNumber USER_NUMBER = new PhoneNumber("+14155550100");
    static final String CALLEE = "(202) 555-1234";
    static final PhoneNumber CALLEE_E164 = new PhoneNumber("+12025551234");
    static final RetryPolicy RETRY = new RetryPolicy(Duration.ofSeconds(2), Duration.ofMinutes(10), 3);

    /** Dead letters older than a nanosecond stay dead: for tests of what an operator does with them. */
    static final DeadLetterRevival NO_REVIVAL = new DeadLetterRevival(Duration.ofNanos(1));

    final FixedClock clock = new FixedClock(Instant.parse("2025-01-15T10:00:00Z"));
    /** What {@link #delivery()} revives when a machine answers again. */
    DeadLetterRevival revival = DeadLetterRevival.DEFAULT;
    final RevivedDeadLetters revived = new RevivedDeadLetters();
    final SequentialIds ids = new SequentialIds();
    final InMemoryUserRepository users = new InMemoryUserRepository();
    final InMemoryMachineRepository machines = new InMemoryMachineRepository();
    final InMemoryDeliveryRepository deliveries = new InMemoryDeliveryRepository();
    final InMemoryCallRepository calls = new InMemoryCallRepository(deliveries);
    final InMemoryDashboardTokenRepository tokens = new InMemoryDashboardTokenRepository();
    final RecordingTelephonyProvider telephony = new RecordingTelephonyProvider();
    final RecordingAgentNotifier notifier = new RecordingAgentNotifier();
    final RecordingTranscriptArchive archive = new RecordingTranscriptArchive();
    final CountingWakeup wakeup = new CountingWakeup();
    final FixedRandom random = new FixedRandom(0.5);
    /** Shared, as the server shares it, by every delivery service and sign of life of this world. */
    final UnansweredMachines unanswered = new UnansweredMachines();

    final UserId user = new UserId("user-1");
    final MachineId machine = new MachineId("machine-1");

    World() {
        users.save(User.register(user, "Ada", "pro").withPhoneNumber(USER_NUMBER, Optional.of("voice-of-ada")));
        machines.save(new Machine(machine, user, URI.create("https://ada.fly.dev"), new Secret(GATEWAY_TOKEN),
                new Secret(HOOK_TOKEN), "/hooks", Set.of("main"), NotifierRoute.HOOKS, Optional.empty()));
    }

    World withPlan(String plan) {
        User current = users.findById(user).orElseThrow();
        users.save(new User(current.id(), current.name(), plan, current.phoneNumber(), current.voiceId()));
        return this;
    }

    World withoutPhoneNumber() {
        User current = users.findById(user).orElseThrow();
        users.save(new User(current.id(), current.name(), current.plan(), Optional.empty(), Optional.empty()));
        return this;
    }

    PlaceCallService placeCalls() {
        return new PlaceCallService(machines, users, calls, telephony, PlanMinutes.PLATFORM_DEFAULT, clock, ids);
    }

    /** Over {@code calls}, which a test wraps to make one write fail. */
    PlaceCallService placeCalls(CallRepository calls) {
        return new PlaceCallService(machines, users, calls, telephony, PlanMinutes.PLATFORM_DEFAULT, clock, ids);
    }

    PlaceCallService placeCalls(BillingPolicy billing) {
        return new PlaceCallService(machines, users, calls, telephony, PlanMinutes.PLATFORM_DEFAULT, billing, clock, ids);
    }

    GetUsageService usage(BillingPolicy billing) {
        return new GetUsageService(users, calls, PlanMinutes.PLATFORM_DEFAULT, billing, clock);
    }

    ListUsersService listUsers(BillingPolicy billing) {
        return new ListUsersService(users, machines, calls, PlanMinutes.PLATFORM_DEFAULT, billing, clock);
    }

    /** Set: outcomes are found, decided and written in units of work run by it. */
    UnitOfWork unitOfWork;

    RecordCallOutcomeService outcomes() {
        return new RecordCallOutcomeService(calls, users, machines, clock, ids, wakeup, unitOfWork);
    }

    final ScriptedCallStatusLookup lookup = new ScriptedCallStatusLookup();

    ReconcileOverdueCallsService reconciler(ReconcilePolicy policy) {
        return new ReconcileOverdueCallsService(calls, lookup, outcomes(), policy, clock, ids, wakeup);
    }

    DeliverDueService delivery() {
        return delivery(RETRY);
    }

    DeliverDueService delivery(RetryPolicy retry) {
        return new DeliverDueService(deliveries, machines, notifier, archive, retry, clock, random,
                DeliverDueService.LEASE, unanswered, revival, revived);
    }

    SignsOfLifeService signsOfLife() {
        return new SignsOfLifeService(unanswered, deliveries, wakeup, clock);
    }

    ReportActiveSessionService reports() {
        return new ReportActiveSessionService(machines, clock, signsOfLife());
    }

    AuthenticateAgentService agents() {
        return new AuthenticateAgentService(machines, signsOfLife());
    }

    static PlaceCallUseCase.Command command(MachineId machine, String to, Optional<String> sessionKey) {
        return command(machine, to, 5, sessionKey);
    }

    static PlaceCallUseCase.Command command(MachineId machine, String to, int maxMinutes, Optional<String> sessionKey) {
        return new PlaceCallUseCase.Command(machine, to, "Ask whether the order shipped", Optional.empty(),
                Optional.empty(), maxMinutes, true, "hangup", Optional.empty(), sessionKey);
    }

    PlaceCallUseCase.Command command(Optional<String> sessionKey) {
        return command(machine, CALLEE, sessionKey);
    }

    /** Places a call that the provider queues as {@code providerId}. */
    /** A call placed from the conversation "test-calls" and ended with {@code transcript}, its two deliveries owed. */
    CallRecord completedCall(String transcript) {
        reports().report(new ReportActiveSessionUseCase.Command(user, "test-calls"));
        CallRecord call = placeQueued("bland-" + ids.newId(), Optional.empty());
        outcomes().record(report(call.providerCallId().orElseThrow().value(), Optional.of(call.id()),
                completed(90, transcript, "ok")));
        return stored(call.id());
    }

    CallRecord placeQueued(String providerId, Optional<String> sessionKey) {
        telephony.thenQueue(providerId);
        PlaceCallUseCase.Result result = placeCalls().place(command(sessionKey));
        return ((PlaceCallUseCase.Result.Placed) result).call();
    }

    static CallOutcome completed(int seconds, String transcript, String summary) {
        return new CallOutcome(CallStatus.COMPLETED, seconds, transcript, summary, Optional.empty(), Optional.empty());
    }

    static RecordCallOutcomeUseCase.Report report(String providerId, Optional<CallId> ourId, CallOutcome outcome) {
        return new RecordCallOutcomeUseCase.Report(new ProviderCallId(providerId), ourId, false,
                Optional.of(USER_NUMBER), Optional.of(CALLEE_E164), outcome);
    }

    CallRecord stored(CallId id) {
        return calls.findById(id).orElseThrow(() -> new AssertionError("call " + id + " is not stored"));
    }
}
