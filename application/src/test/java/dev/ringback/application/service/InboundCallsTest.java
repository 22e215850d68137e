package dev.ringback.application.service;

import static dev.ringback.application.service.World.USER_NUMBER;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ringback.application.port.in.PlaceCallUseCase;
import dev.ringback.application.port.in.RecordCallOutcomeUseCase.Report;
import dev.ringback.application.port.in.RecordCallOutcomeUseCase.Result;
import dev.ringback.application.port.in.ReportActiveSessionUseCase;
import dev.ringback.application.testing.LoggedLines;
import dev.ringback.domain.account.BillingPolicy;
import dev.ringback.domain.account.User;
import dev.ringback.domain.account.UserId;
import dev.ringback.domain.call.CallOutcome;
import dev.ringback.domain.call.CallRecord;
import dev.ringback.domain.call.CallStatus;
import dev.ringback.domain.call.Direction;
import dev.ringback.domain.call.ProviderCallId;
import dev.ringback.domain.delivery.Delivery;
import dev.ringback.domain.delivery.DeliveryKind;
import dev.ringback.domain.notify.AgentNotification;
import dev.ringback.domain.phone.PhoneNumber;
import dev.ringback.domain.session.SessionKey;
import dev.ringback.domain.session.SessionSource;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;

/** Platform defect 6: calls received on the user's number are recorded, counted, costed and announced once. */
class InboundCallsTest {
    private static final PhoneNumber CALLER = new PhoneNumber("+13105550142");

    private final World world = new World();

    private static Report inbound(String providerId, boolean flag, Optional<PhoneNumber> from, PhoneNumber to, CallOutcome outcome) {
        return new Report(new ProviderCallId(providerId), Optional.empty(), flag, from, Optional.of(to), outcome);
    }

    private static CallOutcome answered(int seconds) {
        return new CallOutcome(CallStatus.COMPLETED, seconds, "user: Hi, it's Bob.\nassistant: Hello Bob.", "Bob called about Friday.",
                Optional.empty(), Optional.of(Instant.parse("2025-01-15T09:59:00Z")));
    }

    private CallRecord recorded(Result result) {
        assertThat(result).isInstanceOf(Result.Recorded.class);
        return ((Result.Recorded) result).call();
    }

    private AgentNotification notificationFor(CallRecord call) {
        return world.deliveries.findByCall(call.id()).stream()
                .filter(d -> d.kind() == DeliveryKind.NOTIFICATION).findFirst().orElseThrow().asNotification();
    }

    @Test
    void anInboundCallIsRecordedAsTheUsersCall() {
        CallRecord call = recorded(world.outcomes().record(inbound("bland-in-1", true, Optional.of(CALLER), USER_NUMBER, answered(150))));

        assertThat(world.stored(call.id())).isEqualTo(call);
        assertThat(call.direction()).isEqualTo(Direction.INBOUND);
        assertThat(call.userId()).isEqualTo(world.user);
        assertThat(call.machineId()).contains(world.machine);
        assertThat(call.snapshot().from()).contains(CALLER);
        assertThat(call.snapshot().to()).isEqualTo(USER_NUMBER);
        assertThat(call.providerCallId()).contains(new ProviderCallId("bland-in-1"));
        assertThat(call.snapshot().durationSeconds()).isEqualTo(150);
        assertThat(call.snapshot().createdAt()).as("began when it was answered").isEqualTo(Instant.parse("2025-01-15T09:56:30Z"));
        assertThat(call.snapshot().costMicros()).as("2.5 connected minutes at $0.09").isEqualTo(225_000);
        assertThat(world.wakeup.count()).isEqualTo(1);
    }

    @Test
    void aCallerFromAnotherCountryIsRecordedCountedAndAnnounced() {
        PhoneNumber london = new PhoneNumber("+442071234567");

        CallRecord call = recorded(world.outcomes().record(inbound("bland-in-9", true, Optional.of(london), USER_NUMBER, answered(60))));

        assertThat(world.stored(call.id())).isEqualTo(call);
        assertThat(call.snapshot().from()).contains(london);
        assertThat(call.snapshot().costMicros()).isEqualTo(90_000);
        assertThat(notificationFor(call).message()).startsWith("📲 **Call received** (+442071234567, 1 min)");
    }

