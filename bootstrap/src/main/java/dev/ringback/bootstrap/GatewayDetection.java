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
            // Read again after the probe (seconds, on a slow machine): an add-machine meanwhile (new
            // tokens, say) must not be written over by the copy read before it.
            Optional<Machine> now = component.machines().findById(machine.id());
            if (now.isEmpty()) {
                err.println("error: machine " + machine.id().value() + " was removed meanwhile");
                return Cli.FAILED;
            }
            recommended = now.get().withRoute(detected.recommended());
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
