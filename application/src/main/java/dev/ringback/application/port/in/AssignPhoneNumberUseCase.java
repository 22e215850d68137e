package dev.ringback.application.port.in;

import dev.ringback.domain.account.User;
import dev.ringback.domain.account.UserId;
import java.util.Optional;

/** Operator: the user's own number, used as caller id (and later to recognise inbound calls). */
public interface AssignPhoneNumberUseCase {
    User assign(UserId user, String phoneNumber, Optional<String> voiceId);
}
