package dev.ringback.application.port.in;

/**
 * Forgets the words of calls that ended longer ago than the operator keeps them
 * ({@code TranscriptRetention}): their transcripts, summaries and recording links. Run
 * periodically; with words kept for good (the default) it does nothing.
 */
public interface ForgetOldTranscriptsUseCase {
    /** Returns how many calls' words it forgot now. */
    int forgetOldTranscripts();
}
