package dev.ringback.bootstrap;

import dev.ringback.adapters.persistence.BackupReport;
import dev.ringback.adapters.persistence.ErasureReport;
import dev.ringback.adapters.persistence.MaintenanceException;
import dev.ringback.adapters.persistence.RestoreReport;
import dev.ringback.adapters.persistence.SecretCipher;
import dev.ringback.adapters.persistence.SqlitePersistence;
import dev.ringback.application.port.in.ListUsersUseCase;
import dev.ringback.application.port.in.RegisterMachineUseCase;
import dev.ringback.application.port.in.RegisterUserUseCase;
import dev.ringback.domain.InvalidInputException;
import dev.ringback.domain.account.Machine;
import dev.ringback.domain.account.NotifierRoute;
import dev.ringback.domain.account.User;
import dev.ringback.domain.account.UserId;
import dev.ringback.domain.session.SessionKey;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

/**
 * The executable's commands: {@code serve} and the operator commands. Flags override the
 * environment; secrets may come from the environment instead of the command line, where they
 * would show in the process list and shell history.
 */
final class Cli {
    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;

    private static final Map<String, String> COMMANDS = new LinkedHashMap<>();
    /** The settings serve's flags stand in for; a bad value given as a flag is named as the flag the operator typed. */
    private static final Map<String, String> SERVE_FLAGS = Map.of("port", "RINGBACK_PORT", "telephony",
            "RINGBACK_TELEPHONY", "public-url", "RINGBACK_PUBLIC_URL", "db", "RINGBACK_DB");
    /**
     * The flags each command reads ({@code --help} aside). Any other is refused: a mistyped
     * {@code --plna power} or {@code --rout chat} was ignored, and the command went ahead with the default.
     */
    private static final Map<String, Set<String>> FLAGS = Map.ofEntries(
            Map.entry("serve", Set.of("port", "db", "telephony", "public-url")),
            Map.entry("add-user", Set.of("name", "plan", "id", "db")),
            Map.entry("set-plan", Set.of("user", "plan", "db")),
            Map.entry("add-machine", Set.of("user", "app-url", "gateway-token", "hook-token", "hooks-path", "agents", "route",
                    "ws-path", "file-server", "id", "db")),
            Map.entry("assign-number", Set.of("user", "number", "voice-id", "db")),
            Map.entry("issue-token", Set.of("user", "db")),
            Map.entry("revoke-tokens", Set.of("user", "db")),
            Map.entry("deliveries", Set.of("action", "state", "limit", "id", "all-dead", "machine", "db")),
            Map.entry("reconcile", Set.of("db")),
            Map.entry("backup", Set.of("to", "db")),
            Map.entry("restore", Set.of("from", "db")),
            Map.entry("rotate-secret-key", Set.of("db")),
            Map.entry("forget-user", Set.of("user", "yes", "db")),
            Map.entry("users", Set.of("user", "db")),
            Map.entry("hooks-config", Set.of("user", "db")),
            Map.entry("detect-gateway", Set.of("user", "apply", "db")));

