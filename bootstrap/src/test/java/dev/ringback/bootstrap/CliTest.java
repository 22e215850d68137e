package dev.ringback.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.ringback.adapters.openclaw.testing.FakeOldOpenClawGateway;
import dev.ringback.adapters.persistence.PersistenceSettings;
import dev.ringback.adapters.persistence.SqlitePersistence;
import dev.ringback.application.testing.Fixtures;
import dev.ringback.application.testing.SequentialIds;
import dev.ringback.domain.account.Machine;
import dev.ringback.domain.account.NotifierRoute;
import dev.ringback.domain.account.TokenHash;
import dev.ringback.domain.account.UserId;
import dev.ringback.domain.call.CallRecord;
import dev.ringback.domain.delivery.AttemptResult;
import dev.ringback.domain.delivery.Delivery;
import dev.ringback.domain.delivery.DeliveryState;
import dev.ringback.domain.delivery.RetryPolicy;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private Map<String, String> env;

    @BeforeEach
    void environment() {
        env = new HashMap<>();
        env.put("RINGBACK_DB", dir.resolve("ringback.db").toString());
    }

    private int run(String... args) {
        out.reset();
        err.reset();
        return new Cli(env, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8)).run(args);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void helpListsEveryCommandAndEachCommandHasItsOwn() {
        assertThat(run("--help")).isEqualTo(Cli.OK);
        assertThat(out()).contains("serve", "add-user", "add-machine", "assign-number", "issue-token", "hooks-config");
        for (String command : new String[] {"serve", "add-user", "add-machine", "assign-number", "issue-token", "hooks-config",
            "detect-gateway", "backup", "restore", "rotate-secret-key", "forget-user", "users"}) {
            assertThat(run(command, "--help")).isEqualTo(Cli.OK);
            assertThat(out()).startsWith("usage: ringback " + command);
        }
        assertThat(run()).isEqualTo(Cli.USAGE);
        assertThat(run("dial-everyone")).isEqualTo(Cli.USAGE);
        assertThat(err()).contains("unknown command");
    }

    @Test
    void anOperatorRegistersAUserTheirMachineNumberAndDashboardToken() {
        assertThat(run("add-user", "--name", "Ada", "--plan", "pro", "--id", "ada")).isEqualTo(Cli.OK);
        assertThat(out().strip()).isEqualTo("ada");

        env.put("RINGBACK_HOOK_TOKEN", "hook-secret-1");
        assertThat(run("add-machine", "--user", "ada", "--app-url", "https://ada-app.fly.dev",
                "--gateway-token", "gw-secret-1")).isEqualTo(Cli.OK);
        assertThat(out()).contains("allowRequestSessionKey: true", "\"agent:main:\", \"hook:\"", "token: \"hook-secret-1\"");

        assertThat(run("assign-number", "--user", "ada", "--number", "(202) 555-0143")).isEqualTo(Cli.OK);
        assertThat(out()).contains("+12025550143");

        assertThat(run("issue-token", "--user", "ada")).isEqualTo(Cli.OK);
        String token = out().strip();
        assertThat(token).startsWith("rbk_").hasSizeGreaterThan(40);

        try (SqlitePersistence db = SqlitePersistence.open(PersistenceSettings.durable(dir.resolve("ringback.db")))) {
            assertThat(db.dashboardTokens().findUser(TokenHash.of(token))).contains(new UserId("ada"));
            assertThat(db.machines().findByGatewayTokenHash(TokenHash.of("gw-secret-1")))
                    .hasValueSatisfying(m -> assertThat(m.route()).isEqualTo(NotifierRoute.HOOKS))
                    .hasValueSatisfying(m -> assertThat(m.websocketPath()).as("a hosted app's").isEqualTo("/ws"));
            assertThat(db.users().findById(new UserId("ada")).orElseThrow().phoneNumber()).isPresent();
        }
    }

    /** A user moving to another plan mid-month: before, only SQL could do it. */
    @Test
    void anOperatorMovesAUserToAnotherPlan() {
        run("add-user", "--name", "Ada", "--id", "ada", "--plan", "starter");

        assertThat(run("set-plan", "--user", "ada", "--plan", "Power")).isEqualTo(Cli.OK);
        assertThat(out().strip()).as("stored as the plan's own name").isEqualTo("user ada is on plan power (120 minutes a month)");
        try (SqlitePersistence db = SqlitePersistence.open(PersistenceSettings.durable(dir.resolve("ringback.db")))) {
            assertThat(db.users().findById(new UserId("ada")).orElseThrow().plan()).isEqualTo("power");
        }

        assertThat(run("set-plan", "--user", "ada", "--plan", "prp")).isEqualTo(Cli.FAILED);
        assertThat(err()).contains("unknown plan prp");
        assertThat(run("set-plan", "--user", "nobody", "--plan", "pro")).isEqualTo(Cli.FAILED);
        assertThat(err()).contains("no user nobody");
        assertThat(run("set-plan", "--user", "ada")).isEqualTo(Cli.USAGE);
        assertThat(run("set-plan", "--help")).isEqualTo(Cli.OK);
        assertThat(out()).startsWith("usage: ringback set-plan");
    }

    /** A dashboard token leaked (it reads transcripts and the gateway's token): the operator ends it. */
    @Test
    void anOperatorRevokesAUsersDashboardTokens() {
        run("add-user", "--name", "Ada", "--id", "ada");
        run("add-user", "--name", "Bob", "--id", "bob");
        run("issue-token", "--user", "ada");
        String first = out().strip();
        run("issue-token", "--user", "ada");
        String second = out().strip();
        run("issue-token", "--user", "bob");
        String bobs = out().strip();

        assertThat(run("revoke-tokens", "--user", "ada")).isEqualTo(Cli.OK);
        assertThat(out().strip()).isEqualTo("revoked 2 dashboard tokens of user ada");

        try (SqlitePersistence db = SqlitePersistence.open(PersistenceSettings.durable(dir.resolve("ringback.db")))) {
            assertThat(db.dashboardTokens().findUser(TokenHash.of(first))).isEmpty();
            assertThat(db.dashboardTokens().findUser(TokenHash.of(second))).isEmpty();
            assertThat(db.dashboardTokens().findUser(TokenHash.of(bobs))).contains(new UserId("bob"));
        }
        assertThat(run("revoke-tokens", "--user", "nobody")).isNotEqualTo(Cli.OK);
        assertThat(err()).contains("no user nobody");
        assertThat(run("revoke-tokens", "--help")).isEqualTo(Cli.OK);
        assertThat(out()).startsWith("usage: ringback revoke-tokens");
    }

    @Test
    void oldGatewaysGetTheChatRouteConfiguration() {
        run("add-user", "--name", "Bob", "--id", "bob");
        assertThat(run("add-machine", "--user", "bob", "--app-url", "https://bob.fly.dev", "--gateway-token", "gw-2",
                "--hook-token", "hook-2", "--route", "chat")).isEqualTo(Cli.OK);
        assertThat(out()).contains("idleMinutes").doesNotContain("allowRequestSessionKey");
        assertThat(run("hooks-config", "--user", "bob")).isEqualTo(Cli.OK);
        assertThat(out()).contains("session: { reset: { mode: \"idle\"", "Ringback connects to wss://bob.fly.dev/ws (set with --ws-path)");
    }

    @Test
    void detectGatewayRecommendsTheChatRouteForAnOldGatewayAndAppliesIt() {
        int port;
        try (FakeOldOpenClawGateway old = FakeOldOpenClawGateway.builder().websocketPath("/ws").start()) {
            port = old.port();
            run("add-user", "--name", "Dee", "--id", "dee");
            assertThat(run("add-machine", "--user", "dee", "--app-url", old.baseUri().toString(), "--gateway-token",
                    old.gatewayToken(), "--hook-token", old.hookToken(), "--ws-path", "/ws")).isEqualTo(Cli.OK);

            assertThat(run("detect-gateway", "--user", "dee")).isEqualTo(Cli.OK);
            assertThat(out()).contains("gateway version: 2026.1.30 (protocol 3)", "recommended route: chat (current: hooks)",
                    "--apply", "mode: \"idle\"").doesNotContain("allowRequestSessionKey");
            assertThat(route("dee")).isEqualTo(NotifierRoute.HOOKS);
            Delivery refused = refusedNotificationOf("dee");

            assertThat(run("detect-gateway", "--apply", "--user", "dee")).isEqualTo(Cli.OK);
            assertThat(out()).contains("set to chat", "1 failed or dead deliveries of this machine queued again");
            assertThat(route("dee")).isEqualTo(NotifierRoute.CHAT);
            assertThat(stateOf(refused)).isEqualTo(DeliveryState.PENDING);
            assertThat(old.chatSends()).isEmpty();
        }
        assertThat(run("detect-gateway", "--user", "dee")).isEqualTo(Cli.FAILED);
        assertThat(err()).contains("not reachable over WebSocket at ws://127.0.0.1:" + port + "/ws: connection refused")
                .doesNotContain("Exception");
        assertThat(run("detect-gateway", "--user", "nobody")).isEqualTo(Cli.FAILED);
        assertThat(err()).contains("has no machine");
    }

    @Test
    void reRunningAddMachineToRotateATokenKeepsTheSettingsItWasNotGiven() {
        run("add-user", "--name", "Eve", "--id", "eve");
        assertThat(run("add-machine", "--user", "eve", "--app-url", "https://eve.fly.dev", "--gateway-token", "gw-1",
                "--hook-token", "hook-1", "--route", "chat", "--ws-path", "/ws", "--hooks-path", "/in",
                "--agents", "main,ops")).isEqualTo(Cli.OK);

        assertThat(run("add-machine", "--user", "eve", "--app-url", "https://eve.fly.dev", "--gateway-token", "gw-1",
                "--hook-token", "hook-2")).isEqualTo(Cli.OK);

        assertThat(out()).contains("route chat").doesNotContain("route changed");
        try (SqlitePersistence db = SqlitePersistence.open(PersistenceSettings.durable(dir.resolve("ringback.db")))) {
            Machine machine = db.machines().findByUser(new UserId("eve")).orElseThrow();
            assertThat(machine.route()).isEqualTo(NotifierRoute.CHAT);
            assertThat(machine.websocketPath()).isEqualTo("/ws");
            assertThat(machine.hooksPath()).isEqualTo("/in");
            assertThat(machine.allowedAgentIds()).containsExactlyInAnyOrder("main", "ops");
            assertThat(machine.hookToken().value()).isEqualTo("hook-2");
        }

        assertThat(run("add-machine", "--user", "eve", "--app-url", "https://eve.fly.dev", "--gateway-token", "gw-1",
                "--hook-token", "hook-2", "--route", "hooks")).isEqualTo(Cli.OK);
        assertThat(out()).contains("route changed from chat to hooks");
    }

    @Test
    void rotatingOneTokenNeedsNeitherTheOtherNorTheAppUrl() {
        run("add-user", "--name", "Gil", "--id", "gil");
        assertThat(run("add-machine", "--user", "gil", "--hook-token", "hook-1", "--gateway-token", "gw-1"))
                .as("a new machine needs its app URL").isEqualTo(Cli.USAGE);
        assertThat(err()).contains("missing --app-url");
        assertThat(run("add-machine", "--user", "gil", "--app-url", "https://gil.fly.dev", "--gateway-token", "gw-1",
                "--hook-token", "hook-1")).isEqualTo(Cli.OK);

        assertThat(run("add-machine", "--user", "gil", "--hook-token", "hook-2")).isEqualTo(Cli.OK);

        try (SqlitePersistence db = SqlitePersistence.open(PersistenceSettings.durable(dir.resolve("ringback.db")))) {
            Machine gil = db.machines().findByUser(new UserId("gil")).orElseThrow();
            assertThat(gil.hookToken().value()).isEqualTo("hook-2");
            assertThat(gil.gatewayToken().value()).isEqualTo("gw-1");
            assertThat(gil.appUrl()).hasToString("https://gil.fly.dev");
            assertThat(gil.websocketPath()).isEqualTo("/ws");
        }
    }

    @Test
    void aBareGatewayIsRegisteredWithoutAFileServerAndKeepsThatOnUpdate() {
        run("add-user", "--name", "Fay", "--id", "fay");
        assertThat(run("add-machine", "--user", "fay", "--app-url", "http://192.168.1.20:18789", "--gateway-token", "gw-1",
                "--hook-token", "hook-1", "--file-server", "no")).isEqualTo(Cli.OK);
        assertThat(out()).contains("transcripts in the notification only");

        assertThat(run("add-machine", "--user", "fay", "--app-url", "http://192.168.1.20:18789", "--gateway-token", "gw-1",
                "--hook-token", "hook-2")).isEqualTo(Cli.OK);
        try (SqlitePersistence db = SqlitePersistence.open(PersistenceSettings.durable(dir.resolve("ringback.db")))) {
            Machine fay = db.machines().findByUser(new UserId("fay")).orElseThrow();
            assertThat(fay.fileServer()).isFalse();
            assertThat(fay.websocketPath()).as("a bare gateway's root").isEqualTo("/");
        }

        assertThat(run("add-machine", "--user", "fay", "--app-url", "http://192.168.1.20:18789", "--gateway-token", "gw-1",
                "--hook-token", "hook-2", "--file-server", "maybe")).isEqualTo(Cli.FAILED);
        assertThat(err()).contains("--file-server takes yes or no");
    }

    /** A call of the user's machine whose notification the gateway refused (as one on the wrong route is). */
    private Delivery refusedNotificationOf(String user) {
        try (SqlitePersistence db = SqlitePersistence.open(PersistenceSettings.durable(dir.resolve("ringback.db")))) {
            Machine machine = db.machines().findByUser(new UserId(user)).orElseThrow();
            Instant at = Instant.parse("2025-01-15T10:00:00Z");
            CallRecord call = Fixtures.outboundCall("call-of-" + user, machine, at);
            db.calls().insert(call);
            CallRecord ended = Fixtures.completed(call, 60, at.plusSeconds(60));
            List<Delivery> owed = Fixtures.deliveriesFor(ended, new SequentialIds("delivery-"), at.plusSeconds(60));
            db.calls().recordCompletion(ended, owed);
            Delivery refused = owed.get(0).afterAttempt(new AttemptResult.Refused("HTTP 404"), at.plusSeconds(61),
                    RetryPolicy.DEFAULT, 0);
            db.deliveries().save(refused);
            return refused;
        }
    }

    private DeliveryState stateOf(Delivery delivery) {
        try (SqlitePersistence db = SqlitePersistence.open(PersistenceSettings.durable(dir.resolve("ringback.db")))) {
            return db.deliveries().findById(delivery.id()).orElseThrow().deliveryState();
        }
    }

    private NotifierRoute route(String user) {
        try (SqlitePersistence db = SqlitePersistence.open(PersistenceSettings.durable(dir.resolve("ringback.db")))) {
            var machine = db.machines().findByUser(new UserId(user)).orElseThrow();
            assertThat(machine.websocketPath()).isEqualTo("/ws");
            return machine.route();
        }
    }

    @Test
    void mistakesGetAClearMessageAndAUsefulExitCode() {
        assertThat(run("add-user", "--plan", "pro")).isEqualTo(Cli.USAGE);
        assertThat(err()).contains("missing --name");
        assertThat(run("add-user", "--name")).isEqualTo(Cli.USAGE);
        run("add-user", "--name", "Cy", "--id", "cy");
        assertThat(run("assign-number", "--user", "cy", "--number", "555")).isEqualTo(Cli.FAILED);
        assertThat(err()).contains("Invalid US phone number");
        assertThat(run("assign-number", "--user", "cy", "--number", "(202) 555-0199", "--voice-id", "v".repeat(201)))
                .as("a voice the call API would refuse").isEqualTo(Cli.FAILED);
        assertThat(err()).contains("a voice id is at most 200 characters");
        assertThat(run("add-machine", "--user", "cy", "--app-url", "https://cy.fly.dev", "--gateway-token", "same",
                "--hook-token", "same")).isEqualTo(Cli.FAILED);
        assertThat(err()).contains("must differ");
        assertThat(run("add-machine", "--user", "nobody", "--app-url", "https://x.fly.dev", "--gateway-token", "a",
                "--hook-token", "b")).isEqualTo(Cli.FAILED);
        assertThat(err()).contains("no user nobody");
        assertThat(run("hooks-config", "--user", "cy")).isEqualTo(Cli.FAILED);
        assertThat(err()).contains("has no machine");
    }
    /** What keeps {@code serve} from starting is one line and status 1, never a stack trace. */
    @Test
    void serveOnAPortAlreadyTakenSaysSoInOneLine() throws Exception {
        env.put("RINGBACK_HOST", "127.0.0.1");
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int status = assertTimeoutPreemptively(Duration.ofSeconds(60),
                    () -> run("serve", "--telephony", "simulated", "--port", String.valueOf(taken.getLocalPort())));

            assertThat(status).isEqualTo(Cli.FAILED);
            assertOneErrorLine("error: cannot listen on 127.0.0.1:" + taken.getLocalPort() + ": ");
        }
    }

    /** Bland could not reach a server started like this, nor would it trust what arrived: it does not start. */
    @Test
    void serveWithBlandButNoPublicUrlStartsNothing() {
        env.put("RINGBACK_HOST", "127.0.0.1");
        env.put("BLAND_API_KEY", "key-for-the-test");
        env.put("BLAND_WEBHOOK_SECRET", "whsec-for-the-test");

        int status = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> run("serve", "--port", "0"));

        assertThat(status).isEqualTo(Cli.FAILED);
        assertOneErrorLine("error: RINGBACK_PUBLIC_URL is required with RINGBACK_TELEPHONY=bland");
        assertThat(Path.of(env.get("RINGBACK_DB"))).as("nothing half-started").doesNotExist();
    }

    @Test
    void serveOnADatabaseItCannotOpenSaysSoInOneLine() throws Exception {
        Path directory = Files.createDirectory(dir.resolve("a-directory.db"));
        env.put("RINGBACK_DB", directory.toString());
        env.put("RINGBACK_HOST", "127.0.0.1");

        assertThat(run("serve", "--telephony", "simulated", "--port", "0")).isEqualTo(Cli.FAILED);
        assertOneErrorLine("error: cannot open the database " + directory + ": ");
        // The operator commands open it the same way.
        assertThat(run("add-user", "--name", "Ada")).isEqualTo(Cli.FAILED);
        assertOneErrorLine("error: cannot open the database " + directory + ": ");
    }

    @Test
    void serveOnADatabaseOfANewerVersionSaysSoInOneLine() throws Exception {
        assertThat(run("add-user", "--name", "Ada", "--id", "ada")).isEqualTo(Cli.OK);
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + env.get("RINGBACK_DB"));
                Statement statement = connection.createStatement()) {
            statement.executeUpdate("INSERT INTO schema_version (version, description, applied_at)"
                    + " VALUES (9999, 'from the future', '2099-01-01T00:00:00Z')");
        }
        env.put("RINGBACK_HOST", "127.0.0.1");

        assertThat(run("serve", "--telephony", "simulated", "--port", "0")).isEqualTo(Cli.FAILED);
        assertOneErrorLine("error: cannot open the database " + env.get("RINGBACK_DB") + ": ");
        assertThat(err()).contains("9999");
    }

    /** A mistyped flag is refused, not ignored: {@code --plna power} must not register a pro user. */
    @Test
    void anUnknownFlagIsRefusedAndNothingIsWritten() {
        assertThat(run("add-user", "--name", "Bo", "--id", "bo")).isEqualTo(Cli.OK);
        assertThat(run("add-user", "--name", "Ada", "--id", "ada", "--plna", "power")).isEqualTo(Cli.USAGE);
        assertThat(err()).startsWith("unknown flag: --plna").contains("usage: ringback add-user");
        assertThat(run("issue-token", "--user", "ada")).as("the user was not registered").isEqualTo(Cli.FAILED);
        assertThat(err()).contains("no user ada");

        assertThat(run("deliveries", "list", "--sate", "dead")).isEqualTo(Cli.USAGE);
        assertThat(err()).startsWith("unknown flag: --sate");
        assertThat(run("add-user", "--name", "Ada", "--apply")).as("--apply belongs to detect-gateway").isEqualTo(Cli.USAGE);
        assertThat(run("serve", "--telephony", "simulated", "--prot", "0")).isEqualTo(Cli.USAGE);
        assertThat(err()).startsWith("unknown flag: --prot");
        assertThat(run("serve", "--telephony", "simulated", "--bogus", "--db", "other.db")).as("named where it stands")
                .isEqualTo(Cli.USAGE);
        assertThat(err()).startsWith("unknown flag: --bogus");
        assertThat(run("add-user", "--name", "Q", "--plan", "--db", "other.db")).isEqualTo(Cli.USAGE);
        assertThat(err()).as("not the next flag taken for the plan").startsWith("--plan needs a value");
        assertThat(run("add-user", "--name=Q", "--id=q", "--plan=--power")).as("a value given with =").isEqualTo(Cli.FAILED);
        assertThat(err()).contains("unknown plan --power");
        assertThat(out()).isEmpty();
    }

    /** {@code --yes=no} reads as a no to whoever types it: refused, never taken as a yes. */
    @Test
    void aSwitchGivenAValueIsRefusedAndNothingIsDeleted() {
        assertThat(run("add-user", "--name", "Ada", "--id", "ada")).isEqualTo(Cli.OK);

        assertThat(run("forget-user", "--user", "ada", "--yes=no")).isEqualTo(Cli.USAGE);
        assertThat(err()).startsWith("--yes takes no value");
        assertThat(run("detect-gateway", "--user", "ada", "--apply=false")).isEqualTo(Cli.USAGE);
        assertThat(err()).startsWith("--apply takes no value");
        assertThat(run("users")).isEqualTo(Cli.OK);
        assertThat(out()).as("ada was not forgotten").contains("ada");
    }

    /** An empty --db would open ./ringback.db, or make one there, whatever RINGBACK_DB says. */
    @Test
    void anEmptyDatabaseFlagIsRefused() {
        assertThat(run("add-user", "--name", "Ada", "--db", "")).isEqualTo(Cli.USAGE);
        assertThat(err()).startsWith("--db needs a value");
        assertThat(run("add-user", "--name", "Ada", "--db=")).isEqualTo(Cli.USAGE);
        assertThat(dir.resolve("ringback.db")).doesNotExist();
    }

    /** An env file with the key left empty: the operator commands still run, as without the key. */
    @Test
    void aBlankBlandKeyDoesNotStopTheOperatorCommands() {
        env.put("RINGBACK_TELEPHONY", "bland");
        env.put("BLAND_API_KEY", " ");

        assertThat(run("add-user", "--name", "Ada", "--id", "ada")).isEqualTo(Cli.OK);
        assertThat(run("users")).isEqualTo(Cli.OK);
        assertThat(out()).contains("ada");
    }

    /** serve's flags stand in for settings: a bad value is named as the flag that was typed. */
    @Test
    void aBadServeFlagIsNamedAsTheFlag() {
        assertThat(run("serve", "--telephony", "fake")).isEqualTo(Cli.FAILED);
        assertOneErrorLine("error: --telephony (RINGBACK_TELEPHONY) must be one of");
        assertThat(run("serve", "--telephony", "simulated", "--port", "abc")).isEqualTo(Cli.FAILED);
        assertOneErrorLine("error: --port (RINGBACK_PORT) must be a whole number");
        env.put("RINGBACK_PORT", "abc");
        assertThat(run("serve", "--telephony", "simulated")).isEqualTo(Cli.FAILED);
        assertOneErrorLine("error: RINGBACK_PORT must be a whole number");
    }

    /** A mistyped --db on add-user made a file even when the command was then refused. */
    @Test
    void aRefusedAddUserCreatesNoDatabase() {
        Path fresh = dir.resolve("typo.db");

        assertThat(run("add-user", "--db", fresh.toString())).isEqualTo(Cli.USAGE);
        assertThat(run("add-user", "--db", fresh.toString(), "--name", "Z", "--id", "")).isEqualTo(Cli.FAILED);
        assertThat(err()).startsWith("error: user id must be");
        assertThat(run("add-user", "--db", fresh.toString(), "--name", "Z", "--plan", "gold")).isEqualTo(Cli.FAILED);

        assertThat(fresh).doesNotExist();
        assertThat(dir.resolve("typo.db-runs")).doesNotExist();
    }

    /** A file another process holds locked (a backup, a long migration) is one line and status 1. */
    @Test
    void aDatabaseLockedByAnotherProcessIsOneLineNotAStackTrace() throws Exception {
        assertThat(run("add-user", "--name", "Ada", "--id", "ada")).isEqualTo(Cli.OK);
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + env.get("RINGBACK_DB"));
                Statement statement = connection.createStatement()) {
            statement.execute("BEGIN EXCLUSIVE");

            assertThat(run("deliveries", "summary")).isEqualTo(Cli.FAILED);
            assertOneErrorLine("error: cannot open the database " + env.get("RINGBACK_DB") + ": ");
            assertThat(err()).contains("locked");
        }
        assertThat(run("deliveries", "summary")).isEqualTo(Cli.OK);
    }

    /**
     * A mistyped {@code --db} (or a RINGBACK_DB unset in the operator's shell) must not create an
     * empty database and report an empty outbox or an unknown user as if the server's file said so.
     */
    @Test
    void commandsThatReadTheServersFileRefuseOneThatDoesNotExistAndCreateNothing() {
        Path typo = dir.resolve("elsewhere").resolve("ringbak.db");
        env.put("BLAND_API_KEY", "key-for-the-test"); // reconcile asks for it before it opens anything
        for (String[] command : new String[][] {{"deliveries", "summary"}, {"deliveries", "list"},
            {"hooks-config", "--user", "ada"}, {"issue-token", "--user", "ada"}, {"reconcile"}}) {
            String[] args = java.util.stream.Stream.concat(java.util.Arrays.stream(command),
                    java.util.stream.Stream.of("--db", typo.toString())).toArray(String[]::new);

            assertThat(run(args)).as(String.join(" ", command)).isEqualTo(Cli.FAILED);
            assertOneErrorLine("error: no database at " + typo);
        }
        assertThat(dir.resolve("elsewhere")).doesNotExist();

        assertThat(run("add-user", "--name", "Ada", "--id", "ada", "--db", typo.toString())).as("the first command")
                .isEqualTo(Cli.OK);
        assertThat(run("deliveries", "summary", "--db", typo.toString())).isEqualTo(Cli.OK);
    }

    /** A mistyped plan gave the user no minutes, silently: every call of theirs then got the 403. */
    @Test
    void aPlanTheTableDoesNotKnowIsRefused() {
        assertThat(run("add-user", "--name", "Ada", "--id", "ada", "--plan", "prp")).isEqualTo(Cli.FAILED);
        assertOneErrorLine("error: unknown plan prp: one of power, pro, starter (RINGBACK_PLAN_MINUTES)");

        env.put("RINGBACK_PLAN_MINUTES", "starter:0,pro:60,team:500");
        assertThat(run("add-user", "--name", "Ada", "--id", "ada", "--plan", "Team")).isEqualTo(Cli.OK);
    }

    /** A store failure in the middle of a command (a full disk, an I/O error) is one line and status 1 too. */
    @Test
    void aDatabaseFailureDuringACommandIsOneLineNotAStackTrace() throws Exception {
        assertThat(run("add-user", "--name", "Ada", "--id", "ada")).isEqualTo(Cli.OK);
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + env.get("RINGBACK_DB"));
                Statement statement = connection.createStatement()) {
            // Stands in for SQLITE_FULL or SQLITE_IOERR, which a test cannot cause on demand.
            statement.execute("CREATE TRIGGER disk_full BEFORE INSERT ON users BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END");
        }

        assertThat(run("add-user", "--name", "Bo", "--id", "bo")).isEqualTo(Cli.FAILED);
        assertOneErrorLine("error: the database " + env.get("RINGBACK_DB") + " failed: ");
        assertThat(err()).contains("database or disk is full");
    }

    /** The serve advice ("use --telephony simulated") names a flag reconcile does not take. */
    @Test
    void reconcileWithoutABlandKeySaysWhatItNeeds() {
        assertThat(run("add-user", "--name", "Ada", "--id", "ada")).isEqualTo(Cli.OK);

        assertThat(run("reconcile")).isEqualTo(Cli.FAILED);
        assertOneErrorLine("error: reconcile asks Bland about overdue calls: set BLAND_API_KEY");
        assertThat(err()).doesNotContain("--telephony");
    }

    @Test
    void anOperatorBacksUpTheDatabaseAndRestoresIt() {
        assertThat(run("add-user", "--name", "Ada", "--id", "ada")).isEqualTo(Cli.OK);
        Path backup = dir.resolve("monday.db");

        assertThat(run("backup", "--to", backup.toString())).isEqualTo(Cli.OK);
        assertThat(out()).startsWith("backup written to " + backup + " (")
                .contains("restore it with: ringback restore --from " + backup + " --db " + env.get("RINGBACK_DB"));
        assertThat(run("add-user", "--name", "Bo", "--id", "bo")).isEqualTo(Cli.OK);

        assertThat(run("restore", "--from", backup.toString())).isEqualTo(Cli.OK);
        assertThat(out()).startsWith("restored " + backup + " into " + env.get("RINGBACK_DB"));
        assertThat(run("set-plan", "--user", "bo", "--plan", "power")).as("Bo came after the backup").isEqualTo(Cli.FAILED);
        assertThat(run("set-plan", "--user", "ada", "--plan", "power")).isEqualTo(Cli.OK);
    }

    @Test
    void backupAndRestoreMistakesAreOneLineAndChangeNothing() {
        assertThat(run("add-user", "--name", "Ada", "--id", "ada")).isEqualTo(Cli.OK);
        Path backup = dir.resolve("monday.db");
        assertThat(run("backup", "--to", backup.toString())).isEqualTo(Cli.OK);

        assertThat(run("backup", "--to", backup.toString())).isEqualTo(Cli.FAILED);
        assertOneErrorLine("error: " + backup + " exists: a backup never overwrites a file");
        assertThat(run("restore", "--from", dir.resolve("tuesday.db").toString())).isEqualTo(Cli.FAILED);
        assertOneErrorLine("error: no backup at " + dir.resolve("tuesday.db"));
        assertThat(run("backup")).isEqualTo(Cli.USAGE);
        assertThat(run("restore")).isEqualTo(Cli.USAGE);

        try (SqlitePersistence running = SqlitePersistence.open(PersistenceSettings.durable(Path.of(env.get("RINGBACK_DB"))))) {
            running.users().save(Fixtures.user("bo"));
            assertThat(run("restore", "--from", backup.toString())).isEqualTo(Cli.FAILED);
            assertOneErrorLine("error: a process has " + env.get("RINGBACK_DB") + " open (a running server?): stop it first");
        }
        assertThat(run("set-plan", "--user", "bo", "--plan", "power")).as("the refused restore changed nothing").isEqualTo(Cli.OK);
    }

    @Test
    void anOperatorMovesTheTokensToANewSecretKey() {
        String oldKey = java.util.Base64.getEncoder().encodeToString(new byte[32]);
        String newKey = java.util.Base64.getEncoder().encodeToString("a new key of thirty-two bytes!!!".getBytes(StandardCharsets.US_ASCII));
        env.put("RINGBACK_SECRET_KEY", oldKey);
        env.put("RINGBACK_GATEWAY_TOKEN", "gateway-token-ada");
        env.put("RINGBACK_HOOK_TOKEN", "hook-token-ada");
        assertThat(run("add-user", "--name", "Ada", "--id", "ada")).isEqualTo(Cli.OK);
        assertThat(run("add-machine", "--user", "ada", "--app-url", "http://127.0.0.1:9")).isEqualTo(Cli.OK);

        assertThat(run("rotate-secret-key")).isEqualTo(Cli.FAILED);
        assertOneErrorLine("error: rotate-secret-key reads the new key from RINGBACK_NEW_SECRET_KEY");
        env.put("RINGBACK_NEW_SECRET_KEY", "too-short");
        assertThat(run("rotate-secret-key")).isEqualTo(Cli.FAILED);
        assertOneErrorLine("error: RINGBACK_NEW_SECRET_KEY: ");
        assertThat(err()).doesNotContain("too-short");
        env.put("RINGBACK_NEW_SECRET_KEY", oldKey);
        assertThat(run("rotate-secret-key")).isEqualTo(Cli.FAILED);
        assertOneErrorLine("error: RINGBACK_NEW_SECRET_KEY is the current RINGBACK_SECRET_KEY: nothing to rotate");

        env.put("RINGBACK_NEW_SECRET_KEY", newKey);
        assertThat(run("rotate-secret-key")).isEqualTo(Cli.OK);
        assertThat(out()).startsWith("2 stored secrets sealed with the new key");

        assertThat(run("hooks-config", "--user", "ada")).as("the old key no longer opens them").isEqualTo(Cli.FAILED);
        assertThat(err()).contains("does not open with the configured secret key");
        env.put("RINGBACK_SECRET_KEY", newKey);
        assertThat(run("hooks-config", "--user", "ada")).isEqualTo(Cli.OK);
        assertThat(out()).contains("hook-token-ada");
    }

    @Test
    void anOperatorForgetsAUserOnlyWhenToldTwice() {
        env.put("RINGBACK_GATEWAY_TOKEN", "gateway-token-ada");
        env.put("RINGBACK_HOOK_TOKEN", "hook-token-ada");
        assertThat(run("add-user", "--name", "Ada", "--id", "ada")).isEqualTo(Cli.OK);
        assertThat(run("add-machine", "--user", "ada", "--app-url", "http://127.0.0.1:9")).isEqualTo(Cli.OK);
        assertThat(run("add-user", "--name", "Bo", "--id", "bo")).isEqualTo(Cli.OK);

        assertThat(run("forget-user", "--user", "ada")).isEqualTo(Cli.USAGE);
        assertThat(err()).startsWith("forget-user deletes user ada and everything held of them for good: add --yes");
        assertThat(run("hooks-config", "--user", "ada")).as("nothing deleted yet").isEqualTo(Cli.OK);

        assertThat(run("forget-user", "--user", "ada", "--yes")).isEqualTo(Cli.OK);
        assertThat(out()).isEqualTo("user ada forgotten: 0 calls, 0 deliveries, 1 machine, 0 dashboard tokens deleted\n");
        assertThat(run("hooks-config", "--user", "ada")).isEqualTo(Cli.FAILED);
        assertThat(run("set-plan", "--user", "bo", "--plan", "power")).as("Bo stays").isEqualTo(Cli.OK);
        assertThat(run("forget-user", "--user", "ada", "--yes")).isEqualTo(Cli.FAILED);
        assertOneErrorLine("error: no user ada");
    }

    @Test
    void usersListsEachAccountAndMachineWithoutTokens() {
        run("add-user", "--name", "Ada", "--plan", "pro", "--id", "ada");
        run("assign-number", "--user", "ada", "--number", "(202) 555-0143");
        assertThat(run("add-machine", "--user", "ada", "--app-url", "https://ada-app.fly.dev", "--gateway-token",
                "gw-secret-1", "--hook-token", "hook-secret-1")).isEqualTo(Cli.OK);
        run("add-user", "--name", "Bo", "--plan", "starter", "--id", "bo");

        assertThat(run("users")).isEqualTo(Cli.OK);

        List<String> lines = out().lines().toList();
        assertThat(lines).hasSize(4);
        assertThat(lines.get(0)).startsWith("ada  \"Ada\"  plan pro: 0 of 60 minutes used since ")
                .endsWith("(0 calls), number +12025550143");
        assertThat(lines.get(1)).isEqualTo("  machine " + machineOf("ada") + " at https://ada-app.fly.dev, route hooks,"
                + " transcripts to its file server, no conversation reported by its dashboard yet");
        assertThat(lines.get(2)).startsWith("bo  \"Bo\"  plan starter: 0 of 0 minutes").endsWith("number none (assign-number)");
        assertThat(lines.get(3)).startsWith("  no machine (add-machine)");
        assertThat(out()).doesNotContain("gw-secret-1").doesNotContain("hook-secret-1");

        assertThat(run("users", "--user", "bo")).isEqualTo(Cli.OK);
        assertThat(out().lines().toList()).containsExactly(lines.get(2), lines.get(3));
        assertThat(run("users", "--user", "nobody")).isEqualTo(Cli.FAILED);
        assertOneErrorLine("error: no user nobody");

        run("forget-user", "--user", "ada", "--yes");
        run("forget-user", "--user", "bo", "--yes");
        assertThat(run("users")).isEqualTo(Cli.OK);
        assertThat(out()).isEqualTo("no users yet (add-user)\n");
    }

    private String machineOf(String user) {
        try (SqlitePersistence db = SqlitePersistence.open(PersistenceSettings.durable(dir.resolve("ringback.db")))) {
            return db.machines().findByUser(new UserId(user)).orElseThrow().id().value();
        }
    }

    private void assertOneErrorLine(String start) {
        assertThat(err()).startsWith(start).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(err().strip().lines()).hasSize(1);
        assertThat(out()).isEmpty();
    }
}
