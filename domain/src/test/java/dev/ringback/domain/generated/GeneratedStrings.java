package dev.ringback.domain.generated;

import java.util.List;
import java.util.Random;

/**
 * Seeded, reproducible hostile strings: random characters from troublesome classes (controls,
 * invisible format characters, other scripts, lone surrogates, case-changing letters) and
 * mutations of valid samples (characters inserted, deleted, replaced, duplicated, truncated).
 */
public final class GeneratedStrings {
    private static final String[] POOLS = {
        "abcdefghijklmnopqrstuvwxyz", "ABCDEFGHIJKLMNOPQRSTUVWXYZ", "0123456789", ":-_+()./\\@#%&*?!=,;'\"{}[]<>|`~^$",
        " \t\n\r\u000b\f", "\u0000\u0001\u001f\u007f\u0085",
        "\u200b\u200c\u200d\u2060\ufeff\u202e\u202d\u2066\u00ad", "\u00a0\u2007\u202f\u3000\u2028\u2029",
        "\u0130\u0131\u00df\u017f\u212a\u00c9\u00e9\u03a3\u03c3",
        "\u0663\u0665\u096a\uff11\uff12\u00b2", "\ud83d\ude00\ud83d\udcde", "\ud800\udc00\udfff\ud800",
        "\u4e2d\u6587\u0627\u0644\u05e9\u0434\u0416",
    };

    private final Random random;

    public GeneratedStrings(long seed) {
        this.random = new Random(seed);
    }

    public Random random() {
        return random;
    }

    public String any(int maxLength) {
        int length = random.nextInt(maxLength + 1);
        StringBuilder out = new StringBuilder(length);
        String pool = POOLS[random.nextInt(POOLS.length)];
        for (int i = 0; i < length; i++) {
            if (random.nextInt(8) == 0) {
                pool = POOLS[random.nextInt(POOLS.length)];
            }
            out.append(pool.charAt(random.nextInt(pool.length())));
        }
        return out.toString();
    }

    public String mutate(String valid) {
        StringBuilder out = new StringBuilder(valid);
        int edits = 1 + random.nextInt(4);
        for (int i = 0; i < edits; i++) {
            int at = out.length() == 0 ? 0 : random.nextInt(out.length() + 1);
            switch (random.nextInt(6)) {
                case 0:
                    out.insert(at, any(3));
                    break;
                case 1:
                    if (at < out.length()) {
                        out.deleteCharAt(at);
                    }
                    break;
                case 2:
                    if (at < out.length()) {
                        String one = any(1);
                        out.setCharAt(at, one.isEmpty() ? 'x' : one.charAt(0));
                    }
                    break;
                case 3:
                    out.insert(at, out.substring(0, Math.min(out.length(), random.nextInt(8))));
                    break;
                case 4:
                    out.setLength(Math.min(out.length(), at));
                    break;
                default:
                    out.append(random.nextBoolean() ? "x".repeat(random.nextInt(600)) : any(20));
            }
        }
        return out.toString();
    }

    /** Half the time a mutation of one of {@code valid}, otherwise random; now and then null or blank. */
    public String from(List<String> valid, int maxLength) {
        int roll = random.nextInt(20);
        if (roll == 0) {
            return null;
        }
        if (roll == 1) {
            return " ".repeat(random.nextInt(3));
        }
        if (roll < 11) {
            return mutate(valid.get(random.nextInt(valid.size())));
        }
        return any(maxLength);
    }
}
