package dev.ringback.bootstrap;

import dev.ringback.adapters.openclaw.GatewayProbe;
import dev.ringback.domain.account.Machine;
import dev.ringback.domain.account.UserId;
import java.io.PrintStream;
import java.util.Optional;

/** The {@code detect-gateway} command: version, recommended route, configuration, and optionally the switch. */
final class GatewayDetection {
    private GatewayDetection() {}

    static int run(RingbackComponent component, UserId user, boolean apply, PrintStream out, PrintStream err) {
        Optional<Machine> found = component.machines().findByUser(user);
        if (found.isEmpty()) {
            err.println("error: user " + user.value() + " has no machine");
            return Cli.FAILED;
        }
        Machine machine = found.get();
        GatewayProbe.Result result = component.gatewayProbe().probe(machine);
        if (result instanceof GatewayProbe.Failed) {
            err.println("error: " + ((GatewayProbe.Failed) result).reason());
            return Cli.FAILED;
        }
        GatewayProbe.Detected detected = (GatewayProbe.Detected) result;
        out.println("gateway version: " + detected.version() + " (protocol " + detected.protocol() + ")");
        out.println("recommended route: " + detected.recommended().wireName()
                + " (current: " + machine.route().wireName() + ")");
        Machine recommended = machine.withRoute(detected.recommended());
        if (apply && machine.route() != detected.recommended()) {
            component.machines().save(recommended);
            out.println("route of machine " + machine.id().value() + " set to " + detected.recommended().wireName());
            Cli.replayHeldBack(component, recommended, out);
        } else if (!apply && machine.route() != detected.recommended()) {
            out.println("run again with --apply to store this route on the machine");
        }
        out.println("Gateway configuration for this route:");
        out.print(HooksConfig.render(recommended));
        return Cli.OK;
    }
}
