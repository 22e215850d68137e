package dev.ringback.adapters.http.bland;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ringback.application.port.out.TelephonyProvider.OutboundCall;
import dev.ringback.domain.call.ProviderCallId;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The call object Bland would post when a simulated call ends: every field the webhook table of
 * the Bland reference names, with a short conversation made up from the call's task.
 */
final class SimulatedCallObject {
    /** What Bland charges per connected minute on the platform's plan. */
    private static final BigDecimal PRICE_PER_MINUTE = new BigDecimal("0.09");
    private static final int TASK_EXCERPT = 200;
    private static final double WORDS_PER_SECOND = 2.5;

    private SimulatedCallObject() {}

    private record Line(String speaker, String text) {}

    static ObjectNode completion(ObjectMapper json, ProviderCallId id, OutboundCall call, Instant createdAt, Instant endAt) {
        List<Line> lines = conversation(call);
        long seconds = duration(lines, call, createdAt, endAt);
        Instant startedAt = endAt.minusSeconds(seconds);
        double minutes = seconds / 60.0;

        ObjectNode body = json.createObjectNode();
        body.put("call_id", id.value());
        body.put("c_id", id.value());
        body.put("status", "completed");
        body.put("completed", true);
        body.put("call_length", BigDecimal.valueOf(minutes).setScale(4, RoundingMode.HALF_UP));
        body.put("corrected_duration", Long.toString(seconds));
        body.put("concatenated_transcript", concatenated(lines));
        body.set("transcripts", transcripts(json, lines, startedAt, seconds));
        body.put("summary", summary(call));
        body.put("price", PRICE_PER_MINUTE.multiply(BigDecimal.valueOf(minutes)).setScale(4, RoundingMode.HALF_UP));
        body.put("answered_by", "human");
        body.put("to", call.to().e164());
        body.put("from", call.from().e164());
        body.put("inbound", false);
        body.put("started_at", startedAt.toString());
        body.put("end_at", endAt.toString());
        body.put("created_at", createdAt.toString());
        body.putNull("recording_url");
        body.putNull("error_message");
        body.put("max_duration", call.maxDurationMinutes());
        body.set("metadata", BlandCallRequest.metadata(json, call));
        return body;
    }

    private static List<Line> conversation(OutboundCall call) {
        List<Line> lines = new ArrayList<>();
        lines.add(new Line("user", "Hello?"));
        lines.add(new Line("assistant", call.firstSentence().filter(s -> !s.isBlank())
                .orElse("Hi, this is an AI assistant calling on behalf of a client.")));
        lines.add(new Line("user", "Sure, what can I do for you?"));
        lines.add(new Line("assistant", "I'm calling about the following: " + excerpt(call.task())));
        lines.add(new Line("user", "Understood, that works for me."));
        lines.add(new Line("assistant", "Great, thank you for your help. Goodbye!"));
        lines.add(new Line("user", "Bye."));
        return lines;
    }

    /** As long as the words take to say, but never longer than the call could have lasted. */
    private static long duration(List<Line> lines, OutboundCall call, Instant createdAt, Instant endAt) {
        long words = lines.stream().mapToLong(line -> line.text().split("\\s+").length).sum();
        long spoken = Math.max(1, Math.round(words / WORDS_PER_SECOND));
        long elapsed = Math.max(1, Duration.between(createdAt, endAt).toSeconds());
        long allowed = Math.max(1, call.maxDurationMinutes() * 60L);
        return Math.min(spoken, Math.min(elapsed, allowed));
    }

    private static String concatenated(List<Line> lines) {
        StringBuilder text = new StringBuilder();
        for (Line line : lines) {
            if (text.length() > 0) {
                text.append(" \n ");
            }
            text.append(line.speaker()).append(": ").append(line.text());
        }
        return text.toString();
    }

    private static ArrayNode transcripts(ObjectMapper json, List<Line> lines, Instant startedAt, long seconds) {
        ArrayNode array = json.createArrayNode();
        for (int i = 0; i < lines.size(); i++) {
            ObjectNode entry = array.addObject();
            entry.put("id", i + 1);
            entry.put("user", lines.get(i).speaker());
            entry.put("text", lines.get(i).text());
            entry.put("created_at", startedAt.plusMillis(seconds * 1000 * i / lines.size()).toString());
        }
        return array;
    }

    private static String summary(OutboundCall call) {
        return "Simulated call, no phone call was placed. The assistant explained the task (" + excerpt(call.task())
                + ") and the other party agreed.";
    }

    private static String excerpt(String task) {
        String flat = task.strip().replaceAll("\\s+", " ");
        return flat.length() > TASK_EXCERPT ? flat.substring(0, TASK_EXCERPT) + "..." : flat;
    }
}
