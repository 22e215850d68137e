package dev.ringback.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ringback.adapters.persistence.PersistenceSettings;
import dev.ringback.adapters.persistence.SqlitePersistence;
import dev.ringback.application.testing.Fixtures;
import dev.ringback.application.testing.SequentialIds;
import dev.ringback.domain.account.Machine;
import dev.ringback.domain.account.MachineId;
import dev.ringback.domain.account.User;
import dev.ringback.domain.call.CallRecord;
import dev.ringback.domain.delivery.AttemptResult;
import dev.ringback.domain.delivery.Delivery;
import dev.ringback.domain.delivery.DeliveryState;
import dev.ringback.domain.delivery.RetryPolicy;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ringback deliveries ...} against a real database file. */
class DeliveryCommandsTest {
    private static final Instant T0 = Instant.parse("2025-01-15T10:00:00Z");

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private Path db;
    private Delivery dead;
    private Delivery delivered;
    /** What the delivered one carried, before it dropped it. */
    private String deliveredBody;

    /** A call placed at T0 and completed a minute later, stored with what it owes (delivery ids {@code idPrefix}1, 2). */
    private static List<Delivery> completedCallOwing(SqlitePersistence persistence, Machine machine, String callId,
            String idPrefix) {
        CallRecord call = Fixtures.outboundCall(callId, machine, T0);
        persistence.calls().insert(call);
        CallRecord ended = Fixtures.completed(call, 60, T0.plusSeconds(60));
        List<Delivery> owed = Fixtures.deliveriesFor(ended, new SequentialIds(idPrefix), T0.plusSeconds(60));
        persistence.calls().recordCompletion(ended, owed);
        return owed;
    }

    @BeforeEach
    void outboxWithOneDeadAndOneDeliveredEntry() {
        db = dir.resolve("ringback.db");
        try (SqlitePersistence persistence = SqlitePersistence.open(PersistenceSettings.durable(db))) {
            User user = Fixtures.user("ada");
            Machine machine = Fixtures.machine("ada-machine", user.id(), "gw-secret-token");
            persistence.users().save(user);
            persistence.machines().save(machine);
            List<Delivery> owed = completedCallOwing(persistence, machine, "call-1", "delivery-");
            RetryPolicy once = new RetryPolicy(Duration.ofSeconds(1), Duration.ofSeconds(1), 1);
            dead = owed.get(0).afterAttempt(new AttemptResult.Retryable("HTTP 503", Optional.empty()), T0.plusSeconds(61), once, 0);
            delivered = owed.get(1).afterAttempt(new AttemptResult.Delivered("200"), T0.plusSeconds(61), once, 0);
            deliveredBody = owed.get(1).snapshot().body();
            persistence.deliveries().save(dead);
            persistence.deliveries().save(delivered);
        }
    }

    private int run(String... args) {
        out.reset();
        err.reset();
        return new Cli(Map.of("RINGBACK_DB", db.toString()), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)).run(args);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private Delivery stored(Delivery delivery) {
        try (SqlitePersistence persistence = SqlitePersistence.open(PersistenceSettings.durable(db))) {
            return persistence.deliveries().findById(delivery.id()).orElseThrow();
        }
    }

    @Test
    void listsByStateWithoutBodies() {
        assertThat(run("deliveries", "list", "--state", "dead")).isEqualTo(Cli.OK);
        assertThat(out()).contains(dead.id().value(), "dead", "HTTP 503", "1 delivery").doesNotContain(delivered.id().value());
        assertThat(run("deliveries", "list")).isEqualTo(Cli.OK);
        assertThat(out()).contains(dead.id().value(), delivered.id().value(), "2 deliveries");
        assertThat(out()).doesNotContain(dead.snapshot().body()).doesNotContain(deliveredBody);
        assertThat(run("deliveries", "list", "--limit", "1")).isEqualTo(Cli.OK);
        assertThat(out()).contains("1 delivery");
    }

    @Test
    void showsOneWithItsReasonAndKeyButNotItsBody() {
        assertThat(run("deliveries", "show", "--id", dead.id().value())).isEqualTo(Cli.OK);
        assertThat(out()).contains("state:           dead", "last error:      HTTP 503",
                "idempotency key: " + dead.snapshot().idempotencyKey(), "(not shown)")
                .doesNotContain(dead.snapshot().body()).doesNotContain("gw-secret-token");
        assertThat(run("deliveries", "show", "--id", "nope")).isEqualTo(Cli.FAILED);
        assertThat(err()).contains("no delivery nope");
    }

