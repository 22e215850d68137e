package dev.ringback.bootstrap;

import dev.ringback.application.port.in.ListDeliveriesUseCase;
import dev.ringback.application.port.in.ReplayDeliveriesUseCase;
import dev.ringback.application.port.in.ReplayDeliveriesUseCase.Outcome;
import dev.ringback.domain.account.MachineId;
import dev.ringback.domain.delivery.DeliveryId;
import dev.ringback.domain.delivery.DeliverySnapshot;
import dev.ringback.domain.delivery.DeliveryState;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * {@code ringback deliveries list|show|replay}: the outbox for an operator. Output names ids,
 * states, attempts and the log-safe last error; never a body (transcripts, summaries) or a token.
 */
final class DeliveryCommands {
    static final String USAGE = "deliveries summary [--db FILE]\n"
            + "           deliveries list [--state pending|delivered|failed|dead] [--limit N] [--db FILE]\n"
            + "           deliveries show --id ID [--db FILE]\n"
            + "           deliveries replay (--id ID | --all-dead | --machine ID) [--db FILE]\n"
            + "    Inspect the outbox (summary: how many in each state, the oldest owed, the machines with\n"
            + "    retries waiting) and send dead (or failed) deliveries again, with the same body and\n"
            + "    idempotency key, so a machine that already ran the turn does not run it twice.\n"
            + "    --machine replays every failed and dead delivery of that machine (add-machine does it\n"
            + "    when it changes a machine's settings).";
    static final int DEFAULT_LIMIT = 50;
    private static final int MAX_LIMIT = 10_000;

    private final ListDeliveriesUseCase list;
    private final ReplayDeliveriesUseCase replay;
    private final Predicate<MachineId> machineExists;
    private final PrintStream out;
    private final PrintStream err;

    DeliveryCommands(ListDeliveriesUseCase list, ReplayDeliveriesUseCase replay, Predicate<MachineId> machineExists,
            PrintStream out, PrintStream err) {
        this.list = list;
        this.replay = replay;
        this.machineExists = machineExists;
        this.out = out;
        this.err = err;
    }

    /** Turns {@code list --state dead} into flags: the action becomes {@code --action}, a bare {@code --all-dead} gets a value. */
    static String[] normalise(String[] args) {
        List<String> result = new ArrayList<>();
        int start = 0;
        if (args.length > 0 && !args[0].startsWith("--")) {
            result.add("--action");
            result.add(args[0]);
            start = 1;
        }
        for (int i = start; i < args.length; i++) {
            result.add(args[i]);
            if (args[i].equals("--all-dead") && (i + 1 == args.length || args[i + 1].startsWith("--"))) {
                result.add("true");
            }
        }
        return result.toArray(String[]::new);
    }

    int run(Map<String, String> flags) {
        String action = flags.getOrDefault("action", "");
        switch (action) {
            case "summary":
                return summary();
            case "list":
                return list(flags);
            case "show":
                return show(flags);
            case "replay":
                return replay(flags);
            default:
                return usage(action.isEmpty() ? "missing action: summary, list, show or replay" : "unknown action: " + action);
        }
    }

    private int summary() {
        ListDeliveriesUseCase.Summary summary = list.summary();
        out.println("outbox at " + summary.at().truncatedTo(ChronoUnit.SECONDS));
        out.println(String.format("  %-10s %9d  (due now %d, being sent %d, waiting for a retry %d)", "pending",
                summary.count(DeliveryState.PENDING), summary.dueNow(), summary.beingSent(), summary.waitingForRetry()));
        out.println(String.format("  %-10s %9d", "delivered", summary.count(DeliveryState.DELIVERED)));
        long failed = summary.count(DeliveryState.FAILED);
        long dead = summary.count(DeliveryState.DEAD);
        out.println(String.format("  %-10s %9d%s", "failed", failed,
                failed > 0 ? "  (refused by the machine: mend its settings, or `deliveries replay --machine ID`)" : ""));
        out.println(String.format("  %-10s %9d%s", "dead", dead,
                dead > 0 ? "  (every attempt failed: `deliveries list --state dead`, `deliveries replay --all-dead`)" : ""));
        summary.oldestOwed().ifPresent(d -> out.println("oldest owed: delivery " + d.id().value() + " ("
                + d.kind().wireName() + " of call " + d.callId().value() + ") for machine " + d.machineId().value()
                + ", since " + d.createdAt().truncatedTo(ChronoUnit.SECONDS) + " ("
                + age(summary.oldestOwedAge().orElseThrow()) + "), "
                + d.attempts() + (d.attempts() == 1 ? " attempt" : " attempts")
                + d.lastError().map(e -> ", last error: " + e).orElse("")));
        if (!summary.mostWaiting().isEmpty()) {
            StringBuilder machines = new StringBuilder("waiting for a retry, most first:");
            summary.mostWaiting().forEach((machine, count) ->
                    machines.append(' ').append(machine.value()).append(' ').append(count).append(','));
            machines.setLength(machines.length() - 1);
            out.println(machines);
        }
        return Cli.OK;
    }

