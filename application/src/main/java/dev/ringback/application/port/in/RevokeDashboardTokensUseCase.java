package dev.ringback.application.port.in;

import dev.ringback.domain.account.UserId;

/**
 * Operator: ends every dashboard token of the user, at once (a leaked token reads the user's
 * transcripts and their gateway's token, and tokens do not expire). The user gets a new one with
 * {@link IssueDashboardTokenUseCase}.
 */
public interface RevokeDashboardTokensUseCase {
    /** How many tokens were revoked; 0 when the user had none. */
    int revokeAll(UserId user);
}
