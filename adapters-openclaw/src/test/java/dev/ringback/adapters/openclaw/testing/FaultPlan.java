package dev.ringback.adapters.openclaw.testing;

import java.time.Duration;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Random faults for {@link FakeOpenClawGateway#injectFaults(FaultPlan)}, drawn per request to the
 * hook or the file server from a seeded generator, so a failing run can be repeated. The
 * probabilities are independent shares of requests; what is left is answered normally.
 *
 * @param unavailable share answered 503 {@code gateway_unavailable}
 * @param tooManyRequests share answered 429 with {@code Retry-After: retryAfterSeconds}
 * @param resetBeforeRun share whose connection is closed without an answer, before anything happens
 * @param resetAfterRun share handled normally (the run starts, the file is written) whose answer is then
 *     lost: the connection closes without it, so the sender cannot know it worked
 * @param slow share answered normally after {@code slowDelay} (longer than the sender's timeout, it is
 *     an answer lost after the run)
 */
public record FaultPlan(long seed, double unavailable, double tooManyRequests, int retryAfterSeconds,
        double resetBeforeRun, double resetAfterRun, double slow, Duration slowDelay) {

    public enum Fault { NONE, UNAVAILABLE, TOO_MANY_REQUESTS, RESET_BEFORE_RUN, RESET_AFTER_RUN, SLOW }

    public FaultPlan {
        Objects.requireNonNull(slowDelay, "slowDelay");
        double total = unavailable + tooManyRequests + resetBeforeRun + resetAfterRun + slow;
        if (unavailable < 0 || tooManyRequests < 0 || resetBeforeRun < 0 || resetAfterRun < 0 || slow < 0 || total > 1) {
            throw new IllegalArgumentException("shares must be non-negative and add up to at most 1");
        }
        if (retryAfterSeconds < 0) {
            throw new IllegalArgumentException("Retry-After cannot be negative");
        }
    }

    /** Every kind of fault, each on a few percent of requests. */
    public static FaultPlan mixed(long seed) {
        return new FaultPlan(seed, 0.06, 0.04, 1, 0.04, 0.04, 0.04, Duration.ofMillis(300));
    }

    /** Draws faults for one gateway; thread-safe. */
    final class Dice {
        private final SplittableRandom random = new SplittableRandom(seed);

        synchronized Fault draw() {
            double roll = random.nextDouble();
            double[] shares = {unavailable, tooManyRequests, resetBeforeRun, resetAfterRun, slow};
            Fault[] faults = {Fault.UNAVAILABLE, Fault.TOO_MANY_REQUESTS, Fault.RESET_BEFORE_RUN, Fault.RESET_AFTER_RUN,
                    Fault.SLOW};
            for (int i = 0; i < shares.length; i++) {
                if (roll < shares[i]) {
                    return faults[i];
                }
                roll -= shares[i];
            }
            return Fault.NONE;
        }
    }

    Dice dice() {
        return new Dice();
    }
}
