package dev.ringback.adapters.http;

import io.undertow.server.ExchangeCompletionListener;
import io.undertow.server.HttpServerExchange;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The bytes of request bodies being read on the I/O threads before routing ({@link WorkerDispatch}),
 * counted for all connections together. Such a body is read before any route, token or signature
 * is looked at, so a client that holds many connections with their bodies half sent would hold
 * 64 KiB on each: 2,000 connections fill a 128 MB heap. Past the budget a request is refused at once
 * instead. Bodies arriving at an ordinary pace are a few kilobytes and never near it.
 */
final class PrefetchBudget {
    /** 128 bodies of the largest size read ahead, thousands of the webhooks' usual size. */
    static final long DEFAULT_BYTES = 8L * 1024 * 1024;

    private final AtomicLong available;

    PrefetchBudget(long bytes) {
        this.available = new AtomicLong(bytes);
    }

    /**
     * Takes {@code bytes} for {@code exchange}'s body, given back by the returned {@link Runnable} (once,
     * however often it runs) or when the exchange ends, whichever comes first; null when the budget
     * does not have them.
     */
    Runnable take(HttpServerExchange exchange, long bytes) {
        for (long left = available.get(); ; left = available.get()) {
            if (left < bytes) {
                return null;
            }
            if (available.compareAndSet(left, left - bytes)) {
                break;
            }
        }
        GiveBack giveBack = new GiveBack(bytes);
        // A body whose read never calls back (the connection dropped in a way the receiver does not report) is given back here.
        exchange.addExchangeCompleteListener(giveBack);
        return giveBack;
    }

    long available() {
        return available.get();
    }

    private final class GiveBack extends AtomicBoolean implements Runnable, ExchangeCompletionListener {
        private static final long serialVersionUID = 1L;
        private final long bytes;

        GiveBack(long bytes) {
            this.bytes = bytes;
        }

        @Override
        public void run() {
            if (compareAndSet(false, true)) {
                available.addAndGet(bytes);
            }
        }

        @Override
        public void exchangeEvent(HttpServerExchange exchange, NextListener next) {
            run();
            next.proceed();
        }
    }
}
