package dev.ringback.adapters.openclaw;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ringback.domain.account.Secret;
import dev.ringback.domain.delivery.AttemptResult;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;

/**
 * Turns what a machine said into an {@link AttemptResult}, following the gateway's retry
 * guidance: 408, 409, 429, 5xx and no answer at all are worth another try (honouring
 * {@code Retry-After}); any other refusal will not change by sending the same request again.
 * Details stay log-safe: a status, a short gateway reason, never a token or the message.
 */
final class AnswerClassifier {
    static final int MAX_REASON = 160;
    private static final int MAX_JSON_BODY = 2_048;

    private AnswerClassifier() {}

    static AttemptResult unsuccessful(GatewayAnswer.Response response, Instant now, List<Secret> hidden) {
        int status = response.status();
        String detail = reason(response.body(), hidden).map(r -> status + " " + r).orElse(Integer.toString(status));
        if (status == 408 || status == 409 || status == 429 || status >= 500 && status < 600) {
            return new AttemptResult.Retryable(detail, retryAfter(response, now));
        }
        if (status >= 300 && status < 400) {
            return new AttemptResult.Refused(status + " redirect not followed: check the machine's app URL");
        }
        return new AttemptResult.Refused(detail);
    }

    static AttemptResult unreachable(GatewayAnswer.Unreachable unreachable) {
        return new AttemptResult.Retryable(unreachable.detail(), Optional.empty());
    }

    /** {@code Retry-After} as delta-seconds or an HTTP date; a date in the past means "now". */
    static Optional<Duration> retryAfter(GatewayAnswer.Response response, Instant now) {
        return response.headers().firstValue("Retry-After").map(String::trim).flatMap(value -> parseRetryAfter(value, now));
    }

    static Optional<Duration> parseRetryAfter(String value, Instant now) {
        if (value.matches("\\d{1,9}")) {
            return Optional.of(Duration.ofSeconds(Long.parseLong(value)));
        }
        try {
            Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            Duration wait = Duration.between(now, at);
            return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** The gateway's {@code error} field, when the body is short JSON and the text is safe to log. */
    static Optional<String> reason(byte[] body, List<Secret> hidden) {
        if (body.length == 0 || body.length > MAX_JSON_BODY) {
            return Optional.empty();
        }
        return Json.parse(body)
                .map(node -> node.get("error"))
                .filter(JsonNode::isTextual)
                .map(JsonNode::asText)
                .flatMap(text -> logSafe(text, hidden));
    }

    /** Printable, short, and free of the machine's secrets; otherwise nothing. */
    static Optional<String> logSafe(String text, List<Secret> hidden) {
        String flat = text.codePoints()
                .map(c -> Character.isISOControl(c) ? ' ' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
                .toString()
                .strip();
        if (flat.isEmpty() || flat.length() > MAX_REASON) {
            return Optional.empty();
        }
        for (Secret secret : hidden) {
            if (flat.contains(secret.value())) {
                return Optional.empty();
            }
        }
        return Optional.of(flat);
    }
}
