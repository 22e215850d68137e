package dev.ringback.adapters.openclaw;

import java.net.http.HttpResponse.BodySubscriber;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * A body read buffer by buffer that may be given up part way, once what it is read for is known:
 * a gateway's answer is bounded before it fills the heap, a history is scanned only until the
 * marker is found. Giving up cancels the subscription, so the client stops reading the socket.
 */
abstract class StoppableBodySubscriber implements BodySubscriber<byte[]> {
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private Flow.Subscription subscription;

    /** Reads one buffer; returns the body's value to stop reading with it, or null to read on. */
    abstract byte[] read(ByteBuffer buffer);

    /** The body's value when it ended without {@link #read} stopping. */
    abstract byte[] atEnd();

    @Override
    public final CompletionStage<byte[]> getBody() {
        return result;
    }

    @Override
    public final void onSubscribe(Flow.Subscription subscription) {
        this.subscription = subscription;
        subscription.request(Long.MAX_VALUE);
    }

    @Override
    public final void onNext(List<ByteBuffer> buffers) {
        if (result.isDone()) {
            return;
        }
        for (ByteBuffer buffer : buffers) {
            byte[] value = read(buffer);
            if (value != null) {
                result.complete(value);
                subscription.cancel();
                return;
            }
        }
    }

    @Override
    public final void onError(Throwable throwable) {
        result.completeExceptionally(throwable);
    }

    @Override
    public final void onComplete() {
        result.complete(atEnd());
    }
}
