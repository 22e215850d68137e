package dev.ringback.bootstrap;

import dagger.Binds;
import dagger.Module;
import dagger.Provides;
import dev.ringback.application.port.in.AssignPhoneNumberUseCase;
import dev.ringback.application.port.in.AuthenticateAgentUseCase;
import dev.ringback.application.port.in.ChangePlanUseCase;
import dev.ringback.application.port.in.DeliverDueUseCase;
import dev.ringback.application.port.in.ForgetExpiredPlacementKeysUseCase;
import dev.ringback.application.port.in.ForgetOldTranscriptsUseCase;
import dev.ringback.application.port.in.GetCallStatusUseCase;
import dev.ringback.application.port.in.GetGatewayInfoUseCase;
import dev.ringback.application.port.in.GetUsageUseCase;
import dev.ringback.application.port.in.IssueDashboardTokenUseCase;
import dev.ringback.application.port.in.ListDeliveriesUseCase;
import dev.ringback.application.port.in.ListUsersUseCase;
import dev.ringback.application.port.in.NoteSignOfLifeUseCase;
import dev.ringback.application.port.in.PlaceCallOnceUseCase;
import dev.ringback.application.port.in.PlaceCallUseCase;
import dev.ringback.application.port.in.ReconcileOverdueCallsUseCase;
import dev.ringback.application.port.in.RecordCallOutcomeUseCase;
import dev.ringback.application.port.in.RegisterMachineUseCase;
import dev.ringback.application.port.in.RegisterUserUseCase;
import dev.ringback.application.port.in.ReplayDeliveriesUseCase;
import dev.ringback.application.port.in.ReportActiveSessionUseCase;
import dev.ringback.application.port.in.RevokeDashboardTokensUseCase;
import dev.ringback.application.port.out.Clock;
import dev.ringback.application.port.out.DashboardAuthenticator;
import dev.ringback.application.port.out.DeliveryWakeup;
import dev.ringback.application.port.out.IdGenerator;
import dev.ringback.application.port.out.RandomSource;
import dev.ringback.application.port.out.TokenGenerator;
import dev.ringback.application.service.AuthenticateAgentService;
import dev.ringback.application.service.DashboardTokenAuthenticator;
import dev.ringback.application.service.DeliverDueService;
import dev.ringback.application.service.DeliveryOperatorService;
import dev.ringback.application.service.GetCallStatusService;
import dev.ringback.application.service.GetGatewayInfoService;
import dev.ringback.application.service.GetUsageService;
import dev.ringback.application.service.ListUsersService;
import dev.ringback.application.service.OperatorService;
import dev.ringback.application.service.PlaceCallOnceService;
import dev.ringback.application.service.PlaceCallService;
import dev.ringback.application.service.ReconcileOverdueCallsService;
import dev.ringback.application.service.ReconcilePolicy;
import dev.ringback.application.service.RecordCallOutcomeService;
import dev.ringback.application.service.ReportActiveSessionService;
import dev.ringback.application.service.SignsOfLifeService;
import dev.ringback.application.service.TranscriptRetentionService;
import dev.ringback.domain.account.BillingPolicy;
import dev.ringback.domain.account.PlanMinutes;
import dev.ringback.domain.call.TranscriptRetention;
import dev.ringback.domain.delivery.DeadLetterRevival;
import dev.ringback.domain.delivery.RetryPolicy;
import jakarta.inject.Named;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

/** The application's use cases and the small system ports (time, ids, randomness) of the standalone server. */
@Module
abstract class CoreModule {
    private static final SecureRandom TOKENS = new SecureRandom();

    @Binds
    abstract AuthenticateAgentUseCase authenticateAgent(AuthenticateAgentService service);

    @Binds
    abstract ReportActiveSessionUseCase reportActiveSession(ReportActiveSessionService service);

    @Binds
    abstract PlaceCallUseCase placeCall(PlaceCallService service);

