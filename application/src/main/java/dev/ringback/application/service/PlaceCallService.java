package dev.ringback.application.service;

import dev.ringback.application.port.in.NothingDialledException;
import dev.ringback.application.port.in.PlaceCallUseCase;
import dev.ringback.application.port.out.CallRepository;
import dev.ringback.application.port.out.Clock;
import dev.ringback.application.port.out.IdGenerator;
import dev.ringback.application.port.out.MachineRepository;
import dev.ringback.application.port.out.TelephonyProvider;
import dev.ringback.application.port.out.TelephonyProvider.OutboundCall;
import dev.ringback.application.port.out.TelephonyProvider.Placement;
import dev.ringback.application.port.out.UserRepository;
import dev.ringback.domain.InvalidInputException;
import dev.ringback.domain.account.BillingPolicy;
import dev.ringback.domain.account.Machine;
import dev.ringback.domain.account.PlanMinutes;
import dev.ringback.domain.account.Reservation;
import dev.ringback.domain.account.User;
import dev.ringback.domain.call.CallId;
import dev.ringback.domain.call.CallRecord;
import dev.ringback.domain.phone.PhoneNumber;
import dev.ringback.domain.session.OriginSession;
import dev.ringback.domain.session.OriginSessionPolicy;
import dev.ringback.domain.session.SessionKey;
import jakarta.inject.Inject;
import java.lang.System.Logger.Level;
import java.time.Instant;
import java.util.Optional;

/**
 * Places a call for the agent. The origin session is decided and the call is stored before the
 * provider is asked, so that a provider answer lost on the way back never leaves a dialled call
 * without a record (and nothing here ever dials twice).
 */
public final class PlaceCallService implements PlaceCallUseCase {
    /** Writes of the provider's answer before the row is left for the webhook or reconciliation. */
    private static final int STORE_ATTEMPTS = 2;
    private static final System.Logger LOG = System.getLogger(PlaceCallService.class.getName());

    private final MachineRepository machines;
    private final UserRepository users;
    private final CallRepository calls;
    private final TelephonyProvider telephony;
    private final PlanMinutes plans;
    private final BillingPolicy billing;
    private final Clock clock;
    private final IdGenerator ids;

    @Inject
    public PlaceCallService(MachineRepository machines, UserRepository users, CallRepository calls,
            TelephonyProvider telephony, PlanMinutes plans, BillingPolicy billing, Clock clock, IdGenerator ids) {
        this.machines = machines;
        this.users = users;
        this.calls = calls;
        this.telephony = telephony;
        this.plans = plans;
        this.billing = billing;
        this.clock = clock;
        this.ids = ids;
    }

    /** With the default billing month (UTC) and concurrent-call limit. */
    public PlaceCallService(MachineRepository machines, UserRepository users, CallRepository calls,
            TelephonyProvider telephony, PlanMinutes plans, Clock clock, IdGenerator ids) {
        this(machines, users, calls, telephony, plans, BillingPolicy.DEFAULT, clock, ids);
    }

    @Override
    public Result place(Command command) {
        Decision decision;
        try {
            decision = decide(command);
        } catch (InvalidInputException refused) {
            throw refused;
        } catch (RuntimeException failed) {
            // Nothing was asked of the provider yet: say so, so that a repeat may place the call.
            throw new NothingDialledException(failed);
        }
        if (decision.refusal().isPresent()) {
            return decision.refusal().get();
        }
        return dial(decision);
    }

    /**
     * The call reserved and stored with what to ask the provider, or why it may not be placed.
     * Reaching one dials nothing.
     */
    private record Decision(CallRecord call, OutboundCall request, long remainingMinutes, Optional<Result> refusal) {
        static Decision refused(Result refusal) {
            return new Decision(null, null, 0, Optional.of(refusal));
        }
    }

