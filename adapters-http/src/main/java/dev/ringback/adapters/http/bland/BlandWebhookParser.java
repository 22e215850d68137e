package dev.ringback.adapters.http.bland;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ringback.application.port.in.RecordCallOutcomeUseCase.Report;
import dev.ringback.domain.InvalidInputException;
import dev.ringback.domain.call.CallId;
import dev.ringback.domain.call.CallOutcome;
import dev.ringback.domain.call.CallStatus;
import dev.ringback.domain.call.ProviderCallId;
import dev.ringback.domain.phone.PhoneNumber;
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads what Bland posts to the webhook URL. Only a call object that says the call ended is a
 * completion ({@link BlandCallEnd}); live events, citation events, the delayed second body and a
 * call object of a call still going are recognised and left alone. Unknown
 * fields are ignored, as a client of an outside system should.
 */
public final class BlandWebhookParser {
    /** The key under which Ringback puts its own call id in Bland's {@code metadata}. */
    public static final String METADATA_CALL_ID = "ringback_call_id";
    /** The kind of a call object that says the call has not ended. */
    public static final String NOT_ENDED = "not-ended";

    private static final Pattern SQL_LIKE_SEPARATOR = Pattern.compile("^(\\d{4}-\\d{2}-\\d{2}) ");
    private static final Pattern HOURS_ONLY_OFFSET = Pattern.compile("([+-]\\d{2})$");

    private final ObjectMapper json;

    @Inject
    public BlandWebhookParser(ObjectMapper json) {
        this.json = json;
    }

    public sealed interface Parsed {
        record Completion(Report report) implements Parsed {}

        /** A body that is not a call's end (a live event, citations, the second post-call body). */
        record NotACompletion(String kind) implements Parsed {}

        /** Not something Bland sends; {@code reason} is safe to show to the sender. */
        record Malformed(String reason) implements Parsed {}
    }

    public Parsed parse(byte[] body) {
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (JsonProcessingException e) {
            return new Parsed.Malformed("body is not valid JSON");
        } catch (IOException e) {
            return new Parsed.Malformed("body could not be read");
        }
        if (root == null || !root.isObject()) {
            return new Parsed.Malformed("body must be a JSON object");
        }
        if (root.hasNonNull("event_type")) {
            return new Parsed.NotACompletion("event:" + safeWord(root.get("event_type").asText()));
        }
        if (root.has("category") && root.has("log_level")) {
            return new Parsed.NotACompletion("live-event");
        }
        if (!BlandCallEnd.isCompletion(root)) {
            return new Parsed.NotACompletion(notEndedKind(root));
        }
        Optional<String> providerId = text(root, "call_id").or(() -> text(root, "c_id"));
        if (providerId.isEmpty()) {
            return new Parsed.Malformed("call_id is required");
        }
        try {
            return new Parsed.Completion(report(root, new ProviderCallId(providerId.get())));
        } catch (InvalidInputException e) {
            return new Parsed.Malformed(e.getMessage());
        }
    }

    private static String notEndedKind(JsonNode root) {
        if (root.has("citations") || root.has("corrected_transcript")) {
            return "post-call-update";
        }
        // Says how the call stands but not that it is over (queued, in progress, an unknown word).
        if (root.path("status").isTextual() || root.path("completed").isBoolean() || root.has("queue_status")) {
            return NOT_ENDED;
        }
        return "other";
    }

    private static Report report(JsonNode root, ProviderCallId providerId) {
        CallOutcome outcome = outcome(root);
        Optional<CallId> ourId = text(root.path("metadata"), METADATA_CALL_ID).flatMap(BlandWebhookParser::callId);
        return new Report(providerId, ourId, root.path("inbound").asBoolean(false),
                text(root, "from").flatMap(PhoneNumber::parseCaller), text(root, "to").flatMap(PhoneNumber::parseUs), outcome,
                text(root, "started_at").flatMap(BlandWebhookParser::instant));
    }

    /**
     * The outcome a call object reports, read the same way whether the webhook posted it or
     * {@code GET /v1/calls/{id}} returned it (the caller has decided that the call ended).
     */
    static CallOutcome outcome(JsonNode root) {
        CallStatus status = CallStatus.fromProviderReport(text(root, "status"), root.path("completed").asBoolean(false),
                text(root, "answered_by"));
        return new CallOutcome(status, durationSeconds(root),
                text(root, "concatenated_transcript").or(() -> text(root, "transcript")).orElse(""),
                text(root, "summary").orElse(""),
                text(root, "recording_url"),
                text(root, "end_at").flatMap(BlandWebhookParser::instant));
    }

    /** {@code call_length} is in minutes; {@code corrected_duration} (seconds, a string) stands in when it is absent. */
    private static int durationSeconds(JsonNode root) {
        Optional<Double> minutes = number(root.path("call_length"));
        if (minutes.isPresent()) {
            return CallOutcome.secondsFromMinutes(minutes.get());
        }
        return number(root.path("corrected_duration"))
                .map(seconds -> (int) Math.max(0, Math.min(Integer.MAX_VALUE, Math.round(seconds))))
                .orElse(0);
    }

    /** A JSON number, or a string holding one (Bland is not consistent about which). */
    private static Optional<Double> number(JsonNode node) {
        double value;
        if (node.isNumber()) {
            value = node.asDouble();
        } else if (node.isTextual()) {
            try {
                value = Double.parseDouble(node.asText().strip());
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        } else {
            return Optional.empty();
        }
        return Double.isFinite(value) ? Optional.of(value) : Optional.empty();
    }

    private static Optional<CallId> callId(String raw) {
        try {
            return Optional.of(new CallId(raw));
        } catch (InvalidInputException e) {
            return Optional.empty();
        }
    }

    /**
     * ISO-8601 as documented. Tolerates the space-separated form databases print
     * ({@code 2024-05-01 12:00:00.000+00}), since a missing end time costs more than a lenient
     * parse; a time without an offset is read as UTC.
     */
    private static Optional<Instant> instant(String raw) {
        String iso = SQL_LIKE_SEPARATOR.matcher(raw.strip()).replaceFirst("$1T");
        iso = HOURS_ONLY_OFFSET.matcher(iso).replaceFirst("$1:00");
        try {
            return Optional.of(OffsetDateTime.parse(iso).toInstant());
        } catch (DateTimeParseException e) {
            try {
                return Optional.of(LocalDateTime.parse(iso).toInstant(ZoneOffset.UTC));
            } catch (DateTimeParseException again) {
                return Optional.empty();
            }
        }
    }

    static Optional<String> text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isTextual() && !value.asText().isBlank() ? Optional.of(value.asText()) : Optional.empty();
    }

    private static String safeWord(String raw) {
        String word = raw.replaceAll("[^A-Za-z0-9_-]", "");
        return word.length() > 32 ? word.substring(0, 32) : word;
    }
}
