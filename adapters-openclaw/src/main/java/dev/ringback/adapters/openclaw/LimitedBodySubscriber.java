package dev.ringback.adapters.openclaw;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;

/**
 * Keeps at most {@link #LIMIT} bytes of a response body. Gateway answers are a few hundred bytes;
 * a machine that streams more is not what we think it is, and must not fill our heap.
 */
final class LimitedBodySubscriber extends StoppableBodySubscriber {
    static final int LIMIT = 16 * 1024;

    private final ByteArrayOutputStream kept = new ByteArrayOutputStream();

    @Override
    byte[] read(ByteBuffer buffer) {
        int take = Math.min(LIMIT - kept.size(), buffer.remaining());
        byte[] chunk = new byte[take];
        buffer.get(chunk);
        kept.write(chunk, 0, take);
        return kept.size() >= LIMIT ? kept.toByteArray() : null;
    }

    @Override
    byte[] atEnd() {
        return kept.toByteArray();
    }
}
