package dev.ringback.application.testing;

import dev.ringback.application.port.out.IdGenerator;
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
import dev.ringback.domain.delivery.Delivery;
import dev.ringback.domain.delivery.DeliveryId;
import dev.ringback.domain.notify.NotificationPolicy;
import dev.ringback.domain.notify.TranscriptFilePolicy;
import dev.ringback.domain.phone.PhoneNumber;
import dev.ringback.domain.session.OriginSession;
import dev.ringback.domain.session.SessionKey;
import dev.ringback.domain.session.SessionSource;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Ready-made domain objects for tests. Numbers are from the fictional 555-01xx range. */
public final class Fixtures {
    public static final PhoneNumber USER_NUMBER = new PhoneNumber("+12025550100");
    public static final PhoneNumber OTHER_PARTY = new PhoneNumber("+12025550123");

    private Fixtures() {}

    public static User user(String id) {
        return User.register(new UserId(id), "User " + id, "pro");
    }

    /** A machine for the user whose gateway token is {@code gatewayToken} and hook token derives from it. */
    public static Machine machine(String id, UserId user, String gatewayToken) {
        return new Machine(new MachineId(id), user, URI.create("https://" + id + ".machines.example.test"),
                new Secret(gatewayToken), new Secret("hook-" + gatewayToken), Machine.DEFAULT_HOOKS_PATH,
                Set.of("main"), NotifierRoute.HOOKS, Optional.empty());
    }

    public static CallRecord outboundCall(String id, Machine machine, Instant createdAt) {
        return CallRecord.placeOutbound(new CallId(id), machine.userId(), machine.id(), USER_NUMBER, OTHER_PARTY,
                "Ask whether the order is ready", new OriginSession(SessionKey.parse("research"), SessionSource.AGENT),
                createdAt);
    }

    public static CallOutcome outcome(CallStatus status, int seconds) {
        return new CallOutcome(status, seconds, "Agent: Hello.\nJohn: Hi, it is ready. 👍", "The order is ready.",
                Optional.of("https://recordings.example.test/" + seconds), Optional.empty());
    }

    /** The call as the provider's report of {@code seconds} seconds leaves it. */
    public static CallRecord completed(CallRecord call, int seconds, Instant now) {
        CompletionResult result = call.complete(outcome(CallStatus.COMPLETED, seconds), now);
        if (!(result instanceof CompletionResult.Completed)) {
            throw new IllegalStateException("call " + call.id() + " had already ended");
        }
        return result.call();
    }

    /** The call as Ringback leaves it when it ends it without its outcome, with {@code summary}. */
    public static CallRecord endedUnknown(CallRecord call, String summary, Instant now) {
        CompletionResult result = call.endWithoutOutcome(summary, now);
        if (!(result instanceof CompletionResult.Completed)) {
            throw new IllegalStateException("call " + call.id() + " had already ended");
        }
        return result.call();
    }

    /** The call ended without its outcome ({@link #endedUnknown}) as the provider's real report of {@code seconds} seconds corrects it. */
    public static CallRecord corrected(CallRecord endedUnknown, int seconds, Instant now) {
        CompletionResult result = endedUnknown.correctUnknownOutcome(outcome(CallStatus.COMPLETED, seconds), now);
        if (!(result instanceof CompletionResult.Completed)) {
            throw new IllegalStateException("call " + endedUnknown.id() + " was not ended without its outcome");
        }
        return result.call();
    }

    /** What a correction owes the machine: the notification saying so and the transcript file, under keys of their own. */
    public static List<Delivery> correctionDeliveriesFor(CallRecord corrected, IdGenerator ids, Instant now) {
        NotificationPolicy.Owed owed = NotificationPolicy.correctionOwedFor(corrected);
        return List.of(
                Delivery.ofNotification(new DeliveryId(ids.newId()), corrected.id(), corrected.machineId().orElseThrow(),
                        owed.notification(), now),
                Delivery.ofCorrectedTranscript(new DeliveryId(ids.newId()), corrected.id(), corrected.machineId().orElseThrow(),
                        owed.transcript().orElseThrow(), now));
    }

    /** What recording the outcome owes the machine: the notification and the transcript file. */
    public static List<Delivery> deliveriesFor(CallRecord completed, IdGenerator ids, Instant now) {
        return List.of(
                Delivery.ofNotification(new DeliveryId(ids.newId()), completed.id(), completed.machineId().orElseThrow(),
                        NotificationPolicy.compose(completed), now),
                Delivery.ofTranscript(new DeliveryId(ids.newId()), completed.id(), completed.machineId().orElseThrow(),
                        TranscriptFilePolicy.fileFor(completed), now));
    }
}