    @Binds
    abstract RecordCallOutcomeUseCase recordCallOutcome(RecordCallOutcomeService service);

    @Binds
    abstract GetCallStatusUseCase getCallStatus(GetCallStatusService service);

    @Binds
    abstract GetGatewayInfoUseCase getGatewayInfo(GetGatewayInfoService service);

    @Binds
    abstract GetUsageUseCase getUsage(GetUsageService service);

    @Binds
    abstract DeliverDueUseCase deliverDue(DeliverDueService service);

    @Binds
    abstract NoteSignOfLifeUseCase noteSignOfLife(SignsOfLifeService service);

    @Binds
    abstract RegisterUserUseCase registerUser(OperatorService service);

    @Binds
    abstract RegisterMachineUseCase registerMachine(OperatorService service);

    @Binds
    abstract AssignPhoneNumberUseCase assignPhoneNumber(OperatorService service);

    @Binds
    abstract IssueDashboardTokenUseCase issueDashboardToken(OperatorService service);

    @Binds
    abstract RevokeDashboardTokensUseCase revokeDashboardTokens(OperatorService service);

    @Binds
    abstract ChangePlanUseCase changePlan(OperatorService service);

    @Binds
    abstract PlaceCallOnceUseCase placeCallOnce(PlaceCallOnceService service);

    @Binds
    abstract ForgetExpiredPlacementKeysUseCase forgetExpiredPlacementKeys(PlaceCallOnceService service);

    @Binds
    abstract ForgetOldTranscriptsUseCase forgetOldTranscripts(TranscriptRetentionService service);

    @Binds
    abstract ListDeliveriesUseCase listDeliveries(DeliveryOperatorService service);

    @Binds
    abstract ReplayDeliveriesUseCase replayDeliveries(DeliveryOperatorService service);

    @Binds
    abstract ListUsersUseCase listUsers(ListUsersService service);

    @Binds
    abstract ReconcileOverdueCallsUseCase reconcileOverdueCalls(ReconcileOverdueCallsService service);

    @Binds
    abstract DashboardAuthenticator dashboardAuthenticator(DashboardTokenAuthenticator authenticator);

    @Binds
    abstract DeliveryWakeup deliveryWakeup(DeliveryWorker worker);

    @Provides
    static Clock clock() {
        return Instant::now;
    }

    @Provides
    static IdGenerator ids() {
        return new TimeOrderedIds();
    }

    @Provides
    static TokenGenerator tokens() {
        return () -> {
            byte[] bytes = new byte[32];
            TOKENS.nextBytes(bytes);
            return "rbk_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        };
    }

    @Provides
    static RandomSource random() {
        return () -> ThreadLocalRandom.current().nextDouble();
    }

    @Provides
    static RetryPolicy retryPolicy(RingbackConfig config) {
        return config.retryPolicy();
    }

    /** A fixed rule, not a setting (docs/delivery.md, "Dead letters come back"). */
    @Provides
    static DeadLetterRevival deadLetterRevival() {
        return DeadLetterRevival.DEFAULT;
    }

    @Provides
    @Named(DeliverDueService.LEASE_NAME)
    static Duration deliveryLease(RingbackConfig config) {
        return config.deliveryLease();
    }

    /** A repeat with the same Idempotency-Key waits as long as the first placement may take with Bland's timeout. */
    @Provides
    @Named(PlaceCallOnceService.WAIT_NAME)
    static Duration placementKeyWait(RingbackConfig config) {
        return PlaceCallOnceService.waitCovering(config.bland().longestAnswer());
    }

    @Provides
    static ReconcilePolicy reconcilePolicy(RingbackConfig config) {
        return config.reconcile();
    }

    @Provides
    static TranscriptRetention transcriptRetention(RingbackConfig config) {
        return config.transcriptRetention();
    }

    @Provides
    static PlanMinutes plans(RingbackConfig config) {
        return config.plans();
    }

    @Provides
    static BillingPolicy billing(RingbackConfig config) {
        return config.billing();
    }
}
