package dev.ringback.application.testing;

import dev.ringback.application.port.out.DeliveryWakeup;
import dev.ringback.domain.account.MachineId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Counts wake-ups; a test can wait for a number of them with a deadline instead of sleeping. */
public final class CountingWakeup implements DeliveryWakeup {
    private int count;
    private final List<MachineId> machines = new ArrayList<>();

    @Override
    public synchronized void wake() {
        count++;
        notifyAll();
    }

    /** Counted like {@link #wake()}; also notes the machine. */
    @Override
    public synchronized void wake(MachineId machine) {
        machines.add(machine);
        wake();
    }

    /** The machines named by the wake-ups that named one, in order. */
    public synchronized List<MachineId> machines() {
        return List.copyOf(machines);
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