    static {
        COMMANDS.put("serve", "serve [--port N] [--db FILE] [--telephony bland|simulated] [--public-url URL]\n"
                + "    Start the server. Settings come from the environment (see README); flags override them.");
        COMMANDS.put("add-user", "add-user --name NAME [--plan starter|pro|power] [--id ID] [--db FILE]\n"
                + "    Register a platform user (plan default: pro). Prints the user id.");
        COMMANDS.put("set-plan", "set-plan --user ID --plan starter|pro|power [--db FILE]\n"
                + "    Move the user to another plan (one of RINGBACK_PLAN_MINUTES). Its minutes apply from the\n"
                + "    next call on; the minutes used this month still count.");
        COMMANDS.put("add-machine", "add-machine --user ID --app-url URL [--gateway-token T] [--hook-token H]\n"
                + "            [--hooks-path /hooks] [--agents main,...] [--route hooks|chat] [--ws-path PATH]\n"
                + "            [--file-server yes|no] [--id ID] [--db FILE]\n"
                + "    Register (or update) the user's OpenClaw machine. Tokens may instead be given as\n"
                + "    RINGBACK_GATEWAY_TOKEN and RINGBACK_HOOK_TOKEN. Prints the gateway hooks configuration.\n"
                + "    --file-server no: a bare gateway without the hosted platform's file server; its calls'\n"
                + "    transcripts then come in the notification only (or from GET /api/user/call/status).\n"
                + "    --ws-path: where its gateway takes WebSockets (/ on a bare gateway, /ws on a .fly.dev app).\n"
                + "    On an existing machine, settings not given keep their stored values, app URL and tokens\n"
                + "    included (a new machine needs those three and gets the defaults shown). Changing its\n"
                + "    settings replays its failed and dead deliveries and makes its waiting retries due now.");
        COMMANDS.put("assign-number", "assign-number --user ID --number PHONE [--voice-id VOICE] [--db FILE]\n"
                + "    Give the user their own US number (caller id for their calls). The voice stays as it was\n"
                + "    unless --voice-id is given (--voice-id \"\" for none).");
        COMMANDS.put("issue-token", "issue-token --user ID [--db FILE]\n"
                + "    Issue a dashboard bearer token for the user. Shown once; only its hash is stored.");
        COMMANDS.put("revoke-tokens", "revoke-tokens --user ID [--db FILE]\n"
                + "    Revoke every dashboard token of the user at once (a running server refuses them from\n"
                + "    its next request); issue-token gives the user a new one.");
        COMMANDS.put("deliveries", DeliveryCommands.USAGE);
        COMMANDS.put("reconcile", "reconcile [--db FILE]\n"
                + "    Run one lost-webhook sweep now (the server runs one every RINGBACK_RECONCILE_INTERVAL):\n"
                + "    overdue calls are looked up at Bland (needs BLAND_API_KEY) and settled; calls Bland\n"
                + "    cannot be asked about end as failed, outcome unknown, after RINGBACK_RECONCILE_UNKNOWN_GRACE,\n"
                + "    and calls Bland still reports running, after RINGBACK_RECONCILE_GIVE_UP.");
        COMMANDS.put("backup", "backup --to FILE [--db FILE]\n"
                + "    Write a consistent copy of the database, as of now, to FILE: a new file (never one that\n"
                + "    exists), readable by its owner alone. Safe while the server runs; a plain copy of the file\n"
                + "    is not (it misses what is still in the write-ahead log, and can be torn).");
        COMMANDS.put("restore", "restore --from FILE [--db FILE]\n"
                + "    Replace the database's contents with a backup's (creating the file on a new host), brought\n"
                + "    up to this version's schema (the server must be stopped). Deliveries the backup still owes\n"
                + "    are sent as resends, after a look at each conversation's history: they may have been\n"
                + "    delivered after the backup was taken.");
        COMMANDS.put("rotate-secret-key", "rotate-secret-key [--db FILE]\n"
                + "    Seal the machines' stored tokens with the key in RINGBACK_NEW_SECRET_KEY instead of the one in\n"
                + "    RINGBACK_SECRET_KEY (or instead of clear text, without one), all in one transaction. The\n"
                + "    server must be stopped; start it again with RINGBACK_SECRET_KEY set to the new key. Backups\n"
                + "    taken before keep the old key.");
        COMMANDS.put("forget-user", "forget-user --user ID --yes [--db FILE]\n"
                + "    Delete the user and everything held of them, for good, in one transaction: their calls and\n"
                + "    transcripts, the deliveries owed or kept for them, their machine and its tokens, their\n"
                + "    dashboard tokens and number. Safe while the server runs (their tokens stop working at its\n"
                + "    next request).\n"
                + "    Backups taken before still hold them.");
        COMMANDS.put("users", "users [--user ID] [--db FILE]\n"
                + "    List the users (or one): plan and this billing month's minutes, number, machine and its\n"
                + "    route. No tokens are shown.");
        COMMANDS.put("hooks-config", "hooks-config --user ID [--db FILE]\n"
                + "    Print the OpenClaw hooks configuration the user's machine needs.");
        COMMANDS.put("detect-gateway", "detect-gateway --user ID [--apply] [--db FILE]\n"
                + "    Ask the user's gateway for its OpenClaw version, print the route it needs and the gateway\n"
                + "    configuration for it; --apply stores that route on the machine.");
    }

