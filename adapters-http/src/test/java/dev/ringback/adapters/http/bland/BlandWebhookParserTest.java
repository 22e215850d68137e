package dev.ringback.adapters.http.bland;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ringback.adapters.http.bland.BlandWebhookParser.Parsed;
import dev.ringback.application.port.in.RecordCallOutcomeUseCase.Report;
import dev.ringback.domain.call.CallId;
import dev.ringback.domain.call.CallStatus;
import dev.ringback.domain.call.ProviderCallId;
import dev.ringback.domain.phone.PhoneNumber;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class BlandWebhookParserTest {
    private static final String COMPLETION = "{"
            + "\"call_id\":\"9c1a2b3c-0000-4000-8000-000000000001\","
            + "\"status\":\"completed\",\"completed\":true,"
            + "\"call_length\":0.1833,\"corrected_duration\":\"11\","
            + "\"concatenated_transcript\":\"user: Hello? \\n assistant: Hi, I'm calling for Ada.\","
            + "\"transcripts\":[{\"id\":1,\"user\":\"user\",\"text\":\"Hello?\",\"created_at\":\"2025-03-01T10:00:01Z\"}],"
            + "\"summary\":\"Table booked for 7 pm.\",\"price\":0.0165,"
            + "\"recording_url\":\"https://recordings.example/9c1a.mp3\",\"answered_by\":\"human\","
            + "\"error_message\":null,\"to\":\"+12025550123\",\"from\":\"+12025550100\",\"inbound\":false,"
            + "\"started_at\":\"2025-03-01T10:00:00.000Z\",\"end_at\":\"2025-03-01T10:00:11.000Z\","
            + "\"created_at\":\"2025-03-01T09:59:58.000Z\",\"an_unknown_field\":{\"nested\":[1,2]},"
            + "\"metadata\":{\"user_id\":\"user-1\",\"machine_id\":\"machine-1\",\"ringback_call_id\":\"call-1\"}}";

    private final ObjectMapper json = new ObjectMapper();
    private final BlandWebhookParser parser = new BlandWebhookParser(json);

    private Parsed parse(String body) {
        return parser.parse(body.getBytes(StandardCharsets.UTF_8));
    }

    /** The full completion with some fields changed or removed (a null value removes the field). */
    private Parsed parseCompletionWith(Consumer<ObjectNode> change) {
        try {
            ObjectNode body = (ObjectNode) json.readTree(COMPLETION);
            change.accept(body);
            return parser.parse(json.writeValueAsBytes(body));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Report report(Parsed parsed) {
        assertThat(parsed).isInstanceOf(Parsed.Completion.class);
        return ((Parsed.Completion) parsed).report();
    }

    @Test
    void readsACompletion() {
        Report report = report(parse(COMPLETION));

        assertThat(report.providerCallId()).isEqualTo(new ProviderCallId("9c1a2b3c-0000-4000-8000-000000000001"));
        assertThat(report.callId()).contains(new CallId("call-1"));
        assertThat(report.inbound()).isFalse();
        assertThat(report.to()).contains(new PhoneNumber("+12025550123"));
        assertThat(report.from()).contains(new PhoneNumber("+12025550100"));
        assertThat(report.outcome().status()).isEqualTo(CallStatus.COMPLETED);
        assertThat(report.outcome().durationSeconds()).isEqualTo(11);
        assertThat(report.outcome().transcript()).isEqualTo("user: Hello? \n assistant: Hi, I'm calling for Ada.");
        assertThat(report.outcome().summary()).isEqualTo("Table booked for 7 pm.");
        assertThat(report.outcome().recordingUrl()).contains("https://recordings.example/9c1a.mp3");
        assertThat(report.outcome().endedAt()).contains(Instant.parse("2025-03-01T10:00:11Z"));
        assertThat(report.startedAt()).contains(Instant.parse("2025-03-01T10:00:00Z"));
    }

    @Test
    void aMissingOrUnreadableStartIsNone() {
        assertThat(report(parseCompletionWith(body -> body.putNull("started_at"))).startedAt()).isEmpty();
        assertThat(report(parseCompletionWith(body -> body.put("started_at", "soon"))).startedAt()).isEmpty();
    }

    @Test
    void fallsBackToTheLegacyCId() {
        Report report = report(parseCompletionWith(body -> {
            body.remove("call_id");
            body.put("c_id", "legacy-77");
        }));

        assertThat(report.providerCallId()).isEqualTo(new ProviderCallId("legacy-77"));
    }

    @Test
    void mapsBlandsStatuses() {
        assertThat(status(body -> body.put("status", "no-answer"))).isEqualTo(CallStatus.NO_ANSWER);
        assertThat(status(body -> body.put("status", "busy"))).isEqualTo(CallStatus.NO_ANSWER);
        assertThat(status(body -> body.put("status", "failed"))).isEqualTo(CallStatus.FAILED);
        assertThat(status(body -> body.put("status", "canceled"))).isEqualTo(CallStatus.FAILED);
        assertThat(status(body -> body.put("status", "unknown"))).isEqualTo(CallStatus.FAILED);
        assertThat(status(body -> body.put("status", "voicemail"))).isEqualTo(CallStatus.VOICEMAIL);
    }

    @Test
    void aNoAnswerKeepsItsMetadataAndHasNoTranscript() {
        Report report = report(parseCompletionWith(body -> {
            body.put("status", "no-answer");
            body.put("call_length", 0);
            body.remove("concatenated_transcript");
            body.remove("summary");
            body.putNull("recording_url");
            body.put("answered_by", "no-answer");
        }));

        assertThat(report.callId()).contains(new CallId("call-1"));
        assertThat(report.outcome().status()).isEqualTo(CallStatus.NO_ANSWER);
        assertThat(report.outcome().durationSeconds()).isZero();
        assertThat(report.outcome().transcript()).isEmpty();
        assertThat(report.outcome().summary()).isEmpty();
        assertThat(report.outcome().recordingUrl()).isEmpty();
    }

    @Test
    void aCompletedCallAnsweredByAMailboxIsAVoicemail() {
        assertThat(status(body -> body.put("answered_by", "voicemail"))).isEqualTo(CallStatus.VOICEMAIL);
        assertThat(status(body -> body.put("answered_by", "unknown"))).isEqualTo(CallStatus.COMPLETED);
        assertThat(status(body -> body.putNull("answered_by"))).isEqualTo(CallStatus.COMPLETED);
    }

    @Test
    void withoutAStatusTheCompletedFlagDecides() {
        assertThat(status(body -> body.remove("status"))).isEqualTo(CallStatus.COMPLETED);
        assertThat(parseCompletionWith(body -> {
            body.remove("status");
            body.put("completed", false);
        })).as("nothing says the call ended").isEqualTo(new Parsed.NotACompletion(BlandWebhookParser.NOT_ENDED));
    }

    /**
     * Taken for the end, such a body settled the call as failed for good and the real end was
     * then dropped as a repeat. The rule is the one reconciliation uses for Bland's call lookup.
     */
    @Test
    void aCallObjectOfACallStillGoingIsNotACompletion() {
        Parsed notEnded = new Parsed.NotACompletion(BlandWebhookParser.NOT_ENDED);
        assertThat(parse("{\"call_id\":\"c-1\",\"status\":\"in-progress\",\"completed\":false}")).isEqualTo(notEnded);
        assertThat(parse("{\"call_id\":\"c-1\",\"status\":\"queued\"}")).isEqualTo(notEnded);
        assertThat(parse("{\"call_id\":\"c-1\",\"queue_status\":\"started\"}")).isEqualTo(notEnded);
        assertThat(parseCompletionWith(body -> {
            body.put("status", "started");
            body.put("completed", false);
        })).isEqualTo(notEnded);
    }

    /** bland.md lists {@code unknown} among a completion's statuses: an end whose outcome Bland cannot name. */
    @Test
    void anUnknownStatusIsAnEndRecordedAsFailed() {
        assertThat(parse("{\"call_id\":\"c-1\",\"status\":\"unknown\",\"completed\":false}"))
                .isInstanceOf(Parsed.Completion.class);
        assertThat(status(body -> {
            body.put("status", "unknown");
            body.put("completed", false);
        })).isEqualTo(CallStatus.FAILED);
    }

    @Test
    void anEndingWordIsAnEndEvenWithoutTheCompletedFlag() {
        assertThat(status(body -> {
            body.put("status", "busy");
            body.put("completed", false);
        })).isEqualTo(CallStatus.NO_ANSWER);
        assertThat(parseCompletionWith(body -> {
            body.remove("status");
            body.remove("completed");
            body.put("queue_status", "complete");
        })).isInstanceOf(Parsed.Completion.class);
    }

    @Test
    void callLengthIsInMinutes() {
        assertThat(seconds(body -> body.put("call_length", 2.5))).isEqualTo(150);
        assertThat(seconds(body -> body.put("call_length", 0.0083))).isEqualTo(0);
        assertThat(seconds(body -> body.put("call_length", "1.5"))).isEqualTo(90);
        assertThat(seconds(body -> body.put("call_length", -3))).isEqualTo(0);
    }

    @Test
    void correctedDurationInSecondsStandsInForAMissingCallLength() {
        assertThat(seconds(body -> body.remove("call_length"))).isEqualTo(11);
        assertThat(seconds(body -> {
            body.remove("call_length");
            body.put("corrected_duration", 42);
        })).isEqualTo(42);
        assertThat(seconds(body -> {
            body.remove("call_length");
            body.put("corrected_duration", "eleven");
        })).isEqualTo(0);
        assertThat(seconds(body -> {
            body.remove("call_length");
            body.put("corrected_duration", "1e15");
        })).isEqualTo(Integer.MAX_VALUE);
        assertThat(seconds(body -> {
            body.remove("call_length");
            body.remove("corrected_duration");
        })).isEqualTo(0);
    }

    @Test
    void readsThePlainTranscriptFieldWhenTheConcatenatedOneIsMissing() {
        Report report = report(parseCompletionWith(body -> {
            body.remove("concatenated_transcript");
            body.put("transcript", "user: Yes?");
        }));

        assertThat(report.outcome().transcript()).isEqualTo("user: Yes?");
    }

    @Test
    void readsTheInboundFlag() {
        Report report = report(parseCompletionWith(body -> {
            body.put("inbound", true);
            body.remove("metadata");
        }));

        assertThat(report.inbound()).isTrue();
        assertThat(report.callId()).isEmpty();
    }

    @Test
    void toleratesOtherTimestampShapes() {
        assertThat(endedAt("2025-03-01 10:00:11.000+00")).isEqualTo("2025-03-01T10:00:11Z");
        assertThat(endedAt("2025-03-01T12:00:11+02:00")).isEqualTo("2025-03-01T10:00:11Z");
        assertThat(endedAt("2025-03-01T10:00:11")).isEqualTo("2025-03-01T10:00:11Z");
        assertThat(report(parseCompletionWith(body -> body.put("end_at", "yesterday"))).outcome().endedAt()).isEmpty();
    }

    @Test
    void aLiveEventIsNotACompletion() {
        assertThat(parse("{\"message\":\"Call started\",\"call_id\":\"c-1\",\"category\":\"call\",\"log_level\":\"info\"}"))
                .isEqualTo(new Parsed.NotACompletion("live-event"));
    }

    @Test
    void aCitationsEventIsNotACompletion() {
        assertThat(parse("{\"call_id\":\"c-1\",\"event_type\":\"citations\",\"citations\":[],\"status\":\"completed\"}"))
                .isEqualTo(new Parsed.NotACompletion("event:citations"));
        assertThat(parse("{\"call_id\":\"c-1\",\"event_type\":\"<script>alert(1)</script>\"}"))
                .isEqualTo(new Parsed.NotACompletion("event:scriptalert1script"));
    }

    @Test
    void theDelayedSecondBodyIsNotACompletion() {
        assertThat(parse("{\"call_id\":\"c-1\",\"citations\":[{\"variable\":\"time\"}],"
                + "\"corrected_transcript\":\"user: Hello?\",\"metadata\":{\"ringback_call_id\":\"call-1\"}}"))
                .isEqualTo(new Parsed.NotACompletion("post-call-update"));
        assertThat(parse("{\"call_id\":\"c-1\"}")).isEqualTo(new Parsed.NotACompletion("other"));
    }

    @Test
    void refusesWhatIsNotAJsonObject() {
        assertThat(parse("{not json")).isEqualTo(new Parsed.Malformed("body is not valid JSON"));
        assertThat(parse("[" + COMPLETION + "]")).isEqualTo(new Parsed.Malformed("body must be a JSON object"));
        assertThat(parse("\"completed\"")).isEqualTo(new Parsed.Malformed("body must be a JSON object"));
        assertThat(parse("")).isEqualTo(new Parsed.Malformed("body must be a JSON object"));
    }

    @Test
    void aCompletionNeedsACallId() {
        assertThat(parseCompletionWith(body -> body.remove("call_id"))).isEqualTo(new Parsed.Malformed("call_id is required"));
        assertThat(parseCompletionWith(body -> body.put("call_id", "  "))).isEqualTo(new Parsed.Malformed("call_id is required"));
        assertThat(parseCompletionWith(body -> body.put("call_id", 12345))).isEqualTo(new Parsed.Malformed("call_id is required"));
        assertThat(parseCompletionWith(body -> body.put("call_id", "../../etc/passwd"))).isInstanceOf(Parsed.Malformed.class);
    }

    @Test
    void ignoresAMetadataIdThatIsNotOneOfOurs() {
        assertThat(report(parseCompletionWith(body -> ((ObjectNode) body.get("metadata")).put("ringback_call_id", "../x")))
                .callId()).isEmpty();
        assertThat(report(parseCompletionWith(body -> ((ObjectNode) body.get("metadata")).put("ringback_call_id", 7)))
                .callId()).isEmpty();
        assertThat(report(parseCompletionWith(body -> body.put("metadata", "call-1"))).callId()).isEmpty();
    }

    @Test
    void onlyAUsNumberCanBeTheUsersAndAWithheldCallerHasNone() {
        Report report = report(parseCompletionWith(body -> {
            body.put("to", "+442071234567");
            body.put("from", "anonymous");
        }));

        assertThat(report.to()).isEmpty();
        assertThat(report.from()).isEmpty();
    }

    @Test
    void aCallerMayRingFromAnotherCountry() {
        Report report = report(parseCompletionWith(body -> body.put("from", "+442071234567")));

        assertThat(report.from()).contains(new PhoneNumber("+442071234567"));
    }

    private CallStatus status(Consumer<ObjectNode> change) {
        return report(parseCompletionWith(change)).outcome().status();
    }

    private int seconds(Consumer<ObjectNode> change) {
        return report(parseCompletionWith(change)).outcome().durationSeconds();
    }

    private String endedAt(String raw) {
        return report(parseCompletionWith(body -> body.put("end_at", raw))).outcome().endedAt().orElseThrow().toString();
    }
}
