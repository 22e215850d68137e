package dev.ringback.application.port.out;

/** Unguessable bearer tokens, from a cryptographically strong source. */
@FunctionalInterface
public interface TokenGenerator {
    String newToken();
}
