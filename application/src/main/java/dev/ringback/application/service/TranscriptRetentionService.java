package dev.ringback.application.service;

import dev.ringback.application.port.in.ForgetOldTranscriptsUseCase;
import dev.ringback.application.port.out.CallRepository;
import dev.ringback.application.port.out.Clock;
import dev.ringback.domain.call.TranscriptRetention;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Keeps a call's words no longer than {@link TranscriptRetention} says. A pass reads every ended
 * call of the store, so it runs at most once an hour however often it is asked: a bound counted
 * in days loses nothing by an hour.
 */
@Singleton
public final class TranscriptRetentionService implements ForgetOldTranscriptsUseCase {
    static final Duration BETWEEN_PASSES = Duration.ofHours(1);
    private static final System.Logger LOG = System.getLogger(TranscriptRetentionService.class.getName());

    private final CallRepository calls;
    private final Clock clock;
    private final TranscriptRetention retention;
    private Optional<Instant> lastPass = Optional.empty();

    @Inject
    public TranscriptRetentionService(CallRepository calls, Clock clock, TranscriptRetention retention) {
        this.calls = calls;
        this.clock = clock;
        this.retention = retention;
    }

    @Override
    public synchronized int forgetOldTranscripts() {
        Instant now = clock.now();
        Optional<Instant> cutoff = retention.forgetEndedBefore(now);
        if (cutoff.isEmpty() || lastPass.filter(last -> now.isBefore(last.plus(BETWEEN_PASSES))).isPresent()) {
            return 0;
        }
        lastPass = Optional.of(now);
        int forgotten = calls.forgetWordsOfCallsEndedBefore(cutoff.get());
        if (forgotten > 0) {
            LOG.log(Level.INFO, "forgot the transcripts, summaries and recording links of {0} calls that ended before {1}"
                    + " (RINGBACK_TRANSCRIPT_RETENTION)", forgotten, cutoff.get());
        }
        return forgotten;
    }
}
