package dev.ringback.adapters.http;

/**
 * Whether the server should receive traffic ({@code GET /readyz}). Bootstrap decides what
 * "ready" means (the database opens, the delivery worker runs).
 */
public interface ReadinessProbe {
    boolean ready();
}
