package dev.ringback.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ringback.domain.account.TokenHash;
import dev.ringback.domain.session.SessionKey;
import java.util.Random;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The hand-written shape checks of identifiers, agent ids and token hashes accept exactly what
 * the regular expressions they replaced accept: the expressions are the oracle here.
 */
class ShapeChecksAgainstRegexTest {
    /** Every character class the checks tell apart, plus look-alikes from outside ASCII. */
    private static final String ALPHABET = "azAZ09mM5.:_-/ +@\u00e9\u0430\u0660\uff21\u0000\n\t";
    private static final int CASES = 20_000;

    @Test
    void opaqueIdsAreTheRegexOnes() {
        agree(Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}"), 131, value -> accepts(() ->
                Identifiers.requireOpaqueId(value, "id")));
    }

    @Test
    void agentIdsAreTheRegexOnes() {
        agree(Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}"), 67, value -> accepts(() -> SessionKey.requireAgentId(value)));
    }

    @Test
    void tokenHashesAreTheRegexOnes() {
        agree(Pattern.compile("[0-9a-f]{64}"), 66, value -> accepts(() -> new TokenHash(value)));
        agree(Pattern.compile("[0-9a-f]{64}"), 66, "0123456789abcdefABCDEFg", value -> accepts(() -> new TokenHash(value)));
    }

    @Test
    void nullIsRefusedByEach() {
        assertThat(accepts(() -> Identifiers.requireOpaqueId(null, "id"))).isFalse();
        assertThat(accepts(() -> SessionKey.requireAgentId(null))).isFalse();
        assertThat(accepts(() -> new TokenHash(null))).isFalse();
    }

    private static void agree(Pattern oracle, int maxLength, Predicate<String> check) {
        agree(oracle, maxLength, ALPHABET, check);
    }

    /** Random strings of every length up to {@code maxLength}, most of them close to valid. */
    private static void agree(Pattern oracle, int maxLength, String alphabet, Predicate<String> check) {
        Random random = new Random(20261126);
        int accepted = 0;
        for (int i = 0; i < CASES; i++) {
            // Every length once, then half of them near the longest lengths, where the limits are.
            int length = i <= maxLength ? i : random.nextBoolean() ? random.nextInt(maxLength + 1) : maxLength - random.nextInt(5);
            // Mostly one character class, so that long valid strings come up, with a stray character now and then.
            char usual = alphabet.charAt(random.nextInt(6));
            StringBuilder value = new StringBuilder(length);
            for (int j = 0; j < length; j++) {
                value.append(random.nextInt(100) == 0 ? alphabet.charAt(random.nextInt(alphabet.length())) : usual);
            }
            String candidate = value.toString();
            boolean expected = oracle.matcher(candidate).matches();
            assertThat(check.test(candidate)).as("%s on \"%s\"", oracle, candidate).isEqualTo(expected);
            accepted += expected ? 1 : 0;
        }
        assertThat(accepted).as("cases the oracle accepts").isGreaterThan(CASES / 100);
        assertThat(CASES - accepted).as("cases the oracle refuses").isGreaterThan(CASES / 100);
    }

    private static boolean accepts(Runnable check) {
        try {
            check.run();
            return true;
        } catch (IllegalArgumentException refused) {
            return false;
        }
    }
}
