package dev.ringback.bootstrap;

import dev.ringback.application.port.in.ListUsersUseCase.UserOverview;
import dev.ringback.domain.account.Machine;
import dev.ringback.domain.account.MonthUsage;
import dev.ringback.domain.phone.PhoneNumber;
import java.util.List;

/**
 * {@code ringback users}: two lines a user, the account and the machine, each with what the
 * operator would act on (a user without a number or a machine is told what to run). No tokens.
 */
final class UserListing {
    private UserListing() {}

    static String render(List<UserOverview> users) {
        if (users.isEmpty()) {
            return "no users yet (add-user)\n";
        }
        StringBuilder text = new StringBuilder();
        users.forEach(user -> text.append(render(user)));
        return text.toString();
    }

    static String render(UserOverview overview) {
        MonthUsage month = overview.month();
        String calls = month.totalCalls() + (month.totalCalls() == 1 ? " call" : " calls")
                + (month.callsInFlight() > 0 ? ", " + month.callsInFlight() + " in progress" : "");
        return overview.user().id().value() + "  \"" + overview.user().name() + "\"  plan " + overview.user().plan()
                + ": " + month.usedMinutes() + " of " + overview.limitMinutes() + " minutes used since "
                + overview.monthStart() + " (" + calls + ")"
                + ", number " + overview.user().phoneNumber().map(PhoneNumber::e164).orElse("none (assign-number)") + "\n"
                + overview.machine().map(UserListing::machine)
                        .orElse("  no machine (add-machine): calls to the number are recorded, nobody is told") + "\n";
    }

    private static String machine(Machine machine) {
        return "  machine " + machine.id().value() + " at " + machine.appUrl() + ", route " + machine.route().wireName()
                + ", transcripts " + (machine.fileServer() ? "to its file server" : "in the notification only")
                + ", " + (machine.lastReportedSession().isPresent()
                        ? "a conversation reported by its dashboard" : "no conversation reported by its dashboard yet");
    }
}