    @Test
    void aDeliveredOneSaysItsBodyWasDropped() {
        assertThat(run("deliveries", "show", "--id", delivered.id().value())).isEqualTo(Cli.OK);
        assertThat(out()).contains("state:           delivered", "body:            dropped once delivered")
                .doesNotContain(deliveredBody).doesNotContain("(not shown)");
        assertThat(stored(delivered).snapshot().body()).isEmpty();
    }

    @Test
    void summarisesTheOutboxWithTheOldestOwedAndWhatToDoAboutDeadOnes() {
        assertThat(run("deliveries", "summary")).isEqualTo(Cli.OK);
        assertThat(out()).containsPattern("pending +0  \\(due now 0, being sent 0, waiting for a retry 0\\)")
                .containsPattern("delivered +1\n").containsPattern("failed +0\n")
                .containsPattern("dead +1  \\(every attempt failed: `deliveries list --state dead`")
                .doesNotContain("oldest owed").doesNotContain(dead.snapshot().body()).doesNotContain(deliveredBody);

        assertThat(run("deliveries", "replay", "--all-dead")).isEqualTo(Cli.OK);
        assertThat(run("deliveries", "summary")).isEqualTo(Cli.OK);
        assertThat(out()).containsPattern("pending +1  \\(due now 1, being sent 0, waiting for a retry 0\\)")
                .containsPattern("dead +0\n")
                .contains("oldest owed: delivery " + dead.id().value() + " (notification of call call-1) for machine "
                        + "ada-machine, since " + dead.snapshot().createdAt().truncatedTo(java.time.temporal.ChronoUnit.SECONDS),
                        "1 attempt, last error: HTTP 503")
                .doesNotContain("waiting for a retry, most first");
    }

    @Test
    void anAgeReadsAtAGlance() {
        assertThat(DeliveryCommands.age(Duration.ofSeconds(12))).isEqualTo("12s");
        assertThat(DeliveryCommands.age(Duration.ofSeconds(450))).isEqualTo("7m 30s");
        assertThat(DeliveryCommands.age(Duration.ofMinutes(125))).isEqualTo("2h 5m");
        assertThat(DeliveryCommands.age(Duration.ofHours(76))).isEqualTo("3d 4h");
        assertThat(DeliveryCommands.age(Duration.ofSeconds(-5))).isEqualTo("0s");
    }

    @Test
    void replaysOneDeadDeliveryKeepingItsKeyAndBody() {
        assertThat(run("deliveries", "replay", "--id", dead.id().value())).isEqualTo(Cli.OK);

        Delivery replayed = stored(dead);
        assertThat(replayed.deliveryState()).isEqualTo(DeliveryState.PENDING);
        assertThat(replayed.snapshot().idempotencyKey()).isEqualTo(dead.snapshot().idempotencyKey());
        assertThat(replayed.snapshot().body()).isEqualTo(dead.snapshot().body());
        assertThat(run("deliveries", "replay", "--id", delivered.id().value())).isEqualTo(Cli.FAILED);
        assertThat(err()).contains("is delivered");
    }

    @Test
    void replaysAllDeadDeliveries() {
        assertThat(run("deliveries", "replay", "--all-dead")).isEqualTo(Cli.OK);
        assertThat(out()).contains("1 dead deliveries queued again");
        assertThat(stored(dead).deliveryState()).isEqualTo(DeliveryState.PENDING);
        assertThat(stored(delivered).deliveryState()).isEqualTo(DeliveryState.DELIVERED);
    }

    @Test
    void mistakesGetUsage() {
        assertThat(run("deliveries")).isEqualTo(Cli.USAGE);
        assertThat(run("deliveries", "purge")).isEqualTo(Cli.USAGE);
        assertThat(err()).contains("unknown action: purge");
        assertThat(run("deliveries", "list", "--state", "lost")).isEqualTo(Cli.USAGE);
        assertThat(run("deliveries", "list", "--limit", "0")).isEqualTo(Cli.USAGE);
        assertThat(run("deliveries", "replay")).isEqualTo(Cli.USAGE);
        assertThat(run("deliveries", "replay", "--all-dead", "--id", dead.id().value())).isEqualTo(Cli.USAGE);
        assertThat(run("deliveries", "show")).isEqualTo(Cli.USAGE);
        assertThat(run("deliveries", "--help")).isEqualTo(Cli.OK);
        assertThat(out()).contains("deliveries replay (--id ID | --all-dead | --machine ID)");
        assertThat(run("deliveries", "replay", "--all-dead", "--machine", "ada-machine")).isEqualTo(Cli.USAGE);
        assertThat(stored(dead).deliveryState()).isEqualTo(DeliveryState.DEAD);
    }

