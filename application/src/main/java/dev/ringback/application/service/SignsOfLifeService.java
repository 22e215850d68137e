package dev.ringback.application.service;

import dev.ringback.application.port.in.NoteSignOfLifeUseCase;
import dev.ringback.application.port.out.Clock;
import dev.ringback.application.port.out.DeliveryRepository;
import dev.ringback.application.port.out.DeliveryWakeup;
import dev.ringback.domain.account.MachineId;
import jakarta.inject.Inject;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;

/**
 * A sleeping machine's deliveries back off to one attempt every 30-60 minutes; when it wakes, its
 * results would wait for the next of them. A sign of life from a machine that did not answer its
 * last attempt makes its earliest waiting retry due now instead: answered, the run that sent it
 * brings the rest forward as well ({@link DeliverDueService}); not answered, it costs one attempt.
 */
public final class SignsOfLifeService implements NoteSignOfLifeUseCase {
    /**
     * A retry due sooner than this is left to come: a machine's own {@code Retry-After} (60 s from a
     * gateway that throttles) stays honoured, and a retry a few minutes out gains little.
     */
    public static final Duration ONLY_RETRIES_BEYOND = Duration.ofMinutes(5);
    /**
     * At most one retry brought forward per machine in this time. A machine that shows signs of life
     * but cannot be reached (its agent calls out, nothing gets in) spends at most six more attempts
     * an hour than its schedule would: with such hints around the clock its deliveries go dead after
     * about two days instead of a week.
     */
    public static final Duration AT_MOST_EVERY = Duration.ofMinutes(10);
    private static final System.Logger LOG = System.getLogger(SignsOfLifeService.class.getName());

    private final UnansweredMachines unanswered;
    private final DeliveryRepository deliveries;
    private final DeliveryWakeup wakeup;
    private final Clock clock;

    @Inject
    public SignsOfLifeService(UnansweredMachines unanswered, DeliveryRepository deliveries, DeliveryWakeup wakeup,
            Clock clock) {
        this.unanswered = unanswered;
        this.deliveries = deliveries;
        this.wakeup = wakeup;
        this.clock = clock;
    }

    @Override
    public void seen(MachineId machine) {
        try {
            bringEarliestRetryForward(machine);
        } catch (RuntimeException e) {
            // A hint: the retry keeps its time, and the request that gave the hint is answered as usual.
            LOG.log(Level.WARNING, "could not bring the retries of machine " + machine + " forward: "
                    + e.getClass().getSimpleName());
        }
    }

    private void bringEarliestRetryForward(MachineId machine) {
        unanswered.recallOnce(deliveries, clock);
        // Every agent request and every dashboard report comes here: a machine that answers costs one lookup.
        if (!unanswered.contains(machine)) {
            return;
        }
        Instant now = clock.now();
        if (!unanswered.mayProbe(machine, now, AT_MOST_EVERY)) {
            return;
        }
        if (deliveries.bringForward(machine, now, now.plus(ONLY_RETRIES_BEYOND), 1) > 0) {
            LOG.log(Level.INFO, "machine " + machine + " showed signs of life: its next retry is due now");
            wakeup.wake(machine);
        }
    }
}
