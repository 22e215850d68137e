package dev.ringback.bootstrap;

import static dev.ringback.bootstrap.StandaloneHarness.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ringback.adapters.openclaw.OpenClawClients;
import dev.ringback.adapters.openclaw.OpenClawSettings;
import dev.ringback.adapters.openclaw.testing.FakeOpenClawGateway;
import dev.ringback.adapters.persistence.PersistenceSettings;
import dev.ringback.adapters.persistence.SqlitePersistence;
import dev.ringback.application.port.in.PlaceCallUseCase;
import dev.ringback.application.port.in.RecordCallOutcomeUseCase;
import dev.ringback.application.port.in.RegisterMachineUseCase;
import dev.ringback.application.port.in.RegisterUserUseCase;
import dev.ringback.application.port.in.ReportActiveSessionUseCase;
import dev.ringback.application.port.out.Clock;
import dev.ringback.application.port.out.IdGenerator;
import dev.ringback.application.port.out.TelephonyProvider;
import dev.ringback.application.service.DeliverDueService;
import dev.ringback.application.service.OperatorService;
import dev.ringback.application.service.PlaceCallService;
import dev.ringback.application.service.RecordCallOutcomeService;
import dev.ringback.application.service.ReportActiveSessionService;
import dev.ringback.domain.account.NotifierRoute;
import dev.ringback.domain.account.PlanMinutes;
import dev.ringback.domain.account.UserId;
import dev.ringback.domain.call.CallOutcome;
import dev.ringback.domain.call.CallStatus;
import dev.ringback.domain.call.ProviderCallId;
import dev.ringback.domain.delivery.RetryPolicy;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A JVM backend embeds the core without HTTP and without Dagger: the application's services, the
 * persistence and OpenClaw adapters, and a telephony port of its own.
 */
class EmbeddedCoreTest {
    @TempDir
    Path dir;

    /** The host's own telephony: it hands out ids and remembers the calls it was asked to make. */
    private static final class HostTelephony implements TelephonyProvider {
        final List<OutboundCall> calls = new ArrayList<>();

        @Override
        public synchronized Placement place(OutboundCall call) {
            calls.add(call);
            return new Placement.Queued(new ProviderCallId("host-" + calls.size()));
        }
    }

    @Test
    void aHostApplicationRunsTheLoopWithItsOwnTelephony() {
        Clock clock = Instant::now;
        IdGenerator ids = () -> UUID.randomUUID().toString();
        AtomicInteger tokens = new AtomicInteger();
        HostTelephony telephony = new HostTelephony();
        try (FakeOpenClawGateway gateway = FakeOpenClawGateway.builder().gatewayToken("gw").hookToken("hook").start();
                SqlitePersistence db = SqlitePersistence.open(PersistenceSettings.durable(dir.resolve("embedded.db")))) {
            OperatorService operator = new OperatorService(db.users(), db.machines(), db.dashboardTokens(), ids,
                    () -> "token-" + tokens.incrementAndGet(), clock);
            operator.register(new RegisterUserUseCase.Command(Optional.of("u1"), "Host user", "power"));
            operator.register(new RegisterMachineUseCase.Command(new UserId("u1"), Optional.of("m1"),
                    gateway.baseUri().toString(), "gw", "hook", "/hooks", Set.of("main"), NotifierRoute.HOOKS));
            operator.assign(new UserId("u1"), "2025550100", Optional.empty());

            DeliverDueService deliver = new DeliverDueService(db.deliveries(), db.machines(),
                    OpenClawClients.hookNotifier(OpenClawSettings.DEFAULT), OpenClawClients.fileServerArchive(OpenClawSettings.DEFAULT),
                    RetryPolicy.DEFAULT, clock, () -> 0.5);
            AtomicInteger wakeups = new AtomicInteger();
            RecordCallOutcomeService outcomes = new RecordCallOutcomeService(db.calls(), db.users(), db.machines(), clock, ids, wakeups::incrementAndGet);
            PlaceCallService placeCall = new PlaceCallService(db.machines(), db.users(), db.calls(), telephony,
                    PlanMinutes.PLATFORM_DEFAULT, clock, ids);
            new ReportActiveSessionService(db.machines(), clock)
                    .report(new ReportActiveSessionUseCase.Command(new UserId("u1"), "planning"));

            PlaceCallUseCase.Result placed = placeCall.place(new PlaceCallUseCase.Command(db.machines().findByUser(new UserId("u1"))
                    .orElseThrow().id(), "+1 202 555 0123", "Book a table", Optional.empty(), Optional.empty(), 5, true,
                    "hangup", Optional.empty(), Optional.empty()));
            assertThat(placed).isInstanceOf(PlaceCallUseCase.Result.Placed.class);
            assertThat(telephony.calls).hasSize(1);

            RecordCallOutcomeUseCase.Result recorded = outcomes.record(new RecordCallOutcomeUseCase.Report(
                    new ProviderCallId("host-1"), Optional.empty(), false, Optional.empty(), Optional.empty(),
                    new CallOutcome(CallStatus.COMPLETED, 42, "user: table for two", "Booked.", Optional.empty(), Optional.empty())));
            assertThat(recorded).isInstanceOf(RecordCallOutcomeUseCase.Result.Recorded.class);
            assertThat(wakeups).hasValue(1);

            assertThat(deliver.deliverDue(10)).isEqualTo(2);
            String callId = ((RecordCallOutcomeUseCase.Result.Recorded) recorded).call().id().value();
            await("the notification in the planning conversation", () -> gateway.history("agent:main:planning").stream()
                    .anyMatch(e -> e.text().contains("[ringback call " + callId + "]")));
            assertThat(gateway.files()).hasSize(1);
            assertThat(deliver.deliverDue(10)).isZero();
        }
    }
}