    @Test
    void itGoesToTheConversationTheDashboardLastReported() {
        world.reports().report(new ReportActiveSessionUseCase.Command(world.user, "planning"));

        CallRecord call = recorded(world.outcomes().record(inbound("bland-in-1", true, Optional.of(CALLER), USER_NUMBER, answered(60))));

        assertThat(call.origin().key()).isEqualTo(SessionKey.parse("planning"));
        assertThat(call.origin().source()).isEqualTo(SessionSource.DASHBOARD);
        AgentNotification note = notificationFor(call);
        assertThat(note.sessionKey()).isEqualTo(SessionKey.parse("planning"));
        assertThat(note.message()).startsWith("📲 **Call received** (+13105550142, 1 min)").contains("**Summary:** Bob called about Friday.");
        assertThat(world.deliveries.findByCall(call.id())).extracting(Delivery::kind)
                .containsExactlyInAnyOrder(DeliveryKind.NOTIFICATION, DeliveryKind.TRANSCRIPT);
    }

    @Test
    void withoutAReportItGoesToTheMainSession() {
        CallRecord call = recorded(world.outcomes().record(inbound("bland-in-1", true, Optional.of(CALLER), USER_NUMBER, answered(60))));

        assertThat(call.origin().key()).isEqualTo(SessionKey.MAIN);
        assertThat(call.origin().source()).isEqualTo(SessionSource.DEFAULT);
        assertThat(notificationFor(call).sessionKey()).isEqualTo(SessionKey.MAIN);
    }

    @Test
    void aCallToAManagedNumberIsInboundEvenWithoutTheFlag() {
        recorded(world.outcomes().record(inbound("bland-in-1", false, Optional.of(CALLER), USER_NUMBER, answered(60))));
    }

    @Test
    void aDuplicateChangesNothing() {
        CallRecord first = recorded(world.outcomes().record(inbound("bland-in-1", true, Optional.of(CALLER), USER_NUMBER, answered(60))));

        Result again = world.outcomes().record(inbound("bland-in-1", true, Optional.of(CALLER), USER_NUMBER, answered(600)));

        assertThat(again).isEqualTo(new Result.Duplicate(first.id()));
        assertThat(world.calls.findRecentByUser(world.user, 10)).containsExactly(first);
        assertThat(world.deliveries.findByCall(first.id())).hasSize(2);
        assertThat(world.wakeup.count()).isEqualTo(1);
    }

    @Test
    void aCallToANumberNobodyHasIsIgnored() {
        Result result = world.outcomes().record(inbound("bland-in-1", true, Optional.of(CALLER), new PhoneNumber("+12025550177"), answered(60)));

        assertThat(result).isEqualTo(new Result.UnknownCall());
        assertThat(world.calls.findByProviderCallId(new ProviderCallId("bland-in-1"))).isEmpty();
    }

    @Test
    void aCallFromAWithheldNumberIsRecordedAndAnnouncedAsWithheld() {
        CallRecord call = recorded(world.outcomes().record(inbound("bland-in-1", true, Optional.empty(), USER_NUMBER, answered(60))));

        assertThat(world.stored(call.id())).isEqualTo(call);
        assertThat(call.direction()).isEqualTo(Direction.INBOUND);
        assertThat(call.snapshot().from()).as("no caller number").isEmpty();
        assertThat(call.snapshot().to()).isEqualTo(USER_NUMBER);
        assertThat(call.snapshot().costMicros()).isEqualTo(90_000);
        assertThat(notificationFor(call).message()).startsWith("📲 **Call received** (withheld, 1 min)")
                .contains("**Summary:** Bob called about Friday.");
        Delivery transcript = world.deliveries.findByCall(call.id()).stream()
                .filter(d -> d.kind() == DeliveryKind.TRANSCRIPT).findFirst().orElseThrow();
        assertThat(transcript.asTranscriptFile().relativePath()).matches("calls/2025-01-15_0958_inbound_withheld_[^_/]+\\.md");
        assertThat(transcript.asTranscriptFile().markdown()).contains("- Other party: withheld\n");
        assertThat(world.wakeup.count()).isEqualTo(1);
    }

    @Test
    void aRepeatedWithheldCallIsRecordedOnce() {
        CallRecord first = recorded(world.outcomes().record(inbound("bland-in-1", true, Optional.empty(), USER_NUMBER, answered(60))));

        Result again = world.outcomes().record(inbound("bland-in-1", true, Optional.empty(), USER_NUMBER, answered(60)));

        assertThat(again).isEqualTo(new Result.Duplicate(first.id()));
        assertThat(world.calls.findRecentByUser(world.user, 10)).containsExactly(first);
        assertThat(world.deliveries.findByCall(first.id())).hasSize(2);
        assertThat(world.wakeup.count()).isEqualTo(1);
    }