    private Decision decide(Command command) {
        Machine machine = machines.findById(command.machine())
                .orElseThrow(() -> new IllegalStateException("authenticated machine " + command.machine() + " is gone"));
        User user = users.findById(machine.userId())
                .orElseThrow(() -> new IllegalStateException("machine " + machine.id() + " has no user"));
        PhoneNumber to = PhoneNumber.parseUs(command.to())
                .orElseThrow(() -> new InvalidInputException(PhoneNumber.INVALID_US_NUMBER));
        Optional<SessionKey> declared = command.sessionKey().filter(key -> !key.isBlank()).map(machine::sessionKeyFrom);

        long limitMinutes = plans.monthlyMinutes(user.plan());
        if (limitMinutes == 0) {
            return Decision.refused(new Result.PlanWithoutMinutes());
        }
        if (user.phoneNumber().isEmpty()) {
            return Decision.refused(new Result.NoPhoneNumber());
        }
        Instant now = clock.now();
        OriginSession origin = OriginSessionPolicy.attribute(declared, machine.lastReportedSession());
        CallRecord call = CallRecord.placeOutbound(new CallId(ids.newId()), user.id(), machine.id(),
                user.phoneNumber().get(), to, command.task(), origin, machine.fileServer(), now);
        // Check and insert are one transaction: concurrent requests cannot all pass the same check.
        Reservation reservation = calls.reserveAndInsert(call,
                billing.allowance(now, limitMinutes, command.maxDurationMinutes()));
        if (reservation instanceof Reservation.LimitReached) {
            Reservation.LimitReached reached = (Reservation.LimitReached) reservation;
            return Decision.refused(new Result.MonthlyLimitReached(reached.usedMinutes(), reached.limitMinutes()));
        }
        if (reservation instanceof Reservation.TooManyInFlight) {
            Reservation.TooManyInFlight busy = (Reservation.TooManyInFlight) reservation;
            return Decision.refused(new Result.TooManyCallsInFlight(busy.callsInFlight(), busy.limit()));
        }
        Reservation.Granted granted = (Reservation.Granted) reservation;
        OutboundCall request = new OutboundCall(call.id(), user.id(), machine.id(),
                user.phoneNumber().get(), to, command.task(), command.firstSentence(),
                command.voiceId().or(user::voiceId), granted.maxDurationMinutes(), command.record(),
                command.voicemailAction(), command.voicemailMessage());
        return new Decision(call, request, granted.remainingMinutes(), Optional.empty());
    }

    private Result dial(Decision decision) {
        CallRecord call = decision.call();
        long remaining = decision.remainingMinutes();
        Placement placement = telephony.place(decision.request());
        if (placement instanceof Placement.Queued) {
            CallRecord queued = call.acceptedByProvider(((Placement.Queued) placement).providerCallId());
            // False only when the completion webhook beat us here; it recorded the provider id itself.
            storeProvidersAnswer(queued);
            LOG.log(Level.INFO, "call {0} queued by provider, session source {1}", call.id(),
                    call.origin().source().wireName());
            return new Result.Placed(queued, remaining);
        }
        if (placement instanceof Placement.Rejected) {
            Placement.Rejected rejected = (Placement.Rejected) placement;
            CallRecord notPlaced = call.notPlaced(rejected.reason(), clock.now());
            storeProvidersAnswer(notPlaced);
            LOG.log(Level.WARNING, "call {0} rejected by provider with status {1}", call.id(), rejected.status());
            return new Result.ProviderRejected(notPlaced, rejected.reason());
        }
        LOG.log(Level.WARNING, "call {0}: provider answer lost ({1}); left initiated for the webhook to settle",
                call.id(), ((Placement.Uncertain) placement).reason());
        return new Result.ProviderUncertain(call, remaining);
    }

    /**
     * Once the provider has answered, its answer is what the agent must hear: an error here would
     * make the agent retry and dial the person twice. The row stored before asking stays
     * {@code initiated}; the webhook finds it through the call id sent in the metadata and fills in
     * the provider's id, and reconciliation settles it if no webhook comes. That suits a queued
     * call; a refused one left so would be settled as "outcome unknown", told to the agent and
     * charged an attempt, though nothing was dialled. So the write, conditional and harmless to
     * repeat, is tried a second time before it is left (a busy database's moment usually passes).
     */
    private void storeProvidersAnswer(CallRecord answered) {
        for (int attempt = 1; ; attempt++) {
            try {
                calls.updateUnfinished(answered);
                return;
            } catch (RuntimeException storeFailed) {
                if (attempt == STORE_ATTEMPTS) {
                    LOG.log(Level.WARNING, "call {0}: storing the provider''s answer failed ({1}); left initiated for the"
                            + " webhook or reconciliation to settle", answered.id(), storeFailed.getClass().getSimpleName());
                    return;
                }
            }
        }
    }
}
