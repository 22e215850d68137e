package dev.ringback.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
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
     * prepared requests ran out before the window's end, so it was measured shorter;
     * {@code warmupSeconds}: how long the load ran before the window opened.
     */
    record Result(long requests, long errors, double seconds, Latencies latencies, long from, long to, boolean ranOut,
            double warmupSeconds) {
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

    /**
     * How long to warm up: at least {@code minSeconds}, then until {@code settled} says so (asked
     * once a second, under load), but no longer than {@code maxSeconds}.
     */
    record WarmUp(double minSeconds, double maxSeconds, BooleanSupplier settled) {
        static WarmUp fixed(double seconds) {
            return new WarmUp(seconds, seconds, () -> true);
        }
    }

    /** Requests are numbered from 0 and built by {@code request}; at most {@code limit} are sent. */
    Result saturate(IntFunction<byte[]> request, int limit, double warmupSeconds, double measureSeconds)
            throws InterruptedException {
        return saturate(request, limit, WarmUp.fixed(warmupSeconds), measureSeconds, WindowWatch.NONE);
    }

    Result saturate(IntFunction<byte[]> request, int limit, WarmUp warmUp, double measureSeconds, WindowWatch watch)
            throws InterruptedException {
        AtomicInteger next = new AtomicInteger();
        long start = System.nanoTime();
        long measureNanos = (long) (measureSeconds * 1e9);
        // Set by the watcher when the warm-up ends; until then no request is in the window.
        AtomicLong measureFrom = new AtomicLong(Long.MAX_VALUE);
        AtomicLong end = new AtomicLong(Long.MAX_VALUE);
        // Load threads stay alive until the window's close is recorded: the CPU of a thread that has
        // ended can no longer be read.
        CountDownLatch loopsDone = new CountDownLatch(connections);
        CountDownLatch windowClosed = new CountDownLatch(1);
        Thread watcher = new Thread(() -> {
            try {
                if (warmedUp(warmUp, start, loopsDone)) {
                    long from = System.nanoTime();
                    end.set(from + measureNanos);
                    measureFrom.set(from);
                    watch.opened();
                    loopsDone.await(end.get() - System.nanoTime(), TimeUnit.NANOSECONDS);
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
        AtomicLong lastFinish = new AtomicLong(Long.MIN_VALUE);
        Latencies all = onEachConnection("load", errors, (c, connection, mine) -> {
            while (true) {
                long t0 = System.nanoTime();
                if (t0 >= end.get()) {
                    break;
                }
                int i = next.getAndIncrement();
                if (i >= limit) {
                    break;
                }
                int status = connection.exchange(request.apply(i));
                long t1 = System.nanoTime();
                if (t0 >= measureFrom.get()) {
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
        long from = measureFrom.get() == Long.MAX_VALUE ? System.nanoTime() : measureFrom.get();
        long to = Math.max(from, Math.min(end.get(), lastFinish.get()));
        double seconds = Math.max(1e-3, (to - from) / 1e9);
        boolean ranOut = next.get() >= limit;
        if (ranOut) {
            System.err.println("warning: ran out of prepared requests (" + limit + "); measured " + seconds + " s");
        }
        return new Result(counted.get(), errors.get(), seconds, all, from, to, ranOut, (from - start) / 1e9);
    }

    /**
     * Waits out the warm-up under load; false when the load ended first (the requests ran out), so
     * there is no window to measure.
     */
    private static boolean warmedUp(WarmUp warmUp, long start, CountDownLatch loopsDone) throws InterruptedException {
        long min = start + (long) (warmUp.minSeconds() * 1e9);
        long max = start + (long) (Math.max(warmUp.minSeconds(), warmUp.maxSeconds()) * 1e9);
        if (loopsDone.await(min - System.nanoTime(), TimeUnit.NANOSECONDS)) {
            return false;
        }
        while (System.nanoTime() < max && !warmUp.settled().getAsBoolean()) {
            if (loopsDone.await(Math.min(1_000_000_000L, max - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                return false;
            }
        }
        return true;
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
        return new Result(all.count(), errors.get(), (lastFinish.get() - start) / 1e9, all, start, lastFinish.get(), false, 0);
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
