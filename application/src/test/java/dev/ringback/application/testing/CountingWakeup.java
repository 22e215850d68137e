package dev.ringback.application.testing;

import dev.ringback.application.port.out.DeliveryWakeup;
import java.time.Duration;

/** Counts wake-ups; a test can wait for a number of them with a deadline instead of sleeping. */
public final class CountingWakeup implements DeliveryWakeup {
    private int count;

    @Override
    public synchronized void wake() {
        count++;
        notifyAll();
    }

    public synchronized int count() {
        return count;
    }

    /** Waits until at least {@code expected} wake-ups happened; false if the deadline passed first. */
    public synchronized boolean awaitAtLeast(int expected, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (count < expected) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }
}
