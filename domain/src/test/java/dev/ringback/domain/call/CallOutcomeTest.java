package dev.ringback.domain.call;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CallOutcomeTest {

    /** The platform's rule: seconds = round(call_length x 60). */
    @ParameterizedTest(name = "{0} min -> {1} s")
    @CsvSource({"0.1833, 11", "2.5, 150", "1, 60", "0.0083, 0", "0.0084, 1", "0, 0", "-1, 0", "NaN, 0",
        "-Infinity, 0", "Infinity, 2147483647", "1e300, 2147483647"})
    void secondsFromMinutes(double minutes, int seconds) {
        assertThat(CallOutcome.secondsFromMinutes(minutes)).isEqualTo(seconds);
    }

    @Test
    void anOutcomeIsTerminal() {
        assertThatThrownBy(() -> new CallOutcome(CallStatus.INITIATED, 0, "", "", Optional.empty(), Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void durationIsNotNegative() {
        assertThatThrownBy(() -> new CallOutcome(CallStatus.COMPLETED, -1, "", "", Optional.empty(), Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void fieldsAreRequired() {
        assertThatThrownBy(() -> new CallOutcome(null, 0, "", "", Optional.empty(), Optional.empty()))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new CallOutcome(CallStatus.FAILED, 0, null, "", Optional.empty(), Optional.empty()))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new CallOutcome(CallStatus.FAILED, 0, "", null, Optional.empty(), Optional.empty()))
                .isInstanceOf(NullPointerException.class);
    }
}
