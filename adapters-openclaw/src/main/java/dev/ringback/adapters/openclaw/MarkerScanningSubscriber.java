package dev.ringback.adapters.openclaw;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Reads a body of any size looking for one byte sequence, keeping only the bytes that could start
 * a match across chunk boundaries: a conversation's history can run to megabytes, and sixteen
 * delivery threads must not hold that many copies. Completes with the needle when it was found
 * (and stops reading), with an empty array when the body ended without it.
 */
final class MarkerScanningSubscriber extends StoppableBodySubscriber {
    private final byte[] needle;
    private byte[] carry = new byte[0];

    MarkerScanningSubscriber(byte[] needle) {
        if (needle.length == 0) {
            throw new IllegalArgumentException("nothing to look for");
        }
        this.needle = needle.clone();
    }

    @Override
    byte[] read(ByteBuffer buffer) {
        byte[] window = new byte[carry.length + buffer.remaining()];
        System.arraycopy(carry, 0, window, 0, carry.length);
        buffer.get(window, carry.length, window.length - carry.length);
        if (contains(window)) {
            return needle.clone();
        }
        int keep = Math.min(window.length, needle.length - 1);
        carry = Arrays.copyOfRange(window, window.length - keep, window.length);
        return null;
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
    byte[] atEnd() {
        return new byte[0];
    }
}