    @Test
    void whyACallIsIgnoredIsLoggedTruly() {
        List<String> lines = logged(() -> {
            world.outcomes().record(new Report(new ProviderCallId("bland-in-1"), Optional.empty(), true, Optional.of(CALLER),
                    Optional.empty(), answered(60)));
            world.outcomes().record(inbound("bland-in-2", true, Optional.of(CALLER), new PhoneNumber("+12025550177"), answered(60)));
        });

        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).contains("bland-in-1").contains("names no US number").doesNotContain("user");
        assertThat(lines.get(1)).contains("bland-in-2").contains("no single user holds the number");
        assertThat(String.join("\n", lines)).doesNotContain("555");
    }

    /** The INFO and higher lines the service logs while {@code action} runs, formatted. */
    private static List<String> logged(Runnable action) {
        return LoggedLines.of(RecordCallOutcomeService.class, Level.INFO, action);
    }

    @Test
    void aUserWithoutAMachineHasTheCallRecordedAndCountedWithNothingOwed() {
        UserId nemo = new UserId("no-machine");
        PhoneNumber theirs = new PhoneNumber("+12025550188");
        world.users.save(User.register(nemo, "Nemo", "pro").withPhoneNumber(theirs, Optional.empty()));
        Report report = inbound("bland-in-1", true, Optional.of(CALLER), theirs, answered(150));

        List<String> lines = logged(() -> recorded(world.outcomes().record(report)));

        CallRecord call = world.calls.findByProviderCallId(new ProviderCallId("bland-in-1")).orElseThrow();
        assertThat(call.userId()).isEqualTo(nemo);
        assertThat(call.machineId()).isEmpty();
        assertThat(call.direction()).isEqualTo(Direction.INBOUND);
        assertThat(call.status()).isEqualTo(CallStatus.COMPLETED);
        assertThat(call.snapshot().summary()).isEqualTo("Bob called about Friday.");
        assertThat(call.snapshot().costMicros()).isEqualTo(225_000);
        assertThat(world.deliveries.findByCall(call.id())).as("nobody can be told").isEmpty();
        assertThat(world.wakeup.count()).isZero();
        assertThat(world.usage(BillingPolicy.DEFAULT).usage(nemo).orElseThrow().month().totalCalls()).isEqualTo(1);
        assertThat(lines).hasSize(1);
        assertThat(lines.get(0)).contains(call.id().value(), "no-machine").doesNotContain("555", "Bob");

        assertThat(world.outcomes().record(report)).as("a repeated webhook").isEqualTo(new Result.Duplicate(call.id()));
        assertThat(world.deliveries.findByCall(call.id())).isEmpty();
    }

    @Test
    void anInboundCallBeganWhenTheProviderSaysItStarted() {
        Instant started = Instant.parse("2025-01-15T09:56:00Z");
        Report report = new Report(new ProviderCallId("bland-in-1"), Optional.empty(), true, Optional.of(CALLER),
                Optional.of(USER_NUMBER), answered(150), Optional.of(started));

        CallRecord call = recorded(world.outcomes().record(report));

        assertThat(call.snapshot().createdAt()).as("it rang for 30 s before it was answered").isEqualTo(started);
    }

    @Test
    void aStartAfterTheEndIsNotBelievedAndTheCallBeginsItsDurationBeforeItsEnd() {
        Report report = new Report(new ProviderCallId("bland-in-1"), Optional.empty(), true, Optional.of(CALLER),
                Optional.of(USER_NUMBER), answered(150), Optional.of(Instant.parse("2025-01-15T10:30:00Z")));

        CallRecord call = recorded(world.outcomes().record(report));

        assertThat(call.snapshot().createdAt()).isEqualTo(Instant.parse("2025-01-15T09:56:30Z"));
    }

    @Test
    void inboundMinutesCountAgainstThePlan() {
        recorded(world.outcomes().record(inbound("bland-in-1", true, Optional.of(CALLER), USER_NUMBER, answered(50 * 60))));

        PlaceCallUseCase.Result placed = world.placeCalls().place(world.command(Optional.empty()));

        assertThat(((PlaceCallUseCase.Result.Placed) placed).remainingMinutes()).isEqualTo(10);
        assertThat(world.usage(BillingPolicy.DEFAULT).usage(world.user).orElseThrow().month().totalCalls()).isEqualTo(2);
    }

    @Test
    void anUnansweredInboundAttemptCostsTheFlatFee() {
        CallOutcome missed = new CallOutcome(CallStatus.NO_ANSWER, 0, "", "", Optional.empty(), Optional.empty());

        CallRecord call = recorded(world.outcomes().record(inbound("bland-in-1", true, Optional.of(CALLER), USER_NUMBER, missed)));

        assertThat(call.snapshot().costMicros()).isEqualTo(15_000);
    }
}
