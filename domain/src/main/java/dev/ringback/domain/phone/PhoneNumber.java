package dev.ringback.domain.phone;

import dev.ringback.domain.InvalidInputException;
import java.util.Optional;
import java.util.regex.Pattern;

/** A US number in E.164 form, the only kind the platform dials. */
public record PhoneNumber(String e164) {
    public static final String INVALID_US_NUMBER =
            "Invalid US phone number. Use format: +12025551234 or (202) 555-1234";

    private static final Pattern US_E164 = Pattern.compile("\\+1[2-9]\\d{9}");
    private static final Pattern FORMATTING = Pattern.compile("[\\s\\-()]");

    public PhoneNumber {
        if (e164 == null || !US_E164.matcher(e164).matches()) {
            throw new InvalidInputException(INVALID_US_NUMBER);
        }
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

    /** Digits only, for file names. */
    public String digits() {
        return e164.substring(1);
    }

    /** Safe for logs: the area code and the last two digits only. */
    public String masked() {
        return e164.substring(0, 5) + "*****" + e164.substring(e164.length() - 2);
    }

    @Override
    public String toString() {
        return masked();
    }
}
