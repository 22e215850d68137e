package dev.ringback.domain.notify;

import dev.ringback.domain.call.CallRecord;
import dev.ringback.domain.call.CallSnapshot;
import dev.ringback.domain.call.Direction;

/** Wording shared by the agent notification and the transcript file. */
final class MessageText {
    private MessageText() {}

    /** The platform's headline, e.g. {@code 📞 **Call completed** (+12025551234, 2.5 min)}. */
    static String headline(CallRecord call) {
        CallSnapshot s = call.snapshot();
        String label = s.direction() == Direction.INBOUND ? "📲 **Call received**" : "📞 **Call completed**";
        return label + " (" + call.otherParty().e164() + ", " + minutes(s.durationSeconds()) + " min)";
    }

    /** Minutes with at most one decimal, written without a locale. */
    static String minutes(int seconds) {
        long tenths = Math.round(seconds / 6.0);
        return tenths % 10 == 0 ? Long.toString(tenths / 10) : (tenths / 10) + "." + (tenths % 10);
    }

    /** Markdown block quote: each line of outside text is marked as quoted data. */
    static String quoted(String text) {
        String normalised = text.replace("\r\n", "\n").replace('\r', '\n').strip();
        return "> " + normalised.replace("\n", "\n> ");
    }
}
