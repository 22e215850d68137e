package dev.ringback.adapters.http.bland;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/**
 * The bytes {@code JSON.stringify(JSON.parse(body))} gives in JavaScript, which is what Bland's
 * own sample signs. A Jackson tree written back is not that: it prints {@code 0.0001} as
 * {@code 1.0E-4} and escapes a character outside the BMP as two {@code \\u} escapes, so a genuine
 * webhook holding either would fail its signature. Numbers keep the text they arrived with (a
 * body JavaScript wrote already holds JavaScript's shortest form), and strings are escaped as
 * JavaScript escapes them: quote, backslash and control characters only, lone surrogates as
 * lower-case {@code \\u} escapes, everything else as UTF-8.
 */
final class JsCompactJson {
    private static final JsonFactory FACTORY = new JsonFactory();
    private static final char[] HEX = "0123456789abcdef".toCharArray();
    private static final byte[] TRUE = "true".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] FALSE = "false".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL = "null".getBytes(StandardCharsets.US_ASCII);

    private JsCompactJson() {}

    /** Empty when the body is not one JSON value. */
    static Optional<byte[]> of(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length);
        // Per open container: {1 for an array, 0 for an object; members or elements written so far}.
        Deque<int[]> open = new ArrayDeque<>();
        boolean rootDone = false;
        try (JsonParser parser = FACTORY.createParser(body)) {
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                if (rootDone) {
                    return Optional.empty(); // JSON.parse refuses a second value
                }
                boolean closes = token == JsonToken.END_OBJECT || token == JsonToken.END_ARRAY;
                boolean startsEntry = !closes && !open.isEmpty()
                        && (open.peek()[0] == 1 || token == JsonToken.FIELD_NAME);
                if (startsEntry && open.peek()[1]++ > 0) {
                    out.write(',');
                }
                write(token, parser, out);
                if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
                    open.push(new int[] {token == JsonToken.START_ARRAY ? 1 : 0, 0});
                } else if (closes) {
                    open.pop();
                }
                rootDone = open.isEmpty() && token != JsonToken.FIELD_NAME;
            }
        } catch (IOException notJson) {
            return Optional.empty();
        }
        return rootDone ? Optional.of(out.toByteArray()) : Optional.empty();
    }

    private static void write(JsonToken token, JsonParser parser, ByteArrayOutputStream out) throws IOException {
        switch (token) {
            case START_OBJECT:
                out.write('{');
                break;
            case START_ARRAY:
                out.write('[');
                break;
            case END_OBJECT:
                out.write('}');
                break;
            case END_ARRAY:
                out.write(']');
                break;
            case FIELD_NAME:
                string(parser.getCurrentName(), out);
                out.write(':');
                break;
            case VALUE_STRING:
                string(parser.getText(), out);
                break;
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                out.writeBytes(parser.getText().getBytes(StandardCharsets.US_ASCII));
                break;
            case VALUE_TRUE:
                out.writeBytes(TRUE);
                break;
            case VALUE_FALSE:
                out.writeBytes(FALSE);
                break;
            case VALUE_NULL:
                out.writeBytes(NULL);
                break;
            default:
                throw new IOException("unexpected token " + token);
        }
    }

    private static void string(String value, ByteArrayOutputStream out) {
        StringBuilder escaped = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"': escaped.append("\\\""); break;
                case '\\': escaped.append("\\\\"); break;
                case '\b': escaped.append("\\b"); break;
                case '\f': escaped.append("\\f"); break;
                case '\n': escaped.append("\\n"); break;
                case '\r': escaped.append("\\r"); break;
                case '\t': escaped.append("\\t"); break;
                default:
                    if (c < 0x20) {
                        unicodeEscape(c, escaped);
                    } else if (Character.isHighSurrogate(c) && i + 1 < value.length()
                            && Character.isLowSurrogate(value.charAt(i + 1))) {
                        escaped.append(c).append(value.charAt(++i));
                    } else if (Character.isSurrogate(c)) {
                        unicodeEscape(c, escaped);
                    } else {
                        escaped.append(c);
                    }
            }
        }
        byte[] bytes = escaped.append('"').toString().getBytes(StandardCharsets.UTF_8);
        out.writeBytes(bytes);
    }

    private static void unicodeEscape(char c, StringBuilder out) {
        out.append("\\u").append(HEX[c >> 12 & 0xF]).append(HEX[c >> 8 & 0xF]).append(HEX[c >> 4 & 0xF]).append(HEX[c & 0xF]);
    }
}