    @Test
    void replaysOneMachinesFailedAndDeadDeliveries() {
        // A mistyped machine id is an error, not "0 queued again", which reads as nothing to do.
        assertThat(run("deliveries", "replay", "--machine", "someone-else")).isEqualTo(Cli.FAILED);
        assertThat(err()).contains("error: no machine someone-else");
        assertThat(out()).isEmpty();
        assertThat(stored(dead).deliveryState()).isEqualTo(DeliveryState.DEAD);

        assertThat(run("deliveries", "replay", "--machine", "ada-machine")).isEqualTo(Cli.OK);
        assertThat(out()).contains("1 failed or dead deliveries of machine ada-machine queued again");
        assertThat(stored(dead).deliveryState()).isEqualTo(DeliveryState.PENDING);
        assertThat(stored(delivered).deliveryState()).isEqualTo(DeliveryState.DELIVERED);
    }

    private int addAdasMachine(String hookToken) {
        return run("add-machine", "--user", "ada", "--app-url", "https://ada-machine.machines.example.test",
                "--gateway-token", "gw-secret-token", "--hook-token", hookToken);
    }

    @Test
    void changingAMachinesSettingsReplaysWhatTheOldOnesHeldBack() {
        assertThat(addAdasMachine("hook-gw-secret-token")).as(err()).isEqualTo(Cli.OK);
        assertThat(out()).doesNotContain("queued again");
        assertThat(stored(dead).deliveryState()).isEqualTo(DeliveryState.DEAD);

        assertThat(addAdasMachine("hook-token-mended-0123456789")).as(err()).isEqualTo(Cli.OK);

        assertThat(out()).contains("1 failed or dead deliveries of this machine queued again with its new settings");
        Delivery replayed = stored(dead);
        assertThat(replayed.deliveryState()).isEqualTo(DeliveryState.PENDING);
        assertThat(replayed.snapshot().idempotencyKey()).isEqualTo(dead.snapshot().idempotencyKey());
        assertThat(stored(delivered).deliveryState()).isEqualTo(DeliveryState.DELIVERED);
    }

    /**
     * An address the machine no longer answers at leaves its deliveries waiting for retries, up to
     * an hour apart, not failed: mending the address must make them due now too, or the user
     * waits up to another hour for results the machine can take at once.
     */
    @Test
    void changingAMachinesSettingsMakesItsWaitingRetriesDueNow() {
        Delivery waiting;
        try (SqlitePersistence persistence = SqlitePersistence.open(PersistenceSettings.durable(db))) {
            Machine machine = persistence.machines().findById(new MachineId("ada-machine")).orElseThrow();
            List<Delivery> owed = completedCallOwing(persistence, machine, "call-2", "waiting-");
            RetryPolicy hourly = new RetryPolicy(Duration.ofHours(1), Duration.ofHours(1), 100);
            waiting = owed.get(0).afterAttempt(new AttemptResult.Retryable("connect timeout", Optional.empty()),
                    Instant.now(), hourly, 0);
            persistence.deliveries().save(waiting);
            persistence.deliveries().save(owed.get(1).afterAttempt(new AttemptResult.Delivered("200"), T0, hourly, 0));
        }
        assertThat(waiting.snapshot().nextAttemptAt()).isAfter(Instant.now().plus(Duration.ofMinutes(20)));

        assertThat(run("add-machine", "--user", "ada", "--app-url", "https://ada-machine-moved.machines.example.test",
                "--gateway-token", "gw-secret-token", "--hook-token", "hook-gw-secret-token")).as(err()).isEqualTo(Cli.OK);

        assertThat(out()).contains("1 deliveries of this machine waiting for a retry are due now");
        Delivery now = stored(waiting);
        assertThat(now.deliveryState()).isEqualTo(DeliveryState.PENDING);
        assertThat(now.snapshot().nextAttemptAt()).isBefore(waiting.snapshot().nextAttemptAt());
        assertThat(now.snapshot().nextAttemptAt()).isBeforeOrEqualTo(Instant.now());
        assertThat(now.snapshot().attempts()).as("still a resend").isEqualTo(1);
    }
}
