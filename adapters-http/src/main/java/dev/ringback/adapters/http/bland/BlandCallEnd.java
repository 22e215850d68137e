package dev.ringback.adapters.http.bland;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;
import java.util.Set;

/**
 * Whether a Bland call object says the call is over: the one rule for the completion webhook and
 * for {@code GET /v1/calls/{id}}. An outcome is final, so a body that does not clearly say the
 * call ended must never be taken for its end: the real end would then be dropped as a repeat.
 */
final class BlandCallEnd {
    /** Bland's words for a call that is over; anything else (queued, started, in-progress...) is still going. */
    private static final Set<String> ENDED_WORDS = Set.of("completed", "complete", "failed", "busy", "no-answer",
            "no_answer", "canceled", "cancelled", "voicemail");
    /**
     * A completion's status when Bland cannot say how the call ended (bland.md lists it among the
     * webhook's statuses). Posted to the webhook it is an end; read from a lookup it may be a call
     * Bland has not settled yet, which is asked about again.
     */
    private static final String UNKNOWN = "unknown";

    private BlandCallEnd() {}

    /** {@code completed} is true for every ended call, answered or not; the status words back it up. */
    static boolean hasEnded(JsonNode callObject) {
        if (callObject.path("completed").asBoolean(false)) {
            return true;
        }
        return BlandWebhookParser.text(callObject, "status").map(BlandCallEnd::isEndedWord).orElse(false)
                || BlandWebhookParser.text(callObject, "queue_status").map(BlandCallEnd::isEndedWord).orElse(false);
    }

    /** The webhook's rule: {@link #hasEnded}, or the completion's own {@code unknown}. */
    static boolean isCompletion(JsonNode webhookBody) {
        return hasEnded(webhookBody)
                || BlandWebhookParser.text(webhookBody, "status").map(s -> s.strip().equalsIgnoreCase(UNKNOWN)).orElse(false);
    }

    private static boolean isEndedWord(String word) {
        return ENDED_WORDS.contains(word.strip().toLowerCase(Locale.ROOT));
    }
}
