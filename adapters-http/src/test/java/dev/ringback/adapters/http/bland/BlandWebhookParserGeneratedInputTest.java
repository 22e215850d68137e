package dev.ringback.adapters.http.bland;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ringback.adapters.http.bland.BlandWebhookParser.Parsed;
import dev.ringback.adapters.http.testing.GeneratedJson;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The webhook parser over thousands of seeded bodies: one of its three answers, never an exception. */
class BlandWebhookParserGeneratedInputTest {
    static final long SEED = Long.getLong("ringback.seed", 20261126L);
    static final int BODIES = 3_000;
    private static final List<String> FIELDS = List.of("call_id", "c_id", "status", "completed", "call_length",
            "corrected_duration", "concatenated_transcript", "transcript", "summary", "recording_url", "end_at", "metadata",
            "inbound", "from", "to", "answered_by", "event_type", "category", "log_level", "citations", "corrected_transcript",
            "price");

    private final BlandWebhookParser parser = new BlandWebhookParser(
            new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES));

    @Test
    void everyBodyGetsOneOfTheDocumentedAnswers() {
        GeneratedJson gen = new GeneratedJson(SEED);
        Set<Class<?>> seen = new HashSet<>();
        for (int i = 0; i < BODIES; i++) {
            byte[] body = gen.body(FIELDS);
            Parsed parsed;
            try {
                parsed = parser.parse(body);
            } catch (RuntimeException e) {
                throw new AssertionError("seed " + SEED + " body #" + i + " threw " + e + ": " + show(body), e);
            }
            assertThat(parsed).as("seed %d body #%d", SEED, i).isNotNull();
            seen.add(parsed.getClass());
            if (parsed instanceof Parsed.Completion) {
                var report = ((Parsed.Completion) parsed).report();
                assertThat(report.providerCallId()).isNotNull();
                assertThat(report.outcome().durationSeconds()).as("seed %d body #%d", SEED, i).isNotNegative();
                assertThat(report.outcome().status().isTerminal()).isTrue();
            } else if (parsed instanceof Parsed.Malformed) {
                assertThat(((Parsed.Malformed) parsed).reason()).isNotBlank();
            } else {
                assertThat(((Parsed.NotACompletion) parsed).kind()).matches("[A-Za-z0-9:_-]{1,64}");
            }
        }
        assertThat(seen).as("the generator reaches every answer")
                .containsExactlyInAnyOrder(Parsed.Completion.class, Parsed.Malformed.class, Parsed.NotACompletion.class);
    }

    private static String show(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        return text.length() > 300 ? text.substring(0, 300) + "..." : text;
    }
}
