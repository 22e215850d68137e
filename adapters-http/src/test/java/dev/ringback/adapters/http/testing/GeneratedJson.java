package dev.ringback.adapters.http.testing;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

/**
 * Seeded, reproducible request bodies for generated-input tests: valid-looking JSON objects with
 * known and unknown fields holding values of every JSON type (and hostile strings), JSON that is
 * not an object, truncated or corrupted JSON, and random bytes.
 */
public final class GeneratedJson {
    private static final String[] HOSTILE = {
        "", " ", "null", "\\u0000", "\\ud800", "\\udc00x", "\\u200b", "\\u202e", "\\n\\r\\t", "<script>", "'; DROP TABLE calls;--",
        "../../etc/passwd", "%00", "${jndi:ldap://x}", "agent:ops:main", "agent:main:", "+12025550199", "(202) 555-0199",
        "1e309", "-0", "\\uD83D\\uDCDE", "AGENT:MAIN:X", "hangup", "leave_message", "completed", "voicemail",
    };

    private final Random random;

    public GeneratedJson(long seed) {
        this.random = new Random(seed);
    }

    public Random random() {
        return random;
    }

    /** A body: mostly objects over {@code fields}, sometimes other JSON, broken JSON or bytes. */
    public byte[] body(List<String> fields) {
        int roll = random.nextInt(20);
        if (roll == 0) {
            return new byte[0];
        }
        if (roll == 1) {
            byte[] bytes = new byte[random.nextInt(200)];
            random.nextBytes(bytes);
            return bytes;
        }
        if (roll == 2) {
            return value(2).getBytes(StandardCharsets.UTF_8);
        }
        String object = object(fields, 3);
        if (roll == 3 && object.length() > 1) {
            return object.substring(0, random.nextInt(object.length())).getBytes(StandardCharsets.UTF_8);
        }
        if (roll == 4) {
            StringBuilder broken = new StringBuilder(object);
            for (int i = 0; i < 1 + random.nextInt(3); i++) {
                int at = random.nextInt(broken.length());
                String junk = "{}[]\",:\\x0 ";
                broken.setCharAt(at, junk.charAt(random.nextInt(junk.length())));
            }
            return broken.toString().getBytes(StandardCharsets.UTF_8);
        }
        if (roll == 5) {
            // Duplicate keys and trailing garbage.
            return (object + (random.nextBoolean() ? " {}" : "")).replaceFirst("\\{", "{\"to\":1,\"to\":2,")
                    .getBytes(StandardCharsets.UTF_8);
        }
        return object.getBytes(StandardCharsets.UTF_8);
    }

    /** A JSON object whose keys are mostly from {@code fields}. */
    public String object(List<String> fields, int depth) {
        StringBuilder out = new StringBuilder("{");
        int count = random.nextInt(fields.size() + 2);
        for (int i = 0; i < count; i++) {
            if (i > 0) {
                out.append(',');
            }
            String key = random.nextInt(8) == 0 ? hostile() : fields.get(random.nextInt(fields.size()));
            out.append(string(key)).append(':').append(value(depth));
        }
        return out.append('}').toString();
    }

    public String value(int depth) {
        switch (random.nextInt(depth > 0 ? 10 : 8)) {
            case 0:
                return "null";
            case 1:
                return random.nextBoolean() ? "true" : "false";
            case 2:
                return Long.toString(random.nextInt(5) == 0 ? random.nextLong() : random.nextInt(2000) - 100);
            case 3:
                return random.nextInt(4) == 0 ? "1e400" : Double.toString((random.nextDouble() - 0.2) * Math.pow(10, random.nextInt(12)));
            case 4:
                return string("x".repeat(random.nextInt(4) == 0 ? random.nextInt(25_000) : random.nextInt(20)));
            case 5:
            case 6:
            case 7:
                return string(hostile());
            case 8:
                StringBuilder array = new StringBuilder("[");
                for (int i = random.nextInt(4); i > 0; i--) {
                    array.append(value(depth - 1)).append(i > 1 ? "," : "");
                }
                return array.append(']').toString();
            default:
                return object(List.of("a", "ringback_call_id", "status", "call_id"), depth - 1);
        }
    }

    private String hostile() {
        return HOSTILE[random.nextInt(HOSTILE.length)];
    }

    /** A JSON string; the hostile samples already hold their escapes, only quotes need one. */
    private static String string(String raw) {
        return "\"" + raw.replace("\"", "\\\"") + "\"";
    }
}
