package dev.ringback.domain.call;

import java.util.Locale;
import java.util.Optional;

/** A call's state: {@code initiated} until its single terminal outcome arrives. */
public enum CallStatus {
    INITIATED("initiated"),
    COMPLETED("completed"),
    FAILED("failed"),
    NO_ANSWER("no_answer"),
    VOICEMAIL("voicemail");

    private final String wireName;

    CallStatus(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public boolean isTerminal() {
        return this != INITIATED;
    }

    /** Whether someone (or a mailbox) picked up, which is what the per-minute price applies to. */
    public boolean isConnected() {
        return this == COMPLETED || this == VOICEMAIL;
    }

    public static CallStatus fromWireName(String name) {
        for (CallStatus status : values()) {
            if (status.wireName.equals(name)) {
                return status;
            }
        }
        throw new IllegalArgumentException("unknown call status: " + name);
    }

    /**
     * The platform's status map for a provider's report: {@code completed}, {@code failed},
     * {@code no-answer} and {@code voicemail} map to themselves; a missing status means completed
     * when the provider says the call completed, failed otherwise. A completed call answered by a
     * voicemail box is a voicemail. Busy lines count as unanswered; any other word as failed.
     */
    public static CallStatus fromProviderReport(Optional<String> reported, boolean completedFlag, Optional<String> answeredBy) {
        String word = reported.map(s -> s.trim().toLowerCase(Locale.ROOT)).orElse("");
        CallStatus status;
        switch (word) {
            case "completed":
                status = COMPLETED;
                break;
            case "no-answer":
            case "no_answer":
            case "busy":
                status = NO_ANSWER;
                break;
            case "voicemail":
                status = VOICEMAIL;
                break;
            case "":
                status = completedFlag ? COMPLETED : FAILED;
                break;
            default:
                status = FAILED;
        }
        boolean voicemailAnswered = answeredBy.map(a -> a.trim().equalsIgnoreCase("voicemail")).orElse(false);
        return status == COMPLETED && voicemailAnswered ? VOICEMAIL : status;
    }
}
