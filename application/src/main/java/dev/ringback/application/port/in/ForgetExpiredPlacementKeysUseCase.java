package dev.ringback.application.port.in;

/**
 * Deletes the Idempotency-Keys of call placements past {@link PlaceCallOnceUseCase#KEY_LIFETIME},
 * so that their table holds about a day of keyed placements, not every one ever made. Run
 * periodically; it never dials.
 */
public interface ForgetExpiredPlacementKeysUseCase {
    /** Deletes every expired key, in short batches so that no write holds the database long; returns how many. */
    int forgetExpiredKeys();
}
