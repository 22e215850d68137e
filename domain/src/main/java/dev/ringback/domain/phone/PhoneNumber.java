package dev.ringback.domain.phone;

import dev.ringback.domain.InvalidInputException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A number in E.164 form. The platform dials and assigns US numbers only ({@link #parseUs}); a
 * caller who rings a user's number may be calling from anywhere ({@link #parseCaller}), and that
 * call is recorded, counted and announced like any other (the platform's defect 6).
 */
public record PhoneNumber(String e164) {
    public static final String INVALID_US_NUMBER =
            "Invalid US phone number. Use format: +12025551234 or (202) 555-1234";

    private static final Pattern US_E164 = Pattern.compile("\\+1[2-9]\\d{9}");
    /** ITU-T E.164: a country code and at most 15 digits in all; no real number is shorter than 8. */
    private static final Pattern ANY_E164 = Pattern.compile("\\+[1-9]\\d{7,14}");
    /**
     * Spaces, dashes and brackets. "Spaces" as the platform's JavaScript {@code \s} has them:
     * Unicode white space (U+00A0, U+202F, U+FEFF, the space separators, line separators), not
     * Java's ASCII-only {@code \s}, so a number pasted with a no-break space is dialled here too.
     */
    private static final Pattern FORMATTING =
            Pattern.compile("[ \\t\\n\\x0B\\f\\r\\u00a0\\ufeff\\u2028\\u2029\\p{Zs}\\-()]");

    public PhoneNumber {
        if (e164 == null || !ANY_E164.matcher(e164).matches()) {
            throw new InvalidInputException("not an E.164 phone number");
        }
    }

    /** The only kind of number the platform dials or gives a user. */
    public boolean isUs() {
        return US_E164.matcher(e164).matches();
    }

    /**
     * The platform's normalisation, kept exactly: strip spaces, dashes and brackets, then prefix
     * {@code +} when the number starts with 1, {@code +1} otherwise.
     */
    public static Optional<PhoneNumber> parseUs(String raw) {
        if (raw == null) {
            return Optional.empty();
        }
        String stripped = FORMATTING.matcher(raw).replaceAll("");
        String candidate;
        if (stripped.startsWith("+")) {
            candidate = stripped;
        } else if (stripped.startsWith("1")) {
            candidate = "+" + stripped;
        } else {
            candidate = "+1" + stripped;
        }
        return US_E164.matcher(candidate).matches() ? Optional.of(new PhoneNumber(candidate)) : Optional.empty();
    }

    /**
     * A caller's number as Bland reports it: E.164 from any country, or a US number in one of the
     * platform's formats. Empty for a withheld or unreadable number.
     */
    public static Optional<PhoneNumber> parseCaller(String raw) {
        if (raw == null) {
            return Optional.empty();
        }
        String stripped = FORMATTING.matcher(raw).replaceAll("");
        if (stripped.startsWith("+")) {
            return ANY_E164.matcher(stripped).matches() ? Optional.of(new PhoneNumber(stripped)) : Optional.empty();
        }
        return parseUs(raw);
    }

    /** Digits only, for file names. */
    public String digits() {
        return e164.substring(1);
    }

    /** Safe for logs: the country and area code (the code alone for a short number) and the last two digits. */
    public String masked() {
        int kept = e164.length() >= 12 ? 5 : 3;
        return e164.substring(0, kept) + "*****" + e164.substring(e164.length() - 2);
    }

    @Override
    public String toString() {
        return masked();
    }
}
