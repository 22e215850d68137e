package dev.ringback.application.port.in;

import dev.ringback.domain.account.User;
import dev.ringback.domain.account.UserId;
import java.util.Optional;

/** Operator: the user's own number, used as caller id (and later to recognise inbound calls). */
public interface AssignPhoneNumberUseCase {
    /** @param voiceId the voice the user's calls use: empty keeps the one stored, blank stores none */
    User assign(UserId user, String phoneNumber, Optional<String> voiceId);
}
