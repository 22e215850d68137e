package dev.ringback.application.testing;

import dev.ringback.application.port.out.RandomSource;

/** Randomness that is not: always the same unit, so retry times are predictable. */
public final class FixedRandom implements RandomSource {
    private volatile double unit;

    public FixedRandom() {
        this(0.5);
    }

    public FixedRandom(double unit) {
        set(unit);
    }

    public void set(double newUnit) {
        if (!(newUnit >= 0 && newUnit < 1)) {
            throw new IllegalArgumentException("a unit is in [0, 1)");
        }
        this.unit = newUnit;
    }

    @Override
    public double nextUnit() {
        return unit;
    }
}
