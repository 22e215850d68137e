package dev.ringback.adapters.openclaw;

import java.net.http.HttpResponse.BodySubscriber;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Reads a body of any size looking for one byte sequence, keeping only the bytes that could start
 * a match across chunk boundaries: a conversation's history can run to megabytes, and sixteen
 * delivery threads must not hold that many copies. Completes with the needle when it was found
 * (and stops reading), with an empty array when the body ended without it.
 */
final class MarkerScanningSubscriber implements BodySubscriber<byte[]> {
    private final byte[] needle;
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private byte[] carry = new byte[0];
    private Flow.Subscription subscription;

    MarkerScanningSubscriber(byte[] needle) {
        if (needle.length == 0) {
            throw new IllegalArgumentException("nothing to look for");
        }
        this.needle = needle.clone();
    }

    @Override
    public CompletionStage<byte[]> getBody() {
        return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        this.subscription = subscription;
        subscription.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
        if (result.isDone()) {
            return;
        }
        for (ByteBuffer buffer : buffers) {
            byte[] window = new byte[carry.length + buffer.remaining()];
            System.arraycopy(carry, 0, window, 0, carry.length);
            buffer.get(window, carry.length, window.length - carry.length);
            if (contains(window)) {
                result.complete(needle.clone());
                subscription.cancel();
                return;
            }
            int keep = Math.min(window.length, needle.length - 1);
            carry = Arrays.copyOfRange(window, window.length - keep, window.length);
        }
    }

    private boolean contains(byte[] window) {
        outer:
        for (int i = 0; i + needle.length <= window.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (window[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    @Override
    public void onError(Throwable throwable) {
        result.completeExceptionally(throwable);
    }

    @Override
    public void onComplete() {
        result.complete(new byte[0]);
    }
}
