package dev.ringback.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A SIGTERM while {@code serve} is starting: the stop waits for the start and closes what it opened. */
class ServerStartTest {
    /** What a start opens; counts its closes. */
    private static final class Started implements AutoCloseable {
        final AtomicInteger closes = new AtomicInteger();

        @Override
        public void close() {
            closes.incrementAndGet();
        }
    }

    @Test
    void aStopDuringTheStartClosesWhatTheStartOpenedOnceItEnds() throws Exception {
        ServerStart<Started> start = new ServerStart<>();
        Started server = new Started();
        CountDownLatch starting = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        CompletableFuture<Optional<Started>> started = CompletableFuture.supplyAsync(() -> start.start(() -> {
            starting.countDown();
            await(finish);
            return server;
        }));
        assertThat(starting.await(10, TimeUnit.SECONDS)).isTrue();

        Thread stop = new Thread(() -> {
            try {
                start.stop();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        stop.start();
        // The stop waits on the start, whatever the scheduler does: it cannot pass before finish.
        while (stop.getState() != Thread.State.BLOCKED) {
            assertThat(stop.isAlive()).as("the stop ended while the start was still running").isTrue();
            Thread.onSpinWait();
        }
        assertThat(server.closes).hasValue(0);

        finish.countDown();
        stop.join(10_000);
        assertThat(stop.isAlive()).isFalse();
        assertThat(started.get(10, TimeUnit.SECONDS)).containsSame(server);
        assertThat(server.closes).hasValue(1);
    }

    @Test
    void aStopBeforeTheStartMeansThereIsNone() throws Exception {
        ServerStart<Started> start = new ServerStart<>();
        start.stop();

        AtomicInteger starts = new AtomicInteger();
        assertThat(start.start(() -> {
            starts.incrementAndGet();
            return new Started();
        })).isEmpty();
        assertThat(starts).hasValue(0);
    }

    @Test
    void aStopAfterTheStartClosesTheServerOnce() throws Exception {
        ServerStart<Started> start = new ServerStart<>();
        Started server = new Started();
        assertThat(start.start(() -> server)).containsSame(server);

        start.stop();
        assertThat(server.closes).hasValue(1);
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("not released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
