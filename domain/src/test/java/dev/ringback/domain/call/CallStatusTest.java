package dev.ringback.domain.call;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CallStatusTest {

    /** The platform's map: completed, failed, no-answer -> no_answer, voicemail. */
    @ParameterizedTest(name = "{0} (completed={1}) -> {2}")
    @CsvSource({
        "completed, true, COMPLETED",
        "completed, false, COMPLETED",
        "failed, true, FAILED",
        "failed, false, FAILED",
        "no-answer, false, NO_ANSWER",
        "no-answer, true, NO_ANSWER",
        "voicemail, true, VOICEMAIL",
        "Completed, false, COMPLETED",
        "' NO-ANSWER ', false, NO_ANSWER",
        "no_answer, false, NO_ANSWER",
        "busy, false, NO_ANSWER",
        "canceled, true, FAILED",
        "unknown, false, FAILED",
        "something-new, true, FAILED",
    })
    void mapsTheProvidersWord(String word, boolean completed, CallStatus expected) {
        assertThat(CallStatus.fromProviderReport(Optional.of(word), completed, Optional.empty())).isEqualTo(expected);
    }

    @Test
    void aMissingStatusFollowsTheCompletedFlag() {
        assertThat(CallStatus.fromProviderReport(Optional.empty(), true, Optional.empty())).isEqualTo(CallStatus.COMPLETED);
        assertThat(CallStatus.fromProviderReport(Optional.empty(), false, Optional.empty())).isEqualTo(CallStatus.FAILED);
        assertThat(CallStatus.fromProviderReport(Optional.of("  "), true, Optional.empty())).isEqualTo(CallStatus.COMPLETED);
        assertThat(CallStatus.fromProviderReport(Optional.of(""), false, Optional.empty())).isEqualTo(CallStatus.FAILED);
    }

    @Test
    void aCompletedCallAnsweredByAMailboxIsAVoicemail() {
        assertThat(CallStatus.fromProviderReport(Optional.of("completed"), true, Optional.of("voicemail")))
                .isEqualTo(CallStatus.VOICEMAIL);
        assertThat(CallStatus.fromProviderReport(Optional.empty(), true, Optional.of(" Voicemail ")))
                .isEqualTo(CallStatus.VOICEMAIL);
        assertThat(CallStatus.fromProviderReport(Optional.of("completed"), true, Optional.of("human")))
                .isEqualTo(CallStatus.COMPLETED);
        // Only a completed call is turned into a voicemail.
        assertThat(CallStatus.fromProviderReport(Optional.of("failed"), false, Optional.of("voicemail")))
                .isEqualTo(CallStatus.FAILED);
        assertThat(CallStatus.fromProviderReport(Optional.of("no-answer"), false, Optional.of("voicemail")))
                .isEqualTo(CallStatus.NO_ANSWER);
    }

    @Test
    void onlyInitiatedIsNotTerminal() {
        assertThat(CallStatus.INITIATED.isTerminal()).isFalse();
        assertThat(CallStatus.COMPLETED.isTerminal()).isTrue();
        assertThat(CallStatus.FAILED.isTerminal()).isTrue();
        assertThat(CallStatus.NO_ANSWER.isTerminal()).isTrue();
        assertThat(CallStatus.VOICEMAIL.isTerminal()).isTrue();
    }

    @Test
    void connectedCallsAreTheOnesSomeonePickedUp() {
        assertThat(CallStatus.COMPLETED.isConnected()).isTrue();
        assertThat(CallStatus.VOICEMAIL.isConnected()).isTrue();
        assertThat(CallStatus.FAILED.isConnected()).isFalse();
        assertThat(CallStatus.NO_ANSWER.isConnected()).isFalse();
        assertThat(CallStatus.INITIATED.isConnected()).isFalse();
    }

    @Test
    void wireNamesAreThePlatforms() {
        assertThat(CallStatus.INITIATED.wireName()).isEqualTo("initiated");
        assertThat(CallStatus.NO_ANSWER.wireName()).isEqualTo("no_answer");
        for (CallStatus status : CallStatus.values()) {
            assertThat(CallStatus.fromWireName(status.wireName())).isEqualTo(status);
        }
        assertThatThrownBy(() -> CallStatus.fromWireName("no-answer")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CallStatus.fromWireName(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void directionsRoundTrip() {
        for (Direction direction : Direction.values()) {
            assertThat(Direction.fromWireName(direction.wireName())).isEqualTo(direction);
        }
        assertThatThrownBy(() -> Direction.fromWireName("sideways")).isInstanceOf(IllegalArgumentException.class);
    }
}
