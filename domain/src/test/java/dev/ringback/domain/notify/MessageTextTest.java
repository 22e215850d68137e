package dev.ringback.domain.notify;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MessageTextTest {

    @ParameterizedTest(name = "{0} s -> {1} min")
    @CsvSource({"0, 0", "1, 0", "2, 0", "3, 0.1", "6, 0.1", "30, 0.5", "60, 1", "90, 1.5", "150, 2.5", "154, 2.6",
        "3599, 60", "3600, 60", "3630, 60.5", "2147483647, 35791394.1"})
    void minutesHaveAtMostOneDecimal(int seconds, String minutes) {
        assertThat(MessageText.minutes(seconds)).isEqualTo(minutes);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "a|> a",
        "a\\nb|> a\\n> b",
        "a\\r\\nb|> a\\n> b",
        "a\\rb|> a\\n> b",
        "\\n\\n a \\n\\n|> a",
        "a\\n\\nb|> a\\n> \\n> b",
    })
    void quotedMarksEveryLine(String text, String quoted) {
        assertThat(MessageText.quoted(unescape(text))).isEqualTo(unescape(quoted));
    }

    private static String unescape(String s) {
        return s.replace("\\r", "\r").replace("\\n", "\n");
    }
}
