package dev.ringback.adapters.openclaw;

import java.util.concurrent.Flow;

/** A subscription that only notes what a body subscriber asked of it: how much, and whether it gave up. */
final class RecordingSubscription implements Flow.Subscription {
    long requested;
    boolean cancelled;

    @Override
    public void request(long n) {
        requested += n;
    }

    @Override
    public void cancel() {
        cancelled = true;
    }
}
