package dev.ringback.application.port.in;

import dev.ringback.domain.InvalidInputException;
import dev.ringback.domain.account.MachineId;
import dev.ringback.domain.call.CallRecord;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/** The agent asks for an outbound call. */
public interface PlaceCallUseCase {
    Result place(Command command);

    /**
     * The agent's request, with the platform's defaults and messages. Shape errors are thrown as
     * {@link InvalidInputException} with the text the platform's clients already know.
     */
    record Command(
            MachineId machine,
            String to,
            String task,
            Optional<String> firstSentence,
            Optional<String> voiceId,
            int maxDurationMinutes,
            boolean record,
            String voicemailAction,
            Optional<String> voicemailMessage,
            Optional<String> sessionKey) {

        public static final String MISSING_FIELDS = "Missing required fields: to, task";
        public static final int DEFAULT_MAX_DURATION_MINUTES = 5;
        /** Bland's own ceiling is 12 hours. */
        public static final int MAX_DURATION_MINUTES_LIMIT = 720;
        public static final Set<String> VOICEMAIL_ACTIONS = Set.of("hangup", "leave_message", "ignore");
        public static final int MAX_TASK_LENGTH = 20_000;
        /**
         * The optional texts are stored with the call and sent to Bland on every placement: bounded
         * like the task, so that a client cannot have megabytes kept and forwarded. A spoken opening
         * line or voicemail is a few sentences; a voice id is a name or a uuid.
         */
        public static final int MAX_FIRST_SENTENCE_LENGTH = 2_000;
        public static final int MAX_VOICEMAIL_MESSAGE_LENGTH = 2_000;
        public static final int MAX_VOICE_ID_LENGTH = 200;

        public Command {
            Objects.requireNonNull(machine, "machine");
            if (to == null || to.isBlank() || task == null || task.isBlank()) {
                throw new InvalidInputException(MISSING_FIELDS);
            }
            Objects.requireNonNull(firstSentence, "firstSentence");
            Objects.requireNonNull(voiceId, "voiceId");
            Objects.requireNonNull(voicemailMessage, "voicemailMessage");
            Objects.requireNonNull(sessionKey, "sessionKey");
            requireAtMost("task", task, MAX_TASK_LENGTH);
            firstSentence.ifPresent(text -> requireAtMost("first_sentence", text, MAX_FIRST_SENTENCE_LENGTH));
            voiceId.ifPresent(text -> requireAtMost("voice_id", text, MAX_VOICE_ID_LENGTH));
            voicemailMessage.ifPresent(text -> requireAtMost("voicemail_message", text, MAX_VOICEMAIL_MESSAGE_LENGTH));
            if (maxDurationMinutes < 1 || maxDurationMinutes > MAX_DURATION_MINUTES_LIMIT) {
                throw new InvalidInputException("max_duration must be between 1 and " + MAX_DURATION_MINUTES_LIMIT + " minutes");
            }
            if (voicemailAction == null || !VOICEMAIL_ACTIONS.contains(voicemailAction)) {
                throw new InvalidInputException("voicemail_action must be one of: hangup, leave_message, ignore");
            }
        }

        /** {@code field} is the name the agent sent it under, so that the message says what to shorten. */
        private static void requireAtMost(String field, String text, int maxLength) {
            if (text.length() > maxLength) {
                throw new InvalidInputException(field + " must be at most " + maxLength + " characters");
            }
        }
    }

    sealed interface Result {
        /** The provider queued the call. */
        record Placed(CallRecord call, long remainingMinutes) implements Result {}

        record NoPhoneNumber() implements Result {}

        record PlanWithoutMinutes() implements Result {}

        record MonthlyLimitReached(long usedMinutes, long limitMinutes) implements Result {}

        /** The user already has as many calls waiting for their outcome as allowed; nothing was dialled. */
        record TooManyCallsInFlight(int callsInFlight, int limit) implements Result {}

        /** The provider said no; nothing was dialled. */
        record ProviderRejected(CallRecord call, String reason) implements Result {}

        /**
         * The provider's answer was lost: the call may be ringing. It stays {@code initiated} and is
         * settled by the provider's webhook; it is never dialled again. The agent gets the same
         * answer as for a placed call, so it carries the remaining minutes too.
         */
        record ProviderUncertain(CallRecord call, long remainingMinutes) implements Result {}
    }
}
