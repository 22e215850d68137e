package dev.ringback.application.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ringback.application.testing.FixedClock;
import dev.ringback.application.testing.Fixtures;
import dev.ringback.application.testing.InMemoryCallRepository;
import dev.ringback.application.testing.InMemoryDeliveryRepository;
import dev.ringback.application.testing.LoggedLines;
import dev.ringback.domain.account.Machine;
import dev.ringback.domain.account.User;
import dev.ringback.domain.call.CallRecord;
import dev.ringback.domain.call.TranscriptRetention;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;

class TranscriptRetentionServiceTest {
    private static final Instant ENDED = FixedClock.DEFAULT_START.plusSeconds(130);

    private final FixedClock clock = new FixedClock();
    private final User alice = Fixtures.user("alice");
    private final Machine machine = Fixtures.machine("machine-a", alice.id(), "gateway-token-a");
    private final InMemoryCallRepository calls = new InMemoryCallRepository(new InMemoryDeliveryRepository());
    private final AtomicInteger passes = new AtomicInteger();
    private final DelegatingCallRepository counted = new DelegatingCallRepository(calls) {
        @Override
        public int forgetWordsOfCallsEndedBefore(Instant cutoff) {
            passes.incrementAndGet();
            return super.forgetWordsOfCallsEndedBefore(cutoff);
        }
    };

    private CallRecord ended(String id) {
        CallRecord call = Fixtures.outboundCall(id, machine, FixedClock.DEFAULT_START);
        calls.insert(call);
        CallRecord ended = Fixtures.completed(call, 125, ENDED);
        calls.recordCompletion(ended, List.of());
        return ended;
    }

    @Test
    void wordsKeptForGoodAreNeverLookedFor() {
        CallRecord call = ended("call-1");
        clock.advance(Duration.ofDays(3650));

        assertThat(new TranscriptRetentionService(counted, clock, TranscriptRetention.FOREVER).forgetOldTranscripts()).isZero();

        assertThat(passes).hasValue(0);
        assertThat(calls.findById(call.id())).contains(call);
    }

    @Test
    void wordsOlderThanTheRetentionAreForgottenAndSaidSoWithoutTheWords() {
        CallRecord old = ended("call-1");
        TranscriptRetentionService service = new TranscriptRetentionService(counted, clock,
                TranscriptRetention.keepFor(Duration.ofDays(30)));
        assertThat(service.forgetOldTranscripts()).as("not 30 days yet").isZero();
        clock.set(ENDED.plus(Duration.ofDays(30)).plusSeconds(1));

        List<String> lines = LoggedLines.of(TranscriptRetentionService.class, Level.INFO,
                () -> assertThat(service.forgetOldTranscripts()).isEqualTo(1));

        assertThat(calls.findById(old.id())).contains(old.withWordsForgotten());
        assertThat(lines).singleElement().asString()
                .startsWith("forgot the transcripts, summaries and recording links of 1 calls that ended before")
                .doesNotContain(old.snapshot().transcript()).doesNotContain(old.snapshot().summary());
    }

    /** A pass reads every ended call: the reconciler asks every five minutes, the store is read once an hour. */
    @Test
    void aPassRunsAtMostOnceAnHour() {
        TranscriptRetentionService service = new TranscriptRetentionService(counted, clock,
                TranscriptRetention.keepFor(Duration.ofDays(30)));

        service.forgetOldTranscripts();
        clock.advance(TranscriptRetentionService.BETWEEN_PASSES.minusSeconds(1));
        service.forgetOldTranscripts();
        assertThat(passes).hasValue(1);

        clock.advance(Duration.ofSeconds(1));
        service.forgetOldTranscripts();
        assertThat(passes).hasValue(2);
    }
}
