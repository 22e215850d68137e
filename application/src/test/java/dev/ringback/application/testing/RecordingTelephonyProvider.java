package dev.ringback.application.testing;

import dev.ringback.application.port.out.TelephonyProvider;
import dev.ringback.domain.call.ProviderCallId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A telephony provider that answers from a script and records every call it was asked to place.
 * With nothing scripted it queues the call as {@code provider-call-<n>}. A check registered with
 * {@link #beforeAnswering} runs inside {@link #place}, before the answer, so a test can look at
 * the world as the real provider would find it (for instance, that the call is already stored).
 */
public final class RecordingTelephonyProvider implements TelephonyProvider {
    private final Deque<Placement> script = new ArrayDeque<>();
    private final List<OutboundCall> placed = new ArrayList<>();
    private Consumer<OutboundCall> beforeAnswering = call -> {};
    private int queued;

    /** The next answers, in order. */
    public synchronized RecordingTelephonyProvider thenAnswer(Placement... answers) {
        for (Placement answer : answers) {
            script.add(Objects.requireNonNull(answer, "answer"));
        }
        return this;
    }

    public RecordingTelephonyProvider thenQueue(String providerCallId) {
        return thenAnswer(new Placement.Queued(new ProviderCallId(providerCallId)));
    }

    public RecordingTelephonyProvider thenReject(int status, String reason) {
        return thenAnswer(new Placement.Rejected(status, reason));
    }

    public RecordingTelephonyProvider thenLoseTheAnswer(String reason) {
        return thenAnswer(new Placement.Uncertain(reason));
    }

    public synchronized RecordingTelephonyProvider beforeAnswering(Consumer<OutboundCall> check) {
        this.beforeAnswering = Objects.requireNonNull(check, "check");
        return this;
    }

    @Override
    public Placement place(OutboundCall call) {
        Consumer<OutboundCall> check;
        synchronized (this) {
            placed.add(call);
            check = beforeAnswering;
        }
        check.accept(call);
        synchronized (this) {
            Placement next = script.poll();
            return next != null ? next : new Placement.Queued(new ProviderCallId("provider-call-" + ++queued));
        }
    }

    public synchronized List<OutboundCall> placed() {
        return List.copyOf(placed);
    }

    public synchronized OutboundCall lastPlaced() {
        if (placed.isEmpty()) {
            throw new AssertionError("no call was placed");
        }
        return placed.get(placed.size() - 1);
    }
}
