package dev.ringback.domain.call;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ringback.domain.Calls;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TranscriptRetentionTest {
    private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");

    @Test
    void keptForGoodNothingIsEverForgotten() {
        assertThat(TranscriptRetention.FOREVER.forgetEndedBefore(NOW)).isEmpty();
    }

    @Test
    void keptForATimeTheWordsOfCallsEndedBeforeThatAreForgotten() {
        assertThat(TranscriptRetention.keepFor(Duration.ofDays(90)).forgetEndedBefore(NOW))
                .contains(Instant.parse("2026-08-30T12:00:00Z"));
    }

    @Test
    void wordsAreKeptAtLeastAsLongAsADeliveryOrADeadLetterMayCarryThem() {
        assertThat(TranscriptRetention.keepFor(TranscriptRetention.SHORTEST).keep()).contains(Duration.ofDays(30));
        assertThatThrownBy(() -> TranscriptRetention.keepFor(Duration.ofDays(30).minusSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 30 days");
    }

    @Test
    void forgettingACallsWordsKeepsWhatUsageAndBillingCount() {
        CallRecord ended = ((CompletionResult.Completed) Calls.outbound().acceptedByProvider(new ProviderCallId("bland-1"))
                .complete(new CallOutcome(CallStatus.COMPLETED, 150, "user: hi", "They agreed.",
                        Optional.of("https://recordings.example/1.mp3"), Optional.of(NOW)), NOW)).call();
        assertThat(ended.holdsWords()).isTrue();
        assertThat(ended.snapshot().recordingUrl()).isPresent();

        CallRecord forgotten = ended.withWordsForgotten();

        CallSnapshot before = ended.snapshot();
        CallSnapshot after = forgotten.snapshot();
        assertThat(after.transcript()).isEmpty();
        assertThat(after.summary()).isEmpty();
        assertThat(after.recordingUrl()).isEmpty();
        assertThat(forgotten.holdsWords()).isFalse();
        assertThat(after).usingRecursiveComparison().ignoringFields("transcript", "summary", "recordingUrl")
                .isEqualTo(before);
    }

    @Test
    void aCallInFlightHasNoWordsToForget() {
        assertThatThrownBy(() -> Calls.outbound().withWordsForgotten()).isInstanceOf(IllegalStateException.class);
        assertThat(Calls.outbound().holdsWords()).isFalse();
    }
}
