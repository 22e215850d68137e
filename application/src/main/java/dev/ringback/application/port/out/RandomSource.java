package dev.ringback.application.port.out;

/** Randomness for retry jitter: a number in [0, 1). */
@FunctionalInterface
public interface RandomSource {
    double nextUnit();
}
