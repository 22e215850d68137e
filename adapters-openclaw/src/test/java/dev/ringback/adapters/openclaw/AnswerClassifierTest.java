package dev.ringback.adapters.openclaw;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ringback.domain.account.Secret;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class AnswerClassifierTest {
    private static final Instant NOW = Instant.parse("2026-11-26T10:00:00Z");

    @Test
    void retry_after_is_seconds_or_an_http_date() {
        assertThat(AnswerClassifier.parseRetryAfter("120", NOW)).contains(Duration.ofSeconds(120));
        assertThat(AnswerClassifier.parseRetryAfter("Thu, 26 Nov 2026 10:01:30 GMT", NOW)).contains(Duration.ofSeconds(90));
        assertThat(AnswerClassifier.parseRetryAfter("Thu, 26 Nov 2026 09:00:00 GMT", NOW)).contains(Duration.ZERO);
        assertThat(AnswerClassifier.parseRetryAfter("-5", NOW)).isEmpty();
        assertThat(AnswerClassifier.parseRetryAfter("soon", NOW)).isEmpty();
        assertThat(AnswerClassifier.parseRetryAfter("99999999999999999999", NOW)).isEmpty();
    }

    @Test
    void a_reason_is_taken_only_from_short_json_without_secrets() {
        List<Secret> hidden = List.of(new Secret("s3cret-token"));

        assertThat(AnswerClassifier.reason(bytes("{\"ok\":false,\"error\":\"payload too large\"}"), hidden)).contains("payload too large");
        assertThat(AnswerClassifier.reason(bytes("{\"error\":\"line\\nbreak\"}"), hidden)).contains("line break");
        assertThat(AnswerClassifier.reason(bytes("Unauthorized"), hidden)).isEmpty();
        assertThat(AnswerClassifier.reason(bytes("{\"error\":{\"nested\":true}}"), hidden)).isEmpty();
        assertThat(AnswerClassifier.reason(bytes("{\"error\":\"token s3cret-token rejected\"}"), hidden)).isEmpty();
        assertThat(AnswerClassifier.reason(bytes("{\"error\":\"" + "x".repeat(AnswerClassifier.MAX_REASON + 1) + "\"}"), hidden))
                .isEmpty();
    }

    @Test
    void endpoints_join_the_app_url_and_the_path() {
        assertThat(dev.ringback.domain.account.Machine.under(java.net.URI.create("https://app.fly.dev/"), "/hooks/agent"))
                .hasToString("https://app.fly.dev/hooks/agent");
        assertThat(dev.ringback.domain.account.Machine.under(java.net.URI.create("https://proxy.example/m/42"), "/hooks/agent"))
                .hasToString("https://proxy.example/m/42/hooks/agent");
        assertThat(Endpoints.hookAgentPath("/hooks")).isEqualTo("/hooks/agent");
        assertThat(Endpoints.hookAgentPath("/")).isEqualTo("/agent");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
