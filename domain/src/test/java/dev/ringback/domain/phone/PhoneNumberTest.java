package dev.ringback.domain.phone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ringback.domain.InvalidInputException;
import java.util.Optional;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class PhoneNumberTest {
    private static final Pattern PLATFORM_RULE = Pattern.compile("^\\+1[2-9]\\d{9}$");

    @ParameterizedTest
    @ValueSource(strings = {
        "(202) 555-1234", "202-555-1234", "202 555 1234", "2025551234", "12025551234", "1 202 555 1234",
        "+12025551234", "+1 (202) 555-1234", "1-202-555-1234", " 202-555-1234 ", "(202)555-1234", "202\t555\n1234"})
    void acceptsThePlatformsFormats(String raw) {
        assertThat(PhoneNumber.parseUs(raw)).contains(new PhoneNumber("+12025551234"));
    }

    /**
     * The platform ran JavaScript, whose {@code \s} is Unicode white space: a number pasted from a
     * web page or written by a model with a no-break or thin space was dialled there.
     */
    @ParameterizedTest
    @ValueSource(strings = {
        "(202)\u00a0555-1234", "202\u202f555\u202f1234", "+1\u2009202\u2009555\u20091234", "\ufeff2025551234",
        "202\u3000555\u30001234", "202\u2028555\u20291234", "\u1680202\u205f555\u20001234\u200a"})
    void acceptsUnicodeSpacesAsThePlatformsJavaScriptDid(String raw) {
        assertThat(PhoneNumber.parseUs(raw)).contains(new PhoneNumber("+12025551234"));
        assertThat(PhoneNumber.parseCaller(raw)).contains(new PhoneNumber("+12025551234"));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {
        "(102) 555-1234", "(002) 555-1234", "+11025551234", "+10025551234", "1025551234", "11025551234",
        "202555123", "20255512345", "+1202555123", "+120255512345", "1202555123",
        "202-555-ABCD", "call 2025551234", "202.555.1234", "202/555/1234",
        "+442071234567", "+44 20 7123 4567", "442071234567", "+2025551234", "++12025551234", "+",
        "１２０２５５５１２３４", "202\u200b555\u200b1234", "202\u0085555\u00851234"})
    void refusesWhatThePlatformRefuses(String raw) {
        assertThat(PhoneNumber.parseUs(raw)).isEmpty();
    }

    @Test
    void theConstructorTakesE164NumbersOfAnyCountryAndOnlyUsOnesAreUs() {
        assertThat(new PhoneNumber("+12025551234").isUs()).isTrue();
        assertThat(new PhoneNumber("+442071234567").isUs()).isFalse();
        assertThat(new PhoneNumber("+11025551234").isUs()).isFalse();
        for (String bad : new String[] {null, "2025551234", "12025551234", "+1 202 555 1234", "+0442071234567", "+1234567",
                "+1234567890123456", "anonymous"}) {
            assertThatThrownBy(() -> new PhoneNumber(bad)).isInstanceOf(InvalidInputException.class);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"+442071234567", "+44 20 7123 4567", "+33 (1) 23-45-67-89"})
    void aCallerMayCallFromAnyCountry(String raw) {
        assertThat(PhoneNumber.parseCaller(raw)).hasValueSatisfying(n -> assertThat(n.isUs()).isFalse());
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"anonymous", "Restricted", "+", "+0442071234567", "442071234567", "+44-20-ABC", "unknown"})
    void aWithheldOrUnreadableCallerIsEmpty(String raw) {
        assertThat(PhoneNumber.parseCaller(raw)).isEmpty();
    }

    @Test
    void aUsCallerIsReadAsThePlatformReadsNumbers() {
        assertThat(PhoneNumber.parseCaller("(202) 555-1234")).contains(new PhoneNumber("+12025551234"));
        assertThat(PhoneNumber.parseCaller("+1 202 555 1234")).contains(new PhoneNumber("+12025551234"));
    }

    @Test
    void aShortForeignNumberIsMaskedToo() {
        assertThat(new PhoneNumber("+3541234567").masked()).isEqualTo("+35*****67");
        assertThat(new PhoneNumber("+442071234567").masked()).isEqualTo("+4420*****67");
    }

    @Test
    void theErrorMessageIsThePlatforms() {
        assertThat(PhoneNumber.INVALID_US_NUMBER)
                .isEqualTo("Invalid US phone number. Use format: +12025551234 or (202) 555-1234");
    }

    @Test
    void maskedHidesTheNumber() {
        PhoneNumber number = new PhoneNumber("+12025551234");
        assertThat(number.masked()).isEqualTo("+1202*****34").doesNotContain("5551234").doesNotContain("555123");
        assertThat(number.toString()).isEqualTo(number.masked());
        assertThat(String.valueOf(number)).doesNotContain("2025551234");
    }

    @Test
    void digitsAreForFileNames() {
        assertThat(new PhoneNumber("+12025551234").digits()).isEqualTo("12025551234");
    }

    /**
     * The normalisation, re-implemented from the platform's description, agrees with parseUs on
     * generated input, and parseUs never throws.
     */
    @Test
    void generatedInputsAgreeWithThePlatformsNormalisation() {
        Random random = new Random(42);
        String alphabet = "0123456789012345678901234567890123456789+() -\t.x\u00a0\u202f\u200b";
        int accepted = 0;
        for (int i = 0; i < 50_000; i++) {
            StringBuilder raw = new StringBuilder();
            int length = random.nextInt(18);
            for (int j = 0; j < length; j++) {
                raw.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            if (i % 3 == 0) {
                raw.insert(0, random.nextBoolean() ? "+1" : "1");
            }
            Optional<PhoneNumber> parsed = PhoneNumber.parseUs(raw.toString());
            Optional<String> expected = platform(raw.toString());
            assertThat(parsed.map(PhoneNumber::e164)).as("input '%s'", raw).isEqualTo(expected);
            if (parsed.isPresent()) {
                accepted++;
            }
        }
        assertThat(accepted).isGreaterThan(50);
    }

    @Test
    void arbitraryUnicodeNeverThrows() {
        Random random = new Random(7);
        for (int i = 0; i < 10_000; i++) {
            StringBuilder raw = new StringBuilder();
            for (int j = random.nextInt(30); j > 0; j--) {
                raw.append((char) random.nextInt(0x10000));
            }
            Optional<PhoneNumber> parsed = PhoneNumber.parseUs(raw.toString());
            parsed.ifPresent(p -> assertThat(p.e164()).matches(PLATFORM_RULE));
        }
    }

    private static Optional<String> platform(String raw) {
        // JavaScript's \s: ASCII white space, line terminators, U+00A0, U+FEFF and the space separators (Zs).
        String stripped = raw.replaceAll("[ \\t\\n\\x0B\\f\\r\\u2028\\u2029\\u00a0\\ufeff\\p{Zs}\\-()]", "");
        String candidate = stripped.startsWith("+") ? stripped : stripped.startsWith("1") ? "+" + stripped : "+1" + stripped;
        return PLATFORM_RULE.matcher(candidate).matches() ? Optional.of(candidate) : Optional.empty();
    }
}
