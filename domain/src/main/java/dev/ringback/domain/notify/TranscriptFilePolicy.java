package dev.ringback.domain.notify;

import dev.ringback.domain.call.CallRecord;
import dev.ringback.domain.call.CallSnapshot;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The platform's convention for call transcripts in the agent's workspace:
 * {@code calls/YYYY-MM-DD_HHMM_<direction>_<number>.md}, the time being when the call started (UTC).
 */
public final class TranscriptFilePolicy {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd_HHmm").withZone(ZoneOffset.UTC);

    private TranscriptFilePolicy() {}

    public static String pathFor(CallRecord call) {
        CallSnapshot s = call.snapshot();
        return "calls/" + STAMP.format(s.createdAt()) + "_" + s.direction().wireName() + "_" + call.otherParty().digits() + ".md";
    }

    public static TranscriptFile fileFor(CallRecord call) {
        CallSnapshot s = call.snapshot();
        StringBuilder md = new StringBuilder();
        md.append("# ").append(MessageText.headline(call)).append("\n\n");
        md.append("- Call id: ").append(s.id().value()).append('\n');
        md.append("- Direction: ").append(s.direction().wireName()).append('\n');
        md.append("- Other party: ").append(call.otherParty().e164()).append('\n');
        md.append("- Status: ").append(s.status().wireName()).append('\n');
        md.append("- Duration: ").append(s.durationSeconds()).append(" s\n");
        md.append("- Started: ").append(s.createdAt()).append('\n');
        s.completedAt().ifPresent(at -> md.append("- Ended: ").append(at).append('\n'));
        md.append("- Conversation: ").append(s.origin().key().value()).append('\n');
        s.recordingUrl().ifPresent(url -> md.append("- Recording: ").append(url).append('\n'));
        if (!s.task().isBlank()) {
            md.append("\n## Task\n\n").append(MessageText.quoted(s.task())).append('\n');
        }
        md.append("\n## Summary\n\n").append(s.summary().isBlank() ? "(none)" : MessageText.quoted(s.summary())).append('\n');
        md.append("\n## Transcript\n\n").append(s.transcript().isBlank() ? "(none)" : MessageText.quoted(s.transcript())).append('\n');
        return new TranscriptFile(pathFor(call), md.toString());
    }
}
