package dev.ringback.application.service;

import dev.ringback.application.port.in.ForgetExpiredPlacementKeysUseCase;
import dev.ringback.application.port.in.NothingDialledException;
import dev.ringback.application.port.in.PlaceCallOnceUseCase;
import dev.ringback.application.port.out.Clock;
import dev.ringback.application.port.out.PlacementKeyStore;
import dev.ringback.application.port.out.PlacementKeyStore.Claim;
import dev.ringback.domain.InvalidInputException;
import dev.ringback.domain.account.MachineId;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Never dials twice for one key. A repeat that arrives while the first request is still placing
 * the call waits a little for its answer; if the first request died mid-placement (a crash, an
 * unexpected error) the key stays "in progress" for good, because Ringback cannot know whether
 * Bland dialled: the agent checks its calls or uses a new key knowingly. A failure known to have
 * come before Bland was asked ({@link NothingDialledException}) frees the key like refused input. Only an answer given
 * for a call that may have been dialled (200: placed, or Bland's answer lost) is kept under the
 * key; a refusal dialled nothing, so it frees the key, as input refused does, and a repeat is
 * decided afresh: "too many calls in progress, wait for one to finish" must not be the answer to
 * that repeat for good.
 *
 * <p>A kept answer is forgotten {@link #KEY_LIFETIME} after its key was claimed: a repeat after
 * that is a new request, and the periodic sweep ({@link #forgetExpiredKeys}) deletes the key. A key
 * "in progress" is never forgotten: a placement cannot take a day, so it died mid-way, and whether
 * Bland dialled is as unknown a day later as it was at once (it is kept for the same reason as
 * above; such keys are as rare as crashes mid-placement, so they do not fill the table).
 */
public final class PlaceCallOnceService implements PlaceCallOnceUseCase, ForgetExpiredPlacementKeysUseCase {
    /** Longer than a placement normally takes; the least a repeat waits, whatever the provider's timeout. */
    public static final Duration WAIT_FOR_FIRST = Duration.ofSeconds(25);
    /** The name of the wait a server configures ({@link #waitCovering}). */
    public static final String WAIT_NAME = "placementKeyWait";
    /**
     * The database's part of a placement: reserving the minutes before asking, storing the answer
     * after (twice, if the first write fails), each of which may wait out SQLite's 5 s busy timeout.
     */
    static final Duration STORE_MARGIN = Duration.ofSeconds(15);
    /** How long a repeat first waits before looking at the key again; the pause doubles up to the longest. */
    private static final Duration FIRST_PAUSE = Duration.ofMillis(20);
    private static final Duration LONGEST_PAUSE = Duration.ofMillis(500);
    /** Keys one write of the sweep deletes at most: the one database writer, which every request needs, is free again at once. */
    static final int SWEEP_BATCH = 1_000;
    /** The status of the one answer given for a call that may have been dialled. */
    private static final int PLACED = 200;
    private static final System.Logger LOG = System.getLogger(PlaceCallOnceService.class.getName());

    private final PlacementKeyStore keys;
    private final Clock clock;
    private final Duration waitForFirst;

    public PlaceCallOnceService(PlacementKeyStore keys, Clock clock) {
        this(keys, clock, WAIT_FOR_FIRST);
    }

    /** @param waitForFirst how long a repeat waits for the first request's answer ({@link #waitCovering}) */
    @Inject
    public PlaceCallOnceService(PlacementKeyStore keys, Clock clock, @Named(WAIT_NAME) Duration waitForFirst) {
        this.keys = keys;
        this.clock = clock;
        this.waitForFirst = waitForFirst;
    }

    /**
     * How long a repeat waits so that it is not told "not finished" while the first request is
     * still, legitimately, waiting for the provider: the longest the provider's answer may take,
     * plus the database's part, and never less than {@link #WAIT_FOR_FIRST}.
     */
    public static Duration waitCovering(Duration longestProviderAnswer) {
        Duration covering = longestProviderAnswer.plus(STORE_MARGIN);
        return covering.compareTo(WAIT_FOR_FIRST) > 0 ? covering : WAIT_FOR_FIRST;
    }

    @Override
    public Outcome placeOnce(MachineId machine, String key, String fingerprint, Supplier<StoredAnswer> placement) {
        String checked = PlaceCallOnceUseCase.checkKey(key);
        long deadline = System.nanoTime() + waitForFirst.toNanos();
        long pauseMillis = FIRST_PAUSE.toMillis();
        while (true) {
            Claim claim = keys.claim(machine, checked, fingerprint, clock.now());
            if (claim instanceof Claim.Claimed) {
                StoredAnswer answer;
                try {
                    answer = placement.get();
                } catch (InvalidInputException | NothingDialledException notDialled) {
                    // Refused or failed before anything was dialled (bad number, database busy): the key is free again.
                    keys.release(machine, checked);
                    throw notDialled;
                }
                if (answer.status() == PLACED) {
                    keepAnswer(machine, checked, answer);
                } else {
                    keys.release(machine, checked);
                }
                return new Outcome.Answer(answer, false);
            }
            String first = claim instanceof Claim.Answered ? ((Claim.Answered) claim).fingerprint()
                    : ((Claim.Pending) claim).fingerprint();
            if (!first.equals(fingerprint)) {
                return new Outcome.KeyReused();
            }
            if (claim instanceof Claim.Answered) {
                LOG.log(Level.INFO, "placement repeated with the same Idempotency-Key by machine {0}: first answer returned",
                        machine);
                return new Outcome.Answer(((Claim.Answered) claim).answer(), true);
            }
            if (System.nanoTime() > deadline) {
                return new Outcome.StillInProgress();
            }
            try {
                // The first request is talking to Bland; its answer lands in the store. Each look is a
                // write on the one database writer, so the looks grow rarer as the wait goes on.
                Thread.sleep(pauseMillis);
                pauseMillis = Math.min(2 * pauseMillis, LONGEST_PAUSE.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Outcome.StillInProgress();
            }
        }
    }

    /**
     * The call may be ringing: the agent must get this answer even if it cannot be kept, since an
     * error would make it retry. The key then stays "in progress", so a repeat gets 409 and never
     * dials again.
     */
    private void keepAnswer(MachineId machine, String key, StoredAnswer answer) {
        try {
            keys.answer(machine, key, answer);
        } catch (RuntimeException storeFailed) {
            LOG.log(Level.WARNING, "placement by machine {0}: storing its answer under the Idempotency-Key failed ({1});"
                    + " repeats with the key will be told it has not finished", machine,
                    storeFailed.getClass().getSimpleName());
        }
    }

    @Override
    public int forgetExpiredKeys() {
        int forgotten = 0;
        int deleted;
        do {
            deleted = keys.deleteExpired(clock.now(), SWEEP_BATCH);
            forgotten += deleted;
        } while (deleted == SWEEP_BATCH && !Thread.currentThread().isInterrupted());
        if (forgotten > 0) {
            LOG.log(Level.INFO, "forgot {0} Idempotency-Keys of placements older than {1}", forgotten, KEY_LIFETIME);
        }
        return forgotten;
    }
}
