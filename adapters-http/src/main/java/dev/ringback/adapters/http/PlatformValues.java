package dev.ringback.adapters.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.Locale;

/**
 * The values the platform's JavaScript took as meant, read the same way: it could not tell
 * {@code 5.0} from {@code 5}, and it compared and passed on {@code "5"} as the number it holds.
 * Anything else of the wrong shape is still refused by field name ({@link RequestBodies}).
 */
final class PlatformValues {
    private PlatformValues() {}

    /**
     * {@code text} with each lone surrogate (half of a character, as a JavaScript client that cut
     * a string inside an emoji sends it) replaced by U+FFFD, as the platform's runtime encoded it.
     * Kept as is, it would reach Bland as one thing and be stored (UTF-8) as another. Null stays null.
     */
    static String wellFormed(String text) {
        if (text == null) {
            return null;
        }
        StringBuilder fixed = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean paired = Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1));
            if (paired) {
                if (fixed != null) {
                    fixed.append(c).append(text.charAt(i + 1));
                }
                i++;
            } else if (Character.isSurrogate(c)) {
                if (fixed == null) {
                    fixed = new StringBuilder(text.length()).append(text, 0, i);
                }
                fixed.append('\ufffd');
            } else if (fixed != null) {
                fixed.append(c);
            }
        }
        return fixed == null ? text : fixed.toString();
    }

    /** A whole number: {@code 5}, {@code 5.0} or {@code "5"}; not {@code 5.5}, not beyond an int. */
    static final class WholeNumber extends JsonDeserializer<Integer> {
        /**
         * The parser's own cap on a JSON number's text. A string is not held to it, and reading
         * one as a decimal takes time that grows with the square of its length (a 1 MiB
         * {@code "7.000..."} kept a worker busy for some 14 s), so a longer one is not a number.
         */
        static final int MAX_TEXT_LENGTH = StreamReadConstraints.DEFAULT_MAX_NUM_LEN;

        @Override
        public Integer deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            JsonToken token = parser.currentToken();
            BigDecimal value;
            try {
                if (token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT) {
                    value = parser.getDecimalValue();
                } else if (token == JsonToken.VALUE_STRING) {
                    String text = parser.getText().strip();
                    if (text.length() > MAX_TEXT_LENGTH) {
                        throw new NumberFormatException("longer than a JSON number may be");
                    }
                    value = new BigDecimal(text);
                } else {
                    return (Integer) context.handleUnexpectedToken(Integer.class, parser);
                }
                return value.intValueExact();
            } catch (NumberFormatException | ArithmeticException notWhole) {
                return (Integer) context.handleWeirdStringValue(Integer.class, parser.getText(), "not a whole number");
            }
        }
    }

    /** {@code true}/{@code false}, also as the strings {@code "true"}/{@code "false"}. */
    static final class Flag extends JsonDeserializer<Boolean> {
        @Override
        public Boolean deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            JsonToken token = parser.currentToken();
            if (token == JsonToken.VALUE_TRUE || token == JsonToken.VALUE_FALSE) {
                return token == JsonToken.VALUE_TRUE;
            }
            if (token == JsonToken.VALUE_STRING) {
                String text = parser.getText().strip().toLowerCase(Locale.ROOT);
                if (text.equals("true") || text.equals("false")) {
                    return text.equals("true");
                }
                return (Boolean) context.handleWeirdStringValue(Boolean.class, parser.getText(), "not true or false");
            }
            return (Boolean) context.handleUnexpectedToken(Boolean.class, parser);
        }
    }
}
