package dev.ringback.domain.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;
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

    /** The one-pass quoting against the four steps it replaced, on texts made of the awkward characters. */
    @Test
    void quotedIsWhatNormalisingStrippingAndReplacingMade() {
        String[] pieces = {"a", "bc", " ", "\t", "\r", "\n", "\r\n", "\u2003", "\u00a0", "📞", "\ud83d", "é", "\u000b"};
        Random random = new Random(20261126);
        for (int n = 0; n < 20_000; n++) {
            StringBuilder text = new StringBuilder();
            for (int length = random.nextInt(12); length > 0; length--) {
                text.append(pieces[random.nextInt(pieces.length)]);
            }
            String input = text.toString();
            String normalised = input.replace("\r\n", "\n").replace('\r', '\n').strip();
            String expected = "> " + normalised.replace("\n", "\n> ");

            assertThat(MessageText.quoted(input)).as("quoted(%s)", input.codePoints().boxed().toList()).isEqualTo(expected);
            assertThat(MessageText.appendQuoted(new StringBuilder("x"), input).toString()).isEqualTo("x" + expected);
        }
    }

    private static String unescape(String s) {
        return s.replace("\\r", "\r").replace("\\n", "\n");
    }
}