    private final Map<String, String> env;
    private final PrintStream out;
    private final PrintStream err;

    Cli(Map<String, String> env, PrintStream out, PrintStream err) {
        this.env = env;
        this.out = out;
        this.err = err;
    }

    int run(String... args) {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help")) {
            out.print(usage());
            return args.length == 0 ? USAGE : OK;
        }
        String command = args[0];
        if (!COMMANDS.containsKey(command)) {
            err.println("unknown command: " + command);
            err.print(usage());
            return USAGE;
        }
        Map<String, String> flags;
        try {
            String[] rest = Arrays.copyOfRange(args, 1, args.length);
            flags = flags(command.equals("deliveries") ? DeliveryCommands.normalise(rest) : rest, FLAGS.get(command));
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            err.println("usage: ringback " + COMMANDS.get(command));
            return USAGE;
        }
        if (flags.containsKey("help")) {
            out.println("usage: ringback " + COMMANDS.get(command));
            return OK;
        }
        try {
            return dispatch(command, flags);
        } catch (MissingFlag e) {
            err.println(e.getMessage());
            err.println("usage: ringback " + COMMANDS.get(command));
            return USAGE;
        } catch (ConfigException | CannotStartException | InvalidInputException | SecretCipher.KeyMismatchException
                | MaintenanceException e) {
            err.println("error: " + e.getMessage());
            return FAILED;
        }
    }

    private int dispatch(String command, Map<String, String> flags) {
        Map<String, String> settings = new HashMap<>(env);
        override(settings, flags, "db", "RINGBACK_DB");
        if (command.equals("serve")) {
            SERVE_FLAGS.forEach((flag, variable) -> override(settings, flags, flag, variable));
            RingbackConfig config;
            try {
                config = Bootstrap.config(settings);
            } catch (ConfigException e) {
                throw namedByFlag(e, flags);
            }
            return serve(config);
        }
        boolean blandKey = Optional.ofNullable(settings.get("BLAND_API_KEY")).filter(key -> !key.isBlank()).isPresent();
        if (command.equals("reconcile") && !blandKey
                && !"simulated".equalsIgnoreCase(settings.getOrDefault("RINGBACK_TELEPHONY", "bland").strip())) {
            // The server's own message advises a --telephony flag, which this command does not take.
            throw new ConfigException("reconcile asks Bland about overdue calls: set BLAND_API_KEY"
                    + " (with RINGBACK_TELEPHONY=simulated it settles trial mode's simulated calls)");
        }
        // Operator commands never place calls: do not demand a Bland key for them (reconcile asks Bland, so it may).
        if (!command.equals("reconcile")) {
            settings.putIfAbsent("RINGBACK_TELEPHONY", "simulated");
            if (!blandKey) {
                settings.put("RINGBACK_TELEPHONY", "simulated");
            }
        }
        RingbackConfig config = Bootstrap.config(settings);
        if (command.equals("add-user")) {
            // All that can be checked before the file is created: a refused add-user must not leave a new database behind.
            required(flags, "name");
            Optional.ofNullable(flags.get("id")).ifPresent(UserId::new);
            requireKnownPlan(config, flags.getOrDefault("plan", "pro"));
        }
        if (command.equals("set-plan")) {
            requireKnownPlan(config, required(flags, "plan"));
        }
        if (command.equals("forget-user") && !flags.containsKey("yes")) {
            throw new MissingFlag("forget-user deletes user " + required(flags, "user") + " and everything held of them"
                    + " for good: add --yes");
        }
        if (command.equals("restore")) {
            return restore(config, Path.of(required(flags, "from")));
        }
        if (command.equals("rotate-secret-key")) {
            return rotateSecretKey(config, settings);
        }
        Path file = config.persistence().databaseFile();
        // Only the first command on a new host creates the file: any other, given a mistyped path,
        // made an empty database and reported an empty outbox or an unknown user from it.
        if (!command.equals("add-user") && !Files.exists(file)) {
            err.println("error: no database at " + file + " (set --db or RINGBACK_DB to the server's file;"
                    + " add-user or serve creates a new one)");
            return FAILED;
        }
        RingbackComponent component = RingbackComponent.create(config);
        // Opened here rather than on first use: a file that cannot be opened is one line, not a trace.
        Bootstrap.openDatabase(component, config);
        AtomicBoolean closed = new AtomicBoolean();
        Runnable close = () -> {
            if (closed.compareAndSet(false, true)) {
                component.database().close();
            }
        };
        // Ctrl-C on a command waiting for a machine (detect-gateway) or for Bland (reconcile): its
        // run marker left behind would read as a crash at the next start, and put deliveries in doubt.
        Thread onStop = new Thread(close, "ringback-cli-stop");
        Runtime.getRuntime().addShutdownHook(onStop);
        try {
            return operate(component, config, command, flags, settings);
        } catch (RuntimeException e) {
            // A full disk, an I/O error, a lock held too long: SQLite's words, not a stack trace.
            Optional<String> sqlite = Bootstrap.sqliteReason(e);
            if (sqlite.isEmpty()) {
                throw e;
            }
            err.println("error: the database " + file + " failed: " + sqlite.get());
            return FAILED;
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(onStop);
            } catch (IllegalStateException stopping) {
                // The JVM is stopping: the hook closes the database.
            }
            close.run();
        }
    }

    /** Before anything opens the database: a restore is refused while any process has it open, this one included. */
    private int restore(RingbackConfig config, Path backup) {
        RestoreReport restored = SqlitePersistence.restore(config.persistence(), backup);
        out.println("restored " + backup.toAbsolutePath().normalize() + " into "
                + config.persistence().databaseFile().toAbsolutePath().normalize() + " (schema version "
                + restored.backupSchemaVersion() + (restored.backupSchemaVersion() == restored.schemaVersion()
                        ? "" : ", now " + restored.schemaVersion()) + ")");
        if (restored.deliveriesInDoubt() > 0) {
            out.println(restored.deliveriesInDoubt() + " deliveries owed by the backup will be sent as resends, after a"
                    + " look at each conversation's history");
        }
        return OK;
    }

    /** The new key from the environment only: on the command line it would show in the process list. */
    private int rotateSecretKey(RingbackConfig config, Map<String, String> settings) {
        String newKey = Optional.ofNullable(settings.get("RINGBACK_NEW_SECRET_KEY")).filter(key -> !key.isBlank())
                .orElseThrow(() -> new ConfigException("rotate-secret-key reads the new key from RINGBACK_NEW_SECRET_KEY"
                        + " (base64 of 32 random bytes: openssl rand -base64 32)"));
        if (newKey.strip().equals(Optional.ofNullable(settings.get("RINGBACK_SECRET_KEY")).map(String::strip).orElse(""))) {
            throw new ConfigException("RINGBACK_NEW_SECRET_KEY is the current RINGBACK_SECRET_KEY: nothing to rotate");
        }
        int sealed = SqlitePersistence.rotateSecretKey(config.persistence(),
                RingbackConfig.secretCipher("RINGBACK_NEW_SECRET_KEY", newKey));
        out.println(sealed + " stored secrets sealed with the new key; start the server with RINGBACK_SECRET_KEY set to it"
                + " (backups taken before now still need the old key)");
        return OK;
    }

    /**
     * The server counts a plan it does not know as no minutes (the platform's rule, for stored
     * users): an operator's typo there would leave the user's every call refused with a 403.
     */
    private static void requireKnownPlan(RingbackConfig config, String plan) {
        if (!config.plans().knows(plan)) {
            throw new InvalidInputException("unknown plan " + plan.strip() + ": one of "
                    + String.join(", ", config.plans().names()) + " (RINGBACK_PLAN_MINUTES)");
        }
    }

    /**
     * A machine's settings changed: what its old ones held back (the gateway's refusals, which it
     * says never to retry without a change; an address it could not be reached at) goes again, and
     * what they left waiting for a retry goes now.
     */
    static void replayHeldBack(RingbackComponent component, Machine machine, PrintStream out) {
        int replayed = component.replayDeliveries().replayHeldBack(machine.id());
        if (replayed > 0) {
            out.println(replayed + " failed or dead deliveries of this machine queued again with its new settings"
                    + " (a running server sends them within a second)");
        }
        // Those its old settings left waiting for a retry (an address it no longer answered at) need not wait out their backoff.
        int brought = component.replayDeliveries().bringWaitingForward(machine.id());
        if (brought > 0) {
            out.println(brought + " deliveries of this machine waiting for a retry are due now");
        }
    }

    private int operate(RingbackComponent component, RingbackConfig config, String command, Map<String, String> flags,
            Map<String, String> settings) {
        switch (command) {
            case "add-user": {
                User user = component.registerUser().register(new RegisterUserUseCase.Command(
                        Optional.ofNullable(flags.get("id")), required(flags, "name"), flags.getOrDefault("plan", "pro")));
                out.println(user.id().value());
                return OK;
            }
            case "add-machine": {
                UserId user = new UserId(required(flags, "user"));
                Optional<Machine> before = component.machines().findByUser(user);
                // An update keeps every setting the operator did not pass: re-running the command to
                // rotate a token must not move a machine off the route detect-gateway chose for it.
                Set<String> agents = Optional.ofNullable(flags.get("agents"))
                        .map(list -> Arrays.stream(list.split(",")).map(String::strip).filter(a -> !a.isEmpty())
                                .collect(Collectors.toSet()))
                        .orElseGet(() -> before.map(Machine::allowedAgentIds).orElse(Set.of(SessionKey.DEFAULT_AGENT)));
                NotifierRoute route = Optional.ofNullable(flags.get("route")).map(NotifierRoute::fromWireName)
                        .orElseGet(() -> before.map(Machine::route).orElse(NotifierRoute.HOOKS));
                boolean fileServer = Optional.ofNullable(flags.get("file-server")).map(Cli::yesOrNo)
                        .orElseGet(() -> before.map(Machine::fileServer).orElse(true));
                String appUrl = flags.containsKey("app-url") || before.isEmpty() ? required(flags, "app-url")
                        : before.get().appUrl().toString();
                Machine machine = component.registerMachine().register(new RegisterMachineUseCase.Command(
                        user, Optional.ofNullable(flags.get("id")), appUrl,
                        secretFlag(flags, settings, "gateway-token", "RINGBACK_GATEWAY_TOKEN",
                                before.map(m -> m.gatewayToken().value())),
                        secretFlag(flags, settings, "hook-token", "RINGBACK_HOOK_TOKEN",
                                before.map(m -> m.hookToken().value())),
                        kept(flags, "hooks-path", before.map(Machine::hooksPath), Machine.DEFAULT_HOOKS_PATH), agents, route,
                        kept(flags, "ws-path", before.map(Machine::websocketPath), defaultWebSocketPath(appUrl)),
                        fileServer));
                out.println("machine " + machine.id().value() + " registered for user " + machine.userId().value()
                        + ", route " + machine.route().wireName() + ", transcripts "
                        + (machine.fileServer() ? "written to its file server" : "in the notification only"));
                if (before.isPresent() && before.get().route() != machine.route()) {
                    out.println("route changed from " + before.get().route().wireName() + " to " + machine.route().wireName());
                }
                if (before.isPresent() && !before.get().equals(machine)) {
                    replayHeldBack(component, machine, out);
                }
                out.println("Gateway configuration for this machine:");
                out.print(HooksConfig.render(machine));
                return OK;
            }
            case "assign-number": {
                User user = component.assignPhoneNumber().assign(new UserId(required(flags, "user")),
                        required(flags, "number"), Optional.ofNullable(flags.get("voice-id")));
                out.println("user " + user.id().value() + " now calls from " + user.phoneNumber().map(n -> n.e164()).orElse("?"));
                return OK;
            }
            case "issue-token": {
                out.println(component.issueDashboardToken().issue(new UserId(required(flags, "user"))));
                return OK;
            }
            case "set-plan": {
                User user = component.changePlan().changePlan(new UserId(required(flags, "user")), required(flags, "plan"));
                out.println("user " + user.id().value() + " is on plan " + user.plan() + " ("
                        + config.plans().monthlyMinutes(user.plan()) + " minutes a month)");
                return OK;
            }
            case "revoke-tokens": {
                UserId user = new UserId(required(flags, "user"));
                int revoked = component.revokeDashboardTokens().revokeAll(user);
                out.println("revoked " + revoked + " dashboard token" + (revoked == 1 ? "" : "s") + " of user " + user.value());
                return OK;
            }
            case "deliveries":
                return new DeliveryCommands(component.listDeliveries(), component.replayDeliveries(),
                        machine -> component.machines().findById(machine).isPresent(), out, err)
                        .run(flags);
            case "reconcile":
                out.println(ReconcileReport.render(component.reconcileOverdueCalls().reconcile()));
                return OK;
            case "forget-user": {
                UserId user = new UserId(required(flags, "user"));
                ErasureReport erased = component.database().forgetUser(user);
                out.println("user " + user.value() + " forgotten: " + erased.calls() + " calls, " + erased.deliveries()
                        + " deliveries, " + erased.machines() + " machine, " + erased.dashboardTokens() + " dashboard tokens deleted");
                return OK;
            }
            case "backup": {
                BackupReport backup = component.database().backupTo(Path.of(required(flags, "to")));
                out.println("backup written to " + backup.file() + " (" + backup.bytes() + " bytes, schema version "
                        + backup.schemaVersion() + "); restore it with: ringback restore --from " + backup.file() + " --db "
                        + config.persistence().databaseFile().toAbsolutePath().normalize());
                return OK;
            }
            case "users": {
                if (!flags.containsKey("user")) {
                    out.print(UserListing.render(component.listUsers().users()));
                    return OK;
                }
                UserId user = new UserId(required(flags, "user"));
                Optional<ListUsersUseCase.UserOverview> overview = component.listUsers().user(user);
                if (overview.isEmpty()) {
                    err.println("error: no user " + user.value());
                    return FAILED;
                }
                out.print(UserListing.render(overview.get()));
                return OK;
            }
            case "hooks-config": {
                UserId user = new UserId(required(flags, "user"));
                Optional<Machine> machine = component.machines().findByUser(user);
                if (machine.isEmpty()) {
                    err.println("error: user " + user.value() + " has no machine");
                    return FAILED;
                }
                out.print(HooksConfig.render(machine.get()));
                return OK;
            }
            case "detect-gateway":
                return GatewayDetection.run(component, new UserId(required(flags, "user")), flags.containsKey("apply"), out, err);
            default:
                throw new IllegalStateException("unhandled command " + command);
        }
    }

    private int serve(RingbackConfig config) {
        ServerStart<RingbackServer> start = new ServerStart<>();
        CountDownLatch stopped = new CountDownLatch(1);
        // What the server logs while it stops must still reach the log (ServerLogManager).
        ServerLogManager.holdHandlers();
        // Before the start: a SIGTERM while it runs must still close the database it opened.
        Thread onStop = new Thread(() -> {
            try {
                start.stop();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            } finally {
                ServerLogManager.releaseHandlers();
                stopped.countDown();
            }
        }, "ringback-shutdown");
        Runtime.getRuntime().addShutdownHook(onStop);
        StartWarmup.begin(StartWarmup.forServe());
        Optional<RingbackServer> started;
        try {
            started = start.start(() -> Bootstrap.startServer(config));
        } catch (RuntimeException e) {
            try {
                Runtime.getRuntime().removeShutdownHook(onStop);
                ServerLogManager.letGo();
            } catch (IllegalStateException stopping) {
                // The JVM is stopping: the hook releases the handlers.
            }
            throw e;
        }
        if (started.isEmpty() || stopped.getCount() == 0) {
            // Stopped while starting: not serving, whatever the start got to.
            return OK;
        }
        out.println("Ringback is serving on port " + started.get().port() + "; stop with Ctrl-C (SIGTERM).");
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return OK;
    }

    private static ConfigException namedByFlag(ConfigException refused, Map<String, String> flags) {
        String message = refused.getMessage();
        for (Map.Entry<String, String> flag : SERVE_FLAGS.entrySet()) {
            if (flags.containsKey(flag.getKey()) && message.startsWith(flag.getValue())) {
                return new ConfigException("--" + flag.getKey() + " (" + flag.getValue() + ")"
                        + message.substring(flag.getValue().length()));
            }
        }
        return refused;
    }

    private static void override(Map<String, String> settings, Map<String, String> flags, String flag, String variable) {
        if (flags.containsKey(flag)) {
            if (flags.get(flag).isBlank()) {
                // Blank reads as unset, which would be the default (./ringback.db for --db), not the environment's.
                throw new MissingFlag("--" + flag + " needs a value");
            }
            settings.put(variable, flags.get(flag));
        }
    }

    private static String required(Map<String, String> flags, String name) {
        String value = flags.get(name);
        if (value == null || value.isBlank()) {
            throw new MissingFlag("missing --" + name);
        }
        return value;
    }

    private static boolean yesOrNo(String value) {
        switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "yes":
                return true;
            case "no":
                return false;
            default:
                throw new InvalidInputException("--file-server takes yes or no");
        }
    }

    /** The hosted platform's '/ws' for its apps, the root for a bare gateway; a bad URL is refused later, by name. */
    private static String defaultWebSocketPath(String appUrl) {
        try {
            return Machine.defaultWebSocketPathFor(URI.create(appUrl == null ? "" : appUrl.strip()));
        } catch (IllegalArgumentException unreadable) {
            return Machine.DEFAULT_WEBSOCKET_PATH;
        }
    }

    /** The flag's value; else the existing machine's setting; else the default for a new machine. */
    private static String kept(Map<String, String> flags, String flag, Optional<String> existing, String fallback) {
        return Optional.ofNullable(flags.get(flag)).orElseGet(() -> existing.orElse(fallback));
    }

    /** The flag, else the environment variable, else what the machine holds already (an update rotating the other token). */
    private static String secretFlag(Map<String, String> flags, Map<String, String> settings, String flag, String variable,
            Optional<String> stored) {
        String value = flags.getOrDefault(flag, settings.get(variable));
        if (value == null && stored.isPresent()) {
            return stored.get();
        }
        if (value == null || value.isBlank()) {
            throw new MissingFlag("missing --" + flag + " (or " + variable + ")");
        }
        return value;
    }

    /** {@code --name value} and {@code --name=value}; {@code --help} alone. */
    /**
     * {@code known} are the command's flags: any other is named as unknown where it stands, before
     * it could take the next flag for its value. A flag's value never starts with {@code --} (a
     * value that does is given as {@code --flag=--value}): a forgotten value is named as such.
     */
    private static Map<String, String> flags(String[] args, Set<String> known) {
        Map<String, String> flags = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--") || arg.length() == 2) {
                throw new IllegalArgumentException("unexpected argument: " + arg);
            }
            String name = arg.substring(2);
            int eq = name.indexOf('=');
            String flag = eq > 0 ? name.substring(0, eq) : name;
            if (!flag.equals("help") && !known.contains(flag)) {
                throw new IllegalArgumentException("unknown flag: --" + flag);
            }
            if (flag.equals("help") || flag.equals("apply") || flag.equals("yes")) {
                if (eq > 0) {
                    // "--yes=no" reads as a no: taken as a yes, it deleted a user.
                    throw new IllegalArgumentException("--" + flag + " takes no value");
                }
                flags.put(name, "");
            } else if (eq > 0) {
                flags.put(flag, name.substring(eq + 1));
            } else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                flags.put(name, args[++i]);
            } else {
                throw new IllegalArgumentException("--" + name + " needs a value");
            }
        }
        return flags;
    }

    static String usage() {
        StringBuilder text = new StringBuilder("usage: ringback <command> [flags]   (ringback <command> --help)\n\ncommands:\n");
        COMMANDS.values().forEach(line -> text.append("  ").append(line.replace("\n", "\n  ")).append("\n\n"));
        return text.toString();
    }

    private static final class MissingFlag extends RuntimeException {
        private static final long serialVersionUID = 1L;

        MissingFlag(String message) {
            super(message);
        }
    }
}