    /** 3d 4h, 2h 5m, 7m 30s or 12s: how long a delivery has been owed, at a glance. */
    static String age(Duration age) {
        long seconds = Math.max(0, age.getSeconds());
        long days = seconds / 86_400;
        long hours = seconds % 86_400 / 3_600;
        long minutes = seconds % 3_600 / 60;
        if (days > 0) {
            return days + "d " + hours + "h";
        }
        if (hours > 0) {
            return hours + "h " + minutes + "m";
        }
        return minutes > 0 ? minutes + "m " + seconds % 60 + "s" : seconds + "s";
    }

    private int list(Map<String, String> flags) {
        Optional<DeliveryState> state;
        int limit;
        try {
            state = Optional.ofNullable(flags.get("state")).map(DeliveryState::fromWireName);
        } catch (IllegalArgumentException e) {
            return usage("--state must be pending, delivered, failed or dead");
        }
        try {
            limit = Integer.parseInt(flags.getOrDefault("limit", Integer.toString(DEFAULT_LIMIT)));
        } catch (NumberFormatException e) {
            limit = -1;
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            return usage("--limit must be a whole number from 1 to " + MAX_LIMIT);
        }
        List<DeliverySnapshot> found = list.list(state, limit);
        out.println(String.format("%-36s  %-36s  %-12s  %-9s  %8s  %-30s  %s", "ID", "CALL", "KIND", "STATE",
                "ATTEMPTS", "NEXT/FINISHED", "LAST ERROR"));
        for (DeliverySnapshot d : found) {
            Instant when = d.finishedAt().orElse(d.nextAttemptAt());
            out.println(String.format("%-36s  %-36s  %-12s  %-9s  %8d  %-30s  %s", d.id().value(), d.callId().value(),
                    d.kind().wireName(), d.state().wireName(), d.attempts(), when, d.lastError().orElse("-")));
        }
        out.println(found.size() + (found.size() == 1 ? " delivery" : " deliveries"));
        return Cli.OK;
    }

    private int show(Map<String, String> flags) {
        Optional<DeliveryId> id = id(flags);
        if (id.isEmpty()) {
            return usage("missing --id");
        }
        Optional<DeliverySnapshot> found = list.show(id.get());
        if (found.isEmpty()) {
            err.println("error: no delivery " + id.get().value());
            return Cli.FAILED;
        }
        DeliverySnapshot d = found.get();
        out.println("id:              " + d.id().value());
        out.println("call:            " + d.callId().value());
        out.println("machine:         " + d.machineId().value());
        out.println("kind:            " + d.kind().wireName());
        out.println("target:          " + d.target());
        out.println("idempotency key: " + d.idempotencyKey());
        out.println("state:           " + d.state().wireName());
        out.println("attempts:        " + d.attempts());
        out.println("created:         " + d.createdAt());
        if (d.finishedAt().isPresent()) {
            out.println("finished:        " + d.finishedAt().get());
        } else {
            out.println("next attempt:    " + d.nextAttemptAt());
        }
        out.println("last error:      " + d.lastError().orElse("-"));
        // Deliveries delivered before this rule kept their bodies; nothing reads them.
        out.println("body:            " + (d.state() == DeliveryState.DELIVERED && d.body().isEmpty()
                ? "dropped once delivered (the call keeps its texts)"
                : d.body().length() + " characters (not shown)"));
        return Cli.OK;
    }

    private int replay(Map<String, String> flags) {
        boolean all = flags.containsKey("all-dead");
        Optional<DeliveryId> id = id(flags);
        Optional<String> machine = Optional.ofNullable(flags.get("machine")).map(String::strip).filter(v -> !v.isEmpty());
        if ((all ? 1 : 0) + (id.isPresent() ? 1 : 0) + (machine.isPresent() ? 1 : 0) != 1) {
            return usage("give exactly one of --id ID, --all-dead or --machine ID");
        }
        if (all) {
            out.println(replay.replayAllDead() + " dead deliveries queued again");
            return Cli.OK;
        }
        if (machine.isPresent()) {
            // A mistyped id replayed nothing and said "0 queued again", which reads as nothing to do.
            if (!machineExists.test(new MachineId(machine.get()))) {
                err.println("error: no machine " + machine.get());
                return Cli.FAILED;
            }
            int replayed = replay.replayHeldBack(new MachineId(machine.get()));
            out.println(replayed + " failed or dead deliveries of machine " + machine.get() + " queued again");
            return Cli.OK;
        }
        Outcome outcome = replay.replay(id.get());
        if (outcome instanceof Outcome.Replayed) {
            out.println("delivery " + id.get().value() + " queued again with its original idempotency key");
            return Cli.OK;
        }
        if (outcome instanceof Outcome.NotReplayable) {
            err.println("error: delivery " + id.get().value() + " is " + ((Outcome.NotReplayable) outcome).state().wireName()
                    + "; only dead or failed deliveries can be replayed");
            return Cli.FAILED;
        }
        err.println("error: no delivery " + id.get().value());
        return Cli.FAILED;
    }

    private static Optional<DeliveryId> id(Map<String, String> flags) {
        return Optional.ofNullable(flags.get("id")).filter(v -> !v.isBlank()).map(String::strip).map(DeliveryId::new);
    }

    private int usage(String problem) {
        err.println(problem);
        err.println("usage: ringback " + USAGE);
        return Cli.USAGE;
    }
}
