package dev.ringback.domain.notify;

import dev.ringback.domain.call.CallRecord;
import dev.ringback.domain.call.CallSnapshot;
import dev.ringback.domain.call.Direction;
import dev.ringback.domain.phone.PhoneNumber;

/** Wording shared by the agent notification and the transcript file. */
final class MessageText {
    /** Shown, and written in the transcript's file name, in place of a caller's withheld number. */
    static final String WITHHELD = "withheld";

    /** The headline's label for a call received on the user's number. */
    static final String RECEIVED = "📲 **Call received**";
    /** The headline's label for a call the agent placed. */
    static final String COMPLETED = "📞 **Call completed**";

    private MessageText() {}

    /** The other party's number in E.164, or {@link #WITHHELD}. */
    static String otherParty(CallRecord call) {
        return call.otherParty().map(PhoneNumber::e164).orElse(WITHHELD);
    }

    /** The other party's number as digits, for a file name, or {@link #WITHHELD}. */
    static String otherPartyForFileName(CallRecord call) {
        return call.otherParty().map(PhoneNumber::digits).orElse(WITHHELD);
    }

    /** The platform's headline, e.g. {@code 📞 **Call completed** (+12025551234, 2.5 min)}. */
    static String headline(CallRecord call) {
        CallSnapshot s = call.snapshot();
        String label = s.direction() == Direction.INBOUND ? RECEIVED : COMPLETED;
        return label + " (" + otherParty(call) + ", " + minutes(s.durationSeconds()) + " min)";
    }

    /** Minutes with at most one decimal, written without a locale. */
    static String minutes(int seconds) {
        long tenths = Math.round(seconds / 6.0);
        return tenths % 10 == 0 ? Long.toString(tenths / 10) : (tenths / 10) + "." + (tenths % 10);
    }

    /** Markdown block quote: each line of outside text is marked as quoted data. */
    static String quoted(String text) {
        return appendQuoted(new StringBuilder(quotedLength(text)), text).toString();
    }

    /**
     * {@link #quoted} written onto {@code out}: the text stripped, each of its line ends (LF, CRLF
     * or CR) written as LF, and "> " before every line. In one pass: normalising, stripping,
     * replacing and concatenating made up to five copies of each transcript, twice per webhook.
     */
    static StringBuilder appendQuoted(StringBuilder out, String text) {
        int start = 0;
        int end = text.length();
        while (start < end && Character.isWhitespace(text.charAt(start))) {
            start++;
        }
        while (end > start && Character.isWhitespace(text.charAt(end - 1))) {
            end--;
        }
        out.append("> ");
        int from = start;
        for (int i = start; i < end; i++) {
            char c = text.charAt(i);
            if (c == '\r' || c == '\n') {
                out.append(text, from, i).append("\n> ");
                if (c == '\r' && i + 1 < end && text.charAt(i + 1) == '\n') {
                    i++;
                }
                from = i + 1;
            }
        }
        return out.append(text, from, end);
    }

    /** About what {@link #quoted} makes of {@code text}: "> " more per line, at a guess of one line per 40 characters. */
    static int quotedLength(String text) {
        return text.length() + text.length() / 20 + 2;
    }
}
