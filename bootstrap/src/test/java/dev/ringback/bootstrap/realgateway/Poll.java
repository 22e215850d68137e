package dev.ringback.bootstrap.realgateway;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/** Polling with a deadline: the real gateway's timing varies with the machine's load. */
final class Poll {
    private Poll() {}

    static <T> T until(String what, Duration timeout, Supplier<java.util.Optional<T>> probe) {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            java.util.Optional<T> value = probe.get();
            if (value.isPresent()) {
                return value.get();
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what);
            }
            pause();
        }
    }

    static void until(String what, Duration timeout, java.util.function.BooleanSupplier condition) {
        until(what, timeout, () -> condition.getAsBoolean() ? java.util.Optional.of(Boolean.TRUE) : java.util.Optional.empty());
    }

    static void pause() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
