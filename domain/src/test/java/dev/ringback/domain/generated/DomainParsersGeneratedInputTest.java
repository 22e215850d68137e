package dev.ringback.domain.generated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.ringback.domain.InvalidInputException;
import dev.ringback.domain.call.CallStatus;
import dev.ringback.domain.phone.PhoneNumber;
import dev.ringback.domain.session.SessionKey;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The domain's parsers over thousands of seeded inputs: only the documented outcomes (a value
 * or {@link InvalidInputException}; for the number an Optional; for the status one of the enum),
 * and every value they return is itself valid. A failure names the seed and the input.
 */
class DomainParsersGeneratedInputTest {
    static final long SEED = Long.getLong("ringback.seed", 20261126L);
    static final int SESSION_KEYS = 4_000;
    static final int PHONE_NUMBERS = 3_000;
    static final int PROVIDER_REPORTS = 2_000;
    private static final Pattern E164_US = Pattern.compile("\\+1[2-9][0-9]{9}");

    @Test
    void sessionKeyParseGivesACanonicalKeyOrAnInvalidInputException() {
        GeneratedStrings gen = new GeneratedStrings(SEED);
        List<String> valid = List.of("main", "test-calls", "agent:main:research", "Agent:Main:Test-Calls", "agent:ops:x",
                "hook:abc", "agent:main:hook:123", "agent:a_b-c:name:with:colons");
        int parsed = 0;
        for (int i = 0; i < SESSION_KEYS; i++) {
            String input = gen.from(valid, 40);
            SessionKey key;
            try {
                key = SessionKey.parse(input);
            } catch (InvalidInputException expected) {
                assertThat(expected.getMessage()).as(describe(i, input)).isNotBlank().doesNotContain("null")
                        .matches("(session key|a canonical session key|agent id) .*");
                continue;
            } catch (RuntimeException e) {
                throw new AssertionError("undocumented " + e + " for " + describe(i, input), e);
            }
            parsed++;
            assertThat(key.value()).as(describe(i, input)).startsWith("agent:").hasSizeLessThanOrEqualTo(SessionKey.MAX_LENGTH);
            assertThat(SessionKey.parse(key.value())).as("idempotent " + describe(i, input)).isEqualTo(key);
            assertThat(key.agentId()).as(describe(i, input)).matches("[a-z0-9][a-z0-9_-]{0,63}");
            assertThat(key.name()).as(describe(i, input)).isNotEmpty();
            assertThat(key.value().codePoints().noneMatch(cp -> cp >= 0xd800 && cp <= 0xdfff))
                    .as("no unpaired surrogate " + describe(i, input)).isTrue();
        }
        assertThat(parsed).as("the generator reaches both outcomes").isBetween(SESSION_KEYS / 20, SESSION_KEYS - SESSION_KEYS / 20);
    }

    @Test
    void phoneNumberParseUsGivesAnE164NumberOrNothing() {
        GeneratedStrings gen = new GeneratedStrings(SEED + 1);
        List<String> valid = List.of("+12025550199", "(202) 555-0199", "202-555-0199", "1 202 555 0199", "2025550199");
        int parsed = 0;
        for (int i = 0; i < PHONE_NUMBERS; i++) {
            String input = gen.from(valid, 20);
            Optional<PhoneNumber> number;
            try {
                number = PhoneNumber.parseUs(input);
            } catch (RuntimeException e) {
                throw new AssertionError("undocumented " + e + " for " + describe(i, input), e);
            }
            assertThat(number).as(describe(i, input)).isNotNull();
            if (number.isPresent()) {
                parsed++;
                assertThat(number.get().e164()).as(describe(i, input)).matches(E164_US);
                assertThat(PhoneNumber.parseUs(number.get().e164())).contains(number.get());
            }
        }
        assertThat(parsed).as("the generator reaches both outcomes").isBetween(PHONE_NUMBERS / 50, PHONE_NUMBERS - PHONE_NUMBERS / 20);
    }

    @Test
    void callStatusFromProviderReportIsAlwaysATerminalStatus() {
        GeneratedStrings gen = new GeneratedStrings(SEED + 2);
        List<String> words = List.of("completed", "failed", "no-answer", "no_answer", "busy", "voicemail", "canceled", "unknown",
                "human", "COMPLETED ");
        EnumSet<CallStatus> seen = EnumSet.noneOf(CallStatus.class);
        for (int i = 0; i < PROVIDER_REPORTS; i++) {
            Optional<String> status = Optional.ofNullable(gen.from(words, 12));
            boolean completed = gen.random().nextBoolean();
            Optional<String> answeredBy = Optional.ofNullable(gen.from(words, 12));
            CallStatus result;
            try {
                result = CallStatus.fromProviderReport(status, completed, answeredBy);
            } catch (RuntimeException e) {
                throw new AssertionError("undocumented " + e + " for " + describe(i, status + "/" + completed + "/" + answeredBy), e);
            }
            if (result == null || result == CallStatus.INITIATED) {
                fail("a provider's report must end the call: " + result + " for " + describe(i, String.valueOf(status)));
            }
            seen.add(result);
        }
        assertThat(seen).containsExactlyInAnyOrder(CallStatus.COMPLETED, CallStatus.FAILED, CallStatus.NO_ANSWER, CallStatus.VOICEMAIL);
    }

    static String describe(int index, String input) {
        return "seed " + SEED + " input #" + index + " " + (input == null ? "null" : "\"" + escape(input) + "\"");
    }

    private static String escape(String input) {
        StringBuilder out = new StringBuilder();
        input.codePoints().limit(120).forEach(cp -> {
            if (cp >= 0x20 && cp < 0x7f) {
                out.appendCodePoint(cp);
            } else {
                out.append(String.format("\\u%04x", cp));
            }
        });
        return out.toString();
    }
}
