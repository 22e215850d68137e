package dev.ringback.adapters.http;

import dev.ringback.domain.account.Machine;
import dev.ringback.domain.account.MachineId;
import dev.ringback.domain.account.NotifierRoute;
import dev.ringback.domain.account.Secret;
import dev.ringback.domain.account.User;
import dev.ringback.domain.account.UserId;
import dev.ringback.domain.call.CallId;
import dev.ringback.domain.call.CallOutcome;
import dev.ringback.domain.call.CallRecord;
import dev.ringback.domain.call.CallStatus;
import dev.ringback.domain.call.CompletionResult;
import dev.ringback.domain.call.ProviderCallId;
import dev.ringback.domain.phone.PhoneNumber;
import dev.ringback.domain.session.OriginSession;
import dev.ringback.domain.session.SessionKey;
import dev.ringback.domain.session.SessionSource;
import java.net.URI;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/** A small world: Alice has a machine, a number and a call; Bob exists too. */
final class TestData {
    static final UserId ALICE = new UserId("user-alice");
    static final UserId BOB = new UserId("user-bob");
    static final String ALICE_GATEWAY_TOKEN = "gw-token-alice-0123456789";
    static final String ALICE_DASHBOARD_TOKEN = "dash-token-alice-0123456789";
    static final String BOB_DASHBOARD_TOKEN = "dash-token-bob-0123456789";
    static final PhoneNumber ALICE_NUMBER = new PhoneNumber("+12025550100");
    static final PhoneNumber CALLEE = new PhoneNumber("+14155550123");
    static final Instant CREATED = Instant.parse("2026-03-01T10:15:30Z");
    static final Instant ENDED = Instant.parse("2026-03-01T10:18:00Z");

    private TestData() {}

    static Machine aliceMachine() {
        return machine("https://alice-app.fly.dev");
    }

    static Machine machine(String appUrl) {
        return new Machine(new MachineId("machine-alice"), ALICE, URI.create(appUrl), new Secret(ALICE_GATEWAY_TOKEN),
                new Secret("hook-token-alice"), Machine.DEFAULT_HOOKS_PATH, Set.of("main"), NotifierRoute.HOOKS,
                Optional.of(SessionKey.parse("research")));
    }

    static User alice() {
        return new User(ALICE, "Alice", "pro", Optional.of(ALICE_NUMBER), Optional.empty());
    }

    static CallRecord initiatedCall(SessionSource source) {
        return CallRecord.placeOutbound(new CallId("call-0001"), ALICE, aliceMachine().id(), ALICE_NUMBER, CALLEE,
                "Ask whether the shop opens on Sunday", new OriginSession(SessionKey.parse("research"), source), CREATED);
    }

    static CallRecord queuedCall() {
        return initiatedCall(SessionSource.AGENT).acceptedByProvider(new ProviderCallId("bland-0001"));
    }

    static CallRecord completedCall() {
        CallOutcome outcome = new CallOutcome(CallStatus.COMPLETED, 125, "user: Hello?\n assistant: Hi, are you open on Sunday?",
                "They open at 9 on Sundays.", Optional.of("https://recordings.example/call-0001.mp3"), Optional.of(ENDED));
        return ((CompletionResult.Completed) queuedCall().complete(outcome, ENDED)).call();
    }

    /** A call to Alice's number from a caller who withheld theirs. */
    static CallRecord withheldInboundCall() {
        CallOutcome outcome = new CallOutcome(CallStatus.COMPLETED, 60, "user: It's me.", "Someone called.",
                Optional.empty(), Optional.of(ENDED));
        return CallRecord.receiveInbound(new CallId("call-0002"), ALICE, aliceMachine().id(), Optional.empty(), ALICE_NUMBER,
                new ProviderCallId("bland-in-0002"), new OriginSession(SessionKey.MAIN, SessionSource.DEFAULT), true,
                ENDED.minusSeconds(60), outcome, ENDED);
    }
}
