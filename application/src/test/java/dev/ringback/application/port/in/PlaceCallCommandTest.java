package dev.ringback.application.port.in;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ringback.application.port.in.PlaceCallUseCase.Command;
import dev.ringback.domain.InvalidInputException;
import dev.ringback.domain.account.MachineId;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PlaceCallCommandTest {
    private static final MachineId MACHINE = new MachineId("m-1");

    private static Command command(String to, String task, int minutes, String voicemailAction) {
        return new Command(MACHINE, to, task, Optional.empty(), Optional.empty(), minutes, true, voicemailAction,
                Optional.empty(), Optional.empty());
    }

    @Test
    void aCompleteRequestIsAccepted() {
        Command command = command("+12025551234", "Ask", 5, "hangup");
        assertThat(command.maxDurationMinutes()).isEqualTo(Command.DEFAULT_MAX_DURATION_MINUTES);
    }

    @Test
    void missingFieldsGetThePlatformsMessage() {
        for (String[] fields : new String[][] {{null, "t"}, {"", "t"}, {"  ", "t"}, {"+12025551234", null},
                {"+12025551234", ""}, {"+12025551234", " \n"}, {null, null}}) {
            assertThatThrownBy(() -> command(fields[0], fields[1], 5, "hangup"))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessage("Missing required fields: to, task");
        }
    }

    @Test
    void maxDurationIsBetweenOneMinuteAndTwelveHours() {
        assertThat(command("x", "t", 1, "hangup").maxDurationMinutes()).isEqualTo(1);
        assertThat(command("x", "t", 720, "hangup").maxDurationMinutes()).isEqualTo(720);
        for (int bad : new int[] {0, -1, 721, Integer.MAX_VALUE, Integer.MIN_VALUE}) {
            assertThatThrownBy(() -> command("x", "t", bad, "hangup")).isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("max_duration");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"hangup", "leave_message", "ignore"})
    void voicemailActions(String action) {
        assertThat(command("x", "t", 5, action).voicemailAction()).isEqualTo(action);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "HANGUP", "voicemail", "leave-message"})
    void unknownVoicemailActionsAreRefused(String action) {
        assertThatThrownBy(() -> command("x", "t", 5, action)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("voicemail_action");
    }

    @Test
    void aNullVoicemailActionIsRefused() {
        assertThatThrownBy(() -> command("x", "t", 5, null)).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void theTaskIsBounded() {
        assertThat(command("x", "t".repeat(Command.MAX_TASK_LENGTH), 5, "hangup").task()).hasSize(Command.MAX_TASK_LENGTH);
        assertThatThrownBy(() -> command("x", "t".repeat(Command.MAX_TASK_LENGTH + 1), 5, "hangup"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("task must be at most 20000 characters");
    }

    private static Command withTexts(Optional<String> firstSentence, Optional<String> voiceId, Optional<String> voicemailMessage) {
        return new Command(MACHINE, "x", "t", firstSentence, voiceId, 5, true, "leave_message", voicemailMessage,
                Optional.empty());
    }

    @Test
    void theOptionalTextsAreBoundedUpToTheirLimits() {
        Command command = withTexts(Optional.of("f".repeat(Command.MAX_FIRST_SENTENCE_LENGTH)),
                Optional.of("v".repeat(Command.MAX_VOICE_ID_LENGTH)),
                Optional.of("m".repeat(Command.MAX_VOICEMAIL_MESSAGE_LENGTH)));

        assertThat(command.firstSentence()).hasValueSatisfying(text -> assertThat(text).hasSize(2_000));
        assertThat(command.voiceId()).hasValueSatisfying(text -> assertThat(text).hasSize(200));
        assertThat(command.voicemailMessage()).hasValueSatisfying(text -> assertThat(text).hasSize(2_000));
    }

    @Test
    void aFirstSentenceOverItsLimitIsRefusedNamingTheFieldAndTheLimit() {
        assertThatThrownBy(() -> withTexts(Optional.of("f".repeat(2_001)), Optional.empty(), Optional.empty()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("first_sentence must be at most 2000 characters");
    }

    @Test
    void aVoiceIdOverItsLimitIsRefusedNamingTheFieldAndTheLimit() {
        assertThatThrownBy(() -> withTexts(Optional.empty(), Optional.of("v".repeat(201)), Optional.empty()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("voice_id must be at most 200 characters");
    }

    @Test
    void aVoicemailMessageOverItsLimitIsRefusedNamingTheFieldAndTheLimit() {
        assertThatThrownBy(() -> withTexts(Optional.empty(), Optional.empty(), Optional.of("m".repeat(2_001))))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("voicemail_message must be at most 2000 characters");
    }
}
