package dev.ringback.adapters.http.bland.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.Optional;

/** Bland's call object, as {@code GET /v1/calls/{id}} returns it and the webhook receives it. */
final class CallObjects {
    private static final BigDecimal PER_MINUTE = new BigDecimal("0.09");
    private static final BigDecimal PER_ATTEMPT = new BigDecimal("0.015");

    private CallObjects() {}

    /** A placed call that has not ended yet. */
    static ObjectNode queued(ObjectMapper json, String callId, JsonNode request, Instant createdAt) {
        ObjectNode call = json.createObjectNode();
        call.put("call_id", callId);
        call.put("c_id", callId);
        call.put("status", "queued");
        call.put("completed", false);
        call.set("to", request.path("phone_number").deepCopy());
        call.set("from", request.has("from") ? request.get("from").deepCopy() : json.nullNode());
        call.put("inbound", false);
        call.put("created_at", createdAt.toString());
        call.set("metadata", metadata(json, request));
        return call;
    }

    /**
     * The full post-call object. {@code completed} is true for every ended call, answered or not,
     * so a receiver must read {@code status} to tell them apart.
     */
    static ObjectNode ended(ObjectMapper json, String callId, JsonNode request, Instant createdAt, Instant endAt,
            String status, String transcript, String summary, double minutes, Optional<String> answeredBy) {
        long seconds = Math.round(minutes * 60);
        boolean connected = "completed".equals(status)
                && answeredBy.map(a -> a.equals("human") || a.equals("voicemail")).orElse(true);
        ObjectNode call = queued(json, callId, request, createdAt);
        call.put("status", status);
        call.put("completed", true);
        call.put("call_length", minutes);
        call.put("corrected_duration", Long.toString(seconds));
        call.put("concatenated_transcript", transcript);
        call.set("transcripts", transcripts(json, transcript, endAt.minusSeconds(seconds)));
        call.put("summary", summary);
        call.put("price", connected
                ? PER_MINUTE.multiply(BigDecimal.valueOf(minutes)).setScale(4, RoundingMode.HALF_UP)
                : PER_ATTEMPT);
        if (answeredBy.isPresent()) {
            call.put("answered_by", answeredBy.get());
        } else {
            call.putNull("answered_by");
        }
        call.put("started_at", endAt.minusSeconds(seconds).toString());
        call.put("end_at", endAt.toString());
        if (request.path("record").asBoolean(false) && connected) {
            call.put("recording_url", "https://recordings.fake-bland.invalid/" + callId + ".mp3");
        } else {
            call.putNull("recording_url");
        }
        if ("failed".equals(status)) {
            call.put("error_message", "Call failed");
        } else {
            call.putNull("error_message");
        }
        call.set("variables", json.createObjectNode().put("call_id", callId));
        call.putNull("batch_id");
        return call;
    }

    /** A call received on the user's number: no request of ours, no metadata. */
    static ObjectNode inbound(ObjectMapper json, String callId, String from, String to, Instant endAt,
            String transcript, String summary, double minutes) {
        ObjectNode request = json.createObjectNode().put("phone_number", to).put("from", from);
        ObjectNode call = ended(json, callId, request, endAt.minusSeconds(Math.round(minutes * 60) + 2), endAt,
                "completed", transcript, summary, minutes, Optional.of("human"));
        call.put("inbound", true);
        call.set("metadata", json.createObjectNode());
        return call;
    }

    /** "user: Hi \n assistant: Hello" becomes one entry per line. */
    static ArrayNode transcripts(ObjectMapper json, String transcript, Instant startedAt) {
        ArrayNode array = json.createArrayNode();
        int id = 1;
        for (String raw : transcript.split("\n")) {
            String line = raw.strip();
            if (line.isEmpty()) {
                continue;
            }
            int colon = line.indexOf(": ");
            String user = colon > 0 ? line.substring(0, colon) : "user";
            String text = colon > 0 ? line.substring(colon + 2) : line;
            ObjectNode entry = array.addObject();
            entry.put("id", id);
            entry.put("user", user);
            entry.put("text", text);
            entry.put("created_at", startedAt.plusSeconds(id * 2L).toString());
            id++;
        }
        return array;
    }

    private static JsonNode metadata(ObjectMapper json, JsonNode request) {
        JsonNode metadata = request.path("metadata");
        return metadata.isObject() ? metadata.deepCopy() : json.createObjectNode();
    }
}
