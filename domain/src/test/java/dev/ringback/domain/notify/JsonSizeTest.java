package dev.ringback.domain.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonSizeTest {

    @ParameterizedTest
    @ValueSource(strings = {"", "plain ascii", "quote \" and \\ backslash", "\n\r\t\b\f", "\u0000\u0001\u001f",
        "\u007f", "é", "€", "\u2028\u2029", "📞 **Call completed**", "\uD83D", "\uDCDE", "x\uDCDE\uD83Dy",
        "\uD83D\uD83D\uDCDE", "/ </script>"})
    void countsWhatTheEscaperWrites(String text) {
        assertThat(JsonSize.escapedBytes(text)).isEqualTo(JsonEscaper.utf8Bytes(text));
    }

    @Test
    void neverCountsLessThanTheMostCompactEncoding() {
        String text = "a\u2028😀\"\u0001";
        assertThat(JsonSize.escapedBytes(text)).isGreaterThanOrEqualTo(JsonEscaper.compactUtf8Bytes(text));
    }

    /**
     * An emoji is two UTF-16 surrogates; Jackson's UTF-8 generator writes it as two 6-byte escapes
     * (12 bytes), not as 4 raw bytes. Counting 4 would let a transcript full of emoji triple in size
     * on the wire and break the gateway's body limit.
     */
    @Test
    void anEmojiCountsAsTwoEscapes() {
        assertThat(JsonSize.escapedBytes("😀")).isEqualTo(12);
        assertThat(JsonSize.escapedBytes("😀".repeat(1000))).isEqualTo(12_000);
    }

    @Test
    void generatedStringsMatchTheEscaper() {
        Random random = new Random(1234);
        for (int i = 0; i < 5_000; i++) {
            String text = randomText(random, random.nextInt(200));
            assertThat(JsonSize.escapedBytes(text)).as("sample %d", i).isEqualTo(JsonEscaper.utf8Bytes(text));
            assertThat(JsonSize.escapedBytes(text)).isGreaterThanOrEqualTo(JsonEscaper.compactUtf8Bytes(text));
        }
    }

    @Test
    void prefixFittingStaysWithinTheBudgetAndTakesAllItCan() {
        Random random = new Random(99);
        for (int i = 0; i < 5_000; i++) {
            String text = randomText(random, random.nextInt(120));
            long budget = random.nextInt(400);
            int keep = JsonSize.prefixFitting(text, budget);
            String prefix = text.substring(0, keep);
            assertThat(JsonEscaper.utf8Bytes(prefix)).isLessThanOrEqualTo(budget);
            if (keep > 0) {
                assertThat(Character.isHighSurrogate(text.charAt(keep - 1)) && keep < text.length()
                        && Character.isLowSurrogate(text.charAt(keep))).as("never splits a pair").isFalse();
            }
            if (keep < text.length()) {
                int next = Character.isHighSurrogate(text.charAt(keep)) && keep + 1 < text.length()
                        && Character.isLowSurrogate(text.charAt(keep + 1)) ? keep + 2 : keep + 1;
                assertThat(JsonEscaper.utf8Bytes(text.substring(0, next))).as("maximal").isGreaterThan(budget);
            }
        }
    }

    /** fits answers as counting does, whether or not it counted: on generated texts and the costliest ones. */
    @Test
    void fitsAgreesWithTheCount() {
        Random random = new Random(7);
        for (int i = 0; i < 5_000; i++) {
            String text = randomText(random, random.nextInt(120));
            long budget = random.nextInt(800);
            assertThat(JsonSize.fits(text, budget)).as("sample %d, budget %d", i, budget)
                    .isEqualTo(JsonEscaper.utf8Bytes(text) <= budget);
        }
        for (String costliest : new String[] {"\u0001".repeat(100), "😀".repeat(50), "\uD83D".repeat(100)}) {
            long bytes = JsonEscaper.utf8Bytes(costliest);
            assertThat(bytes).isEqualTo((long) costliest.length() * JsonSize.MAX_BYTES_PER_CHAR);
            assertThat(JsonSize.fits(costliest, bytes)).isTrue();
            assertThat(JsonSize.fits(costliest, bytes - 1)).isFalse();
        }
    }

    @Test
    void prefixFittingEdgeCases() {
        assertThat(JsonSize.prefixFitting("", 10)).isZero();
        assertThat(JsonSize.prefixFitting("abc", 0)).isZero();
        assertThat(JsonSize.prefixFitting("abc", -5)).isZero();
        assertThat(JsonSize.prefixFitting("abc", 3)).isEqualTo(3);
        assertThat(JsonSize.prefixFitting("abc", Long.MAX_VALUE)).isEqualTo(3);
        assertThat(JsonSize.prefixFitting("a😀", 12)).isEqualTo(1);
        assertThat(JsonSize.prefixFitting("a😀", 13)).isEqualTo(3);
        assertThat(JsonSize.prefixFitting("\"\"", 3)).isEqualTo(1);
    }

    static String randomText(Random random, int length) {
        String specials = "\"\\\n\r\t\b\f\u0000\u001f\u007fé€\u2028\u2029 aZ9<>/";
        StringBuilder text = new StringBuilder();
        while (text.length() < length) {
            switch (random.nextInt(6)) {
                case 0: text.appendCodePoint(0x1F300 + random.nextInt(0x300)); break;
                case 1: text.append((char) (0xD800 + random.nextInt(0x800))); break; // lone surrogates
                case 2: text.append((char) random.nextInt(0x10000)); break;
                default: text.append(specials.charAt(random.nextInt(specials.length())));
            }
        }
        return text.toString();
    }
}
