package dev.ringback.adapters.persistence;

import java.nio.charset.StandardCharsets;

/**
 * A long text value encoded to UTF-8 on the thread that makes a write's values, for a parameter
 * written {@code CAST(? AS TEXT)}: bound as the bytes it is, SQLite takes them as text in the
 * database's encoding. Bound as a String, sqlite-jdbc encodes it inside the statement's execution,
 * on the one writer thread: 22 % of that thread's samples under webhook ingest, for the call's
 * texts and its deliveries' bodies.
 */
record Utf8Text(byte[] bytes) {
    static Utf8Text of(String text) {
        return new Utf8Text(text.getBytes(StandardCharsets.UTF_8));
    }
}
