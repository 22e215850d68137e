package dev.ringback.adapters.openclaw;

import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.util.concurrent.Flow;

/**
 * A request body already in hand as bytes. {@link SocketHttpClient} writes the array itself;
 * collecting it back from a publisher cost two more copies of every delivery's body (the JDK's
 * publisher copies it into buffers, the collector copied them out again), the largest piece of
 * the delivery threads' allocation under load. The JDK client reads it as it reads any publisher.
 * The array is not copied: callers hand over one they no longer change.
 */
final class ByteArrayBody implements HttpRequest.BodyPublisher {
    private final byte[] bytes;

    ByteArrayBody(byte[] bytes) {
        this.bytes = bytes;
    }

    byte[] bytes() {
        return bytes;
    }

    @Override
    public long contentLength() {
        return bytes.length;
    }

    @Override
    public void subscribe(Flow.Subscriber<? super ByteBuffer> subscriber) {
        HttpRequest.BodyPublishers.ofByteArray(bytes).subscribe(subscriber);
    }
}
