package dev.ringback.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;

/**
 * Drives one server port over {@code connections} keep-alive connections, one thread each.
 *
 * <p>Closed loop ({@link #saturate}): every connection sends its next request as soon as the
 * previous answer is in; that measures throughput at a concurrency of {@code connections}.
 *
 * <p>Open loop ({@link #fixedRate}): request {@code i} is due at {@code start + i / rate}; its
 * latency runs from that intended time, not from when a busy connection got round to sending
 * it, so a stall shows in the percentiles instead of silently slowing the arrivals (no
 * coordinated omission).
 */
final class LoadGenerator {
    private final int port;
    private final int connections;

    LoadGenerator(int port, int connections) {
        this.port = port;
        this.connections = connections;
    }

    /**
     * {@code from} and {@code to}: the measured window, in System.nanoTime; {@code ranOut}: the
     * prepared requests ran out before the window's end, so it was measured shorter.
     */
    record Result(long requests, long errors, double seconds, Latencies latencies, long from, long to, boolean ranOut) {
        double perSecond() {
            return requests / seconds;
        }
    }

    /** Told when a measured window opens and when it closes (on a thread of its own). */
    interface WindowWatch {
        WindowWatch NONE = new WindowWatch() {};

        default void opened() {}

        default void closed() {}
    }

    /** Requests are numbered from 0 and built by {@code request}; at most {@code limit} are sent. */
    Result saturate(IntFunction<byte[]> request, int limit, double warmupSeconds, double measureSeconds)
            throws InterruptedException {
        return saturate(request, limit, warmupSeconds, measureSeconds, WindowWatch.NONE);
    }

    Result saturate(IntFunction<byte[]> request, int limit, double warmupSeconds, double measureSeconds, WindowWatch watch)
            throws InterruptedException {
        AtomicInteger next = new AtomicInteger();
        long start = System.nanoTime();
        long measureFrom = start + (long) (warmupSeconds * 1e9);
        long end = measureFrom + (long) (measureSeconds * 1e9);
        // Load threads stay alive until the window's close is recorded: the CPU of a thread that has
        // ended can no longer be read.
        CountDownLatch loopsDone = new CountDownLatch(connections);
        CountDownLatch windowClosed = new CountDownLatch(1);
        Thread watcher = new Thread(() -> {
            try {
                if (!loopsDone.await(measureFrom - System.nanoTime(), TimeUnit.NANOSECONDS)) {
                    watch.opened();
                    loopsDone.await(end - System.nanoTime(), TimeUnit.NANOSECONDS);
                    watch.closed();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                windowClosed.countDown();
            }
        }, "window-watch");
        watcher.setDaemon(true);
        watcher.start();
        AtomicLong counted = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        AtomicLong lastFinish = new AtomicLong(measureFrom);
        Latencies all = onEachConnection("load", errors, (c, connection, mine) -> {
            while (true) {
                long t0 = System.nanoTime();
                if (t0 >= end) {
                    break;
                }
                int i = next.getAndIncrement();
                if (i >= limit) {
                    break;
                }
                int status = connection.exchange(request.apply(i));
                long t1 = System.nanoTime();
                if (t0 >= measureFrom) {
                    mine.add(t1 - t0);
                    counted.incrementAndGet();
                    lastFinish.accumulateAndGet(t1, Math::max);
                    if (status != 200) {
                        errors.incrementAndGet();
                    }
                }
            }
            loopsDone.countDown();
            awaitQuietly(windowClosed);
        });
        watcher.join();
        double seconds = Math.max(1e-3, (Math.min(end, lastFinish.get()) - measureFrom) / 1e9);
        boolean ranOut = next.get() >= limit;
        if (ranOut) {
            System.err.println("warning: ran out of prepared requests (" + limit + "); measured " + seconds + " s");
        }
        return new Result(counted.get(), errors.get(), seconds, all, measureFrom, Math.min(end, lastFinish.get()), ranOut);
    }

    /**
     * Sends {@code count} requests at {@code rate} per second. {@code sent} is told each request's
     * intended send time (System.nanoTime) before it goes out.
     */
    Result fixedRate(IntFunction<byte[]> request, int count, double rate, IntSentListener sent)
            throws InterruptedException {
        long start = System.nanoTime() + 50_000_000L;
        double interval = 1e9 / rate;
        AtomicLong errors = new AtomicLong();
        AtomicLong lastFinish = new AtomicLong(start);
        Latencies all = onEachConnection("rate", errors, (first, connection, mine) -> {
            for (int i = first; i < count; i += connections) {
                long intended = start + (long) (i * interval);
                long wait;
                while ((wait = intended - System.nanoTime()) > 0) {
                    LockSupport.parkNanos(wait);
                }
                byte[] bytes = request.apply(i);
                sent.sent(i, intended);
                int status = connection.exchange(bytes);
                long finished = System.nanoTime();
                mine.add(finished - intended);
                lastFinish.accumulateAndGet(finished, Math::max);
                if (status != 200) {
                    errors.incrementAndGet();
                }
            }
        });
        return new Result(all.count(), errors.get(), (lastFinish.get() - start) / 1e9, all, start, lastFinish.get(), false);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** What one connection's thread does; {@code mine} collects that thread's latencies. */
    @FunctionalInterface
    private interface ConnectionWork {
        void run(int index, HttpConnection connection, Latencies mine) throws IOException;
    }

    /**
     * Runs {@code work} on each of the {@code connections} connections, one thread each, and
     * returns all their latencies once every thread is done. A connection that fails counts as
     * one error and ends its thread.
     */
    private Latencies onEachConnection(String name, AtomicLong errors, ConnectionWork work) throws InterruptedException {
        List<Latencies> perThread = new ArrayList<>();
        CountDownLatch done = new CountDownLatch(connections);
        for (int c = 0; c < connections; c++) {
            int index = c;
            Latencies mine = new Latencies();
            perThread.add(mine);
            Thread thread = new Thread(() -> {
                try (HttpConnection connection = new HttpConnection(port)) {
                    work.run(index, connection, mine);
                } catch (IOException e) {
                    errors.incrementAndGet();
                    System.err.println("load connection failed: " + e);
                } finally {
                    done.countDown();
                }
            }, name + "-" + c);
            thread.setDaemon(true);
            thread.start();
        }
        done.await();
        Latencies all = new Latencies();
        perThread.forEach(all::addAll);
        return all;
    }

    @FunctionalInterface
    interface IntSentListener {
        void sent(int index, long intendedNanos);
    }
}
