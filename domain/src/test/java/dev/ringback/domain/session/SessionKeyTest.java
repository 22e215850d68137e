package dev.ringback.domain.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ringback.domain.InvalidInputException;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class SessionKeyTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "research, agent:main:research",
        "Research, agent:main:research",
        "test-calls, agent:main:test-calls",
        "main, agent:main:main",
        "MAIN, agent:main:main",
        "Hook:ABC, agent:main:hook:abc",
        "hook:3f2a-uuid, agent:main:hook:3f2a-uuid",
        "agent:main:research, agent:main:research",
        "agent:main:main, agent:main:main",
        "AGENT:Main:Research, agent:main:research",
        "agent:ops:research, agent:ops:research",
        "agent:main:telegram:group:-100123, agent:main:telegram:group:-100123",
        "agent:main:cron:nightly:run:42, agent:main:cron:nightly:run:42",
        "agent, agent:main:agent",
    })
    void parseCanonicalisesAsTheGatewayDoes(String raw, String canonical) {
        assertThat(SessionKey.parse(raw).value()).isEqualTo(canonical);
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", " ", "   ", "\t", "\n"})
    void nullOrBlankIsTheMainSession(String raw) {
        assertThat(SessionKey.parse(raw)).isEqualTo(SessionKey.MAIN);
        assertThat(SessionKey.MAIN.value()).isEqualTo("agent:main:main");
    }

    @Test
    void surroundingWhitespaceIsTrimmed() {
        assertThat(SessionKey.parse("  research \n").value()).isEqualTo("agent:main:research");
    }

    @Test
    void partsAreExposed() {
        SessionKey key = SessionKey.parse("agent:ops:telegram:group:7");
        assertThat(key.agentId()).isEqualTo("ops");
        assertThat(key.name()).isEqualTo("telegram:group:7");
        assertThat(key).hasToString("agent:ops:telegram:group:7");
    }

    @ParameterizedTest
    @ValueSource(strings = {"agent:main", "agent:main:", "agent:", "agent::x", "AGENT:MAIN", "agent:main:"})
    void incompleteCanonicalKeysAreRefused(String raw) {
        assertThatThrownBy(() -> SessionKey.parse(raw)).isInstanceOf(InvalidInputException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "research chat", "a\tb", "a\nb", "a\u0000b", "a\u0007b", "a\u007fb", "a\u00a0b", "a\u2003b", "a\u2028b",
        "agent:main:re search", "agent:main:x\u001b[31m"})
    void whitespaceAndControlCharactersAreRefused(String raw) {
        assertThatThrownBy(() -> SessionKey.parse(raw))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("whitespace, control");
    }

    @ParameterizedTest
    @ValueSource(strings = {"test\u200bcalls", "test-calls\u202e", "\ufefftest-calls", "agent:main:a\u2066b"})
    void invisibleFormatCharactersAreRefusedSoLookalikeKeysCannotExist(String raw) {
        assertThatThrownBy(() -> SessionKey.parse(raw))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("invisible");
    }

    @Test
    void atMost512CharactersInCanonicalForm() {
        String prefix = "agent:main:";
        String longest = prefix + "x".repeat(SessionKey.MAX_LENGTH - prefix.length());
        assertThat(SessionKey.parse(longest).value()).hasSize(512);
        assertThat(SessionKey.parse("x".repeat(SessionKey.MAX_LENGTH - prefix.length())).value()).hasSize(512);

        assertThatThrownBy(() -> SessionKey.parse(longest + "x")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("512");
        // A bare name is measured after the prefix is added, as the gateway stores it.
        assertThatThrownBy(() -> SessionKey.parse("x".repeat(SessionKey.MAX_LENGTH - prefix.length() + 1)))
                .isInstanceOf(InvalidInputException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"main", "ops", "a", "0", "a_b-c", "9lives"})
    void validAgentIds(String id) {
        assertThat(SessionKey.requireAgentId(id)).isEqualTo(id);
        assertThat(SessionKey.parse("agent:" + id + ":x").agentId()).isEqualTo(id);
    }

    @Test
    void agentIdIsAtMost64Characters() {
        String longest = "a".repeat(64);
        assertThat(SessionKey.requireAgentId(longest)).isEqualTo(longest);
        assertThatThrownBy(() -> SessionKey.requireAgentId(longest + "a")).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> SessionKey.parse("agent:" + longest + "a:x")).isInstanceOf(InvalidInputException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "_main", "-main", "Main", "ma in", "ma.in", "ma/in", "é"})
    void invalidAgentIdsAreRefused(String id) {
        assertThatThrownBy(() -> SessionKey.requireAgentId(id)).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void nullAgentIdIsRefused() {
        assertThatThrownBy(() -> SessionKey.requireAgentId(null)).isInstanceOf(InvalidInputException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"agent:_x:y", "agent:-x:y", "agent:a.b:y"})
    void canonicalKeysWithABadAgentIdAreRefused(String raw) {
        assertThatThrownBy(() -> SessionKey.parse(raw)).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void constructorAcceptsOnlyTheCanonicalForm() {
        assertThat(new SessionKey("agent:main:research").value()).isEqualTo("agent:main:research");
        assertThatThrownBy(() -> new SessionKey(null)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> new SessionKey("research")).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> new SessionKey("agent:main:Research")).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> new SessionKey(" agent:main:research")).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void requireAgentInAcceptsOnlyAllowedAgents() {
        SessionKey ops = SessionKey.parse("agent:ops:x");
        assertThat(ops.requireAgentIn(Set.of("main", "ops"))).isSameAs(ops);
        assertThat(SessionKey.parse("research").requireAgentIn(Set.of("main")).value()).isEqualTo("agent:main:research");
        assertThatThrownBy(() -> ops.requireAgentIn(Set.of("main")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("'ops'");
        assertThatThrownBy(() -> SessionKey.MAIN.requireAgentIn(Set.of())).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void halfASurrogatePairIsRefusedButAWholeOneIsText() {
        assertThatThrownBy(() -> SessionKey.parse("chat\ud800"))
                .isInstanceOf(InvalidInputException.class).hasMessage("session key must be valid Unicode text");
        assertThatThrownBy(() -> SessionKey.parse("\udc00chat")).isInstanceOf(InvalidInputException.class);
        assertThat(SessionKey.parse("chat\ud83d\udcde").value()).isEqualTo("agent:main:chat\ud83d\udcde");
    }

    @Test
    void parsingACanonicalKeyAgainIsStable() {
        SessionKey once = SessionKey.parse("Hook:ABC");
        assertThat(SessionKey.parse(once.value())).isEqualTo(once);
    }

    /**
     * Arbitrary text never escapes as anything but a canonical key or an {@link InvalidInputException}:
     * no other exception type reaches the HTTP layer as a 500.
     */
    @Test
    void generatedInputsGiveACanonicalKeyOrInvalidInput() {
        Random random = new Random(20260101L);
        int accepted = 0;
        for (int i = 0; i < 20_000; i++) {
            String raw = randomText(random, random.nextInt(i % 100 == 0 ? 700 : 40));
            SessionKey key;
            try {
                key = SessionKey.parse(raw);
            } catch (InvalidInputException refused) {
                continue;
            }
            accepted++;
            assertThat(key.value()).startsWith("agent:").hasSizeLessThanOrEqualTo(SessionKey.MAX_LENGTH);
            assertThat(key.value()).isEqualTo(key.value().toLowerCase(Locale.ROOT));
            assertThat(key.value().chars()).noneMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c));
            assertThat(SessionKey.parse(key.value())).as("canonical form is a fixed point").isEqualTo(key);
        }
        assertThat(accepted).as("the generator also produces acceptable keys").isGreaterThan(1_000);
    }

    private static String randomText(Random random, int length) {
        // Half of the strings use only characters a key may hold, so that acceptance is exercised too.
        String alphabet = random.nextBoolean()
                ? "abcXYZ019:_-.:/é😀İΣ"
                : "abcXYZ019:_-.:/ \t\n\u0000\u007fé\u00a0İΣ\u2028😀";
        StringBuilder text = new StringBuilder();
        if (random.nextBoolean()) {
            text.append(random.nextBoolean() ? "agent:" : "AGENT:main:");
        }
        for (int i = 0; i < length; i++) {
            if (random.nextInt(50) == 0) {
                text.append((char) random.nextInt(0x10000));
            } else {
                text.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
        }
        return text.toString();
    }

    @Test
    void theFastPrintableCheckRefusesExactlyWhatTheFullCheckRefused() {
        dev.ringback.domain.generated.GeneratedStrings gen = new dev.ringback.domain.generated.GeneratedStrings(20261126);
        int refused = 0;
        for (int i = 0; i < 20_000; i++) {
            String raw = i % 2 == 0 ? gen.any(40) : gen.mutate("agent:main:conversation-" + i);
            String expected = fullPrintableCheck(raw.strip());
            String actual;
            try {
                SessionKey.parse(raw);
                actual = null;
            } catch (dev.ringback.domain.InvalidInputException e) {
                actual = e.getMessage();
            }
            if (raw.isBlank()) {
                continue;
            }
            if (expected != null) {
                refused++;
                assertThat(actual).as("\"%s\"", raw).isEqualTo(expected);
            } else if (actual != null) {
                assertThat(actual).as("\"%s\"", raw).isNotIn(INVISIBLE, INVALID_UNICODE);
            }
        }
        assertThat(refused).as("generated keys the full check refuses").isGreaterThan(1_000);
    }

    private static final String INVISIBLE = "session key must not contain whitespace, control or invisible characters";
    private static final String INVALID_UNICODE = "session key must be valid Unicode text";

    /** The check as it was before its ASCII fast path: the oracle. */
    private static String fullPrintableCheck(String candidate) {
        for (int i = 0; i < candidate.length(); i++) {
            char c = candidate.charAt(i);
            if (Character.isWhitespace(c) || Character.isISOControl(c) || Character.isSpaceChar(c)
                    || Character.getType(c) == Character.FORMAT) {
                return INVISIBLE;
            }
        }
        if (candidate.codePoints().anyMatch(cp -> cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE)) {
            return INVALID_UNICODE;
        }
        return null;
    }
}
