package dev.ringback.application.port.in;

import dev.ringback.domain.account.User;
import dev.ringback.domain.account.UserId;

/**
 * Operator: moves a user to another plan. The monthly minutes of the new plan apply from the next
 * placement on; minutes already used this month still count against them.
 */
public interface ChangePlanUseCase {
    User changePlan(UserId user, String plan);
}
