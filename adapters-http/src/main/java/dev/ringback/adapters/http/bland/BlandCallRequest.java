package dev.ringback.adapters.http.bland;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ringback.application.port.out.TelephonyProvider.OutboundCall;
import java.net.URI;

/** The JSON body of {@code POST /v1/calls}, field for field what the replaced platform sent. */
final class BlandCallRequest {
    static final String MODEL = "base";
    static final String LANGUAGE = "en-US";

    private BlandCallRequest() {}

    static ObjectNode body(ObjectMapper json, OutboundCall call, String defaultVoiceId, URI webhook) {
        ObjectNode body = json.createObjectNode();
        body.put("phone_number", call.to().e164());
        body.put("from", call.from().e164());
        body.put("task", call.task());
        call.firstSentence().ifPresent(sentence -> body.put("first_sentence", sentence));
        body.put("voice", call.voiceId().filter(voice -> !voice.isBlank()).orElse(defaultVoiceId));
        body.put("model", MODEL);
        body.put("language", LANGUAGE);
        body.put("max_duration", call.maxDurationMinutes());
        body.put("record", call.record());
        body.put("voicemail_action", call.voicemailAction());
        call.voicemailMessage().ifPresent(message -> body.put("voicemail_message", message));
        body.put("wait_for_greeting", true);
        body.putNull("background_track");
        body.put("webhook", webhook.toString());
        body.set("metadata", metadata(json, call));
        return body;
    }

    /** Bland echoes this object in every webhook of the call, answered or not. */
    static ObjectNode metadata(ObjectMapper json, OutboundCall call) {
        ObjectNode metadata = json.createObjectNode();
        metadata.put("user_id", call.userId().value());
        metadata.put("machine_id", call.machineId().value());
        metadata.put(BlandWebhookParser.METADATA_CALL_ID, call.callId().value());
        return metadata;
    }
}
