package dev.ringback.domain.notify;

import dev.ringback.domain.call.CallRecord;
import dev.ringback.domain.call.CallSnapshot;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * The platform's convention for call transcripts in the agent's workspace,
 * {@code calls/YYYY-MM-DD_HHMM_<direction>_<number>.md} (the time being when the call started,
 * UTC; {@code withheld} in place of the number of a caller who withheld it), with the end of the
 * call's id added: an agent that calls a number again at once, or twice at the same time, gets
 * two calls in one minute, and with the platform's name alone the second file would overwrite
 * the first, whose notification names it.
 */
public final class TranscriptFilePolicy {
    /** The end of a time-ordered id is its random part; eight hex digits tell a minute's calls apart. */
    static final int ID_SUFFIX = 8;

    private TranscriptFilePolicy() {}

    public static String pathFor(CallRecord call) {
        CallSnapshot s = call.snapshot();
        String id = s.id().value();
        StringBuilder path = new StringBuilder(64).append("calls/");
        stamp(path, s.createdAt());
        path.append('_').append(s.direction().wireName()).append('_').append(MessageText.otherPartyForFileName(call)).append('_');
        // An id may hold ':', which has no place in a file name, and '.', which before ".md" would
        // make a "..", which the file server refuses in any path.
        for (int i = Math.max(0, id.length() - ID_SUFFIX); i < id.length(); i++) {
            char c = id.charAt(i);
            path.append(c == ':' || c == '.' ? '-' : c);
        }
        return path.append(".md").toString();
    }

    /**
     * {@code yyyy-MM-dd_HHmm} in UTC, by hand: DateTimeFormatter's pattern printer was ~7 % of the
     * HTTP workers' samples under webhook load (the path is made for the notification and the file).
     */
    static void stamp(StringBuilder out, Instant at) {
        LocalDateTime t = LocalDateTime.ofEpochSecond(at.getEpochSecond(), 0, ZoneOffset.UTC);
        int year = t.getYear();
        if (year < 0 || year > 9999) {
            // Outside four digits the pattern prints a sign or more digits; not a call's start time.
            throw new IllegalArgumentException("a call cannot have started in the year " + year);
        }
        twoDigits(out, year / 100);
        twoDigits(out, year % 100);
        out.append('-');
        twoDigits(out, t.getMonthValue());
        out.append('-');
        twoDigits(out, t.getDayOfMonth());
        out.append('_');
        twoDigits(out, t.getHour());
        twoDigits(out, t.getMinute());
    }

    private static void twoDigits(StringBuilder out, int value) {
        out.append((char) ('0' + value / 10)).append((char) ('0' + value % 10));
    }

    /** The headline, the list of facts and the section titles: a few hundred characters. */
    private static final int FIXED_PART = 512;

    /** A titled section holding the text quoted, or "(none)" for a blank one. */
    private static void section(StringBuilder md, String title, String text) {
        md.append("\n## ").append(title).append("\n\n");
        if (text.isBlank()) {
            md.append("(none)");
        } else {
            MessageText.appendQuoted(md, text);
        }
        md.append('\n');
    }

    public static TranscriptFile fileFor(CallRecord call) {
        CallSnapshot s = call.snapshot();
        // Sized for the texts at once: grown from the default 16 characters, it moved to a larger array 7-8 times.
        StringBuilder md = new StringBuilder(FIXED_PART + MessageText.quotedLength(s.task())
                + MessageText.quotedLength(s.summary()) + MessageText.quotedLength(s.transcript()));
        md.append("# ").append(MessageText.headline(call)).append("\n\n");
        md.append("- Call id: ").append(s.id().value()).append('\n');
        md.append("- Direction: ").append(s.direction().wireName()).append('\n');
        md.append("- Other party: ").append(MessageText.otherParty(call)).append('\n');
        md.append("- Status: ").append(s.status().wireName()).append('\n');
        md.append("- Duration: ").append(s.durationSeconds()).append(" s\n");
        md.append("- Started: ").append(s.createdAt()).append('\n');
        s.completedAt().ifPresent(at -> md.append("- Ended: ").append(at).append('\n'));
        md.append("- Conversation: ").append(s.origin().key().value()).append('\n');
        s.recordingUrl().ifPresent(url -> md.append("- Recording: ").append(url).append('\n'));
        if (!s.task().isBlank()) {
            section(md, "Task", s.task());
        }
        section(md, "Summary", s.summary());
        section(md, "Transcript", s.transcript());
        return new TranscriptFile(pathFor(call), md.toString());
    }
}
