package dev.ringback.application.port.in;

import dev.ringback.domain.account.UserId;

/** Operator: a bearer token for the user's dashboard. Shown once; only its hash is kept. */
public interface IssueDashboardTokenUseCase {
    String issue(UserId user);
}
