package dev.ringback.adapters.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ringback.application.testing.Fixtures;
import dev.ringback.domain.account.Machine;
import dev.ringback.domain.account.User;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Version 9: the hosted platform's machines, given the bare gateway's '/' by version 3, get their '/ws'. */
class HostedWebSocketPathMigrationTest {
    @TempDir
    Path directory;

    private static Machine at(Machine machine, String appUrl, String websocketPath) {
        return new Machine(machine.id(), machine.userId(), URI.create(appUrl), machine.gatewayToken(), machine.hookToken(),
                machine.hooksPath(), machine.allowedAgentIds(), machine.route(), machine.lastReportedSession(), websocketPath);
    }

    @Test
    void hostedMachinesOnTheRootMoveToWsAndEveryOtherKeepsItsPath() throws SQLException {
        Path file = directory.resolve("ringback.db");
        List<User> users = List.of(Fixtures.user("a"), Fixtures.user("b"), Fixtures.user("c"), Fixtures.user("d"));
        Machine hosted = at(Fixtures.machine("m-a", users.get(0).id(), "gw-a"), "https://ada-app.fly.dev", "/");
        Machine hostedSlash = at(Fixtures.machine("m-b", users.get(1).id(), "gw-b"), "https://bob-app.FLY.dev/", "/");
        Machine bare = at(Fixtures.machine("m-c", users.get(2).id(), "gw-c"), "http://192.168.1.20:18789", "/");
        Machine hostedElsewhere = at(Fixtures.machine("m-d", users.get(3).id(), "gw-d"), "https://cy-app.fly.dev", "/gateway");
        try (SqlitePersistence before = SqlitePersistence.open(new PersistenceSettings(file, "FULL"),
                new SchemaMigrations(SchemaMigrations.LOCATION, SchemaMigrations.SCRIPTS.subList(0, 8)))) {
            users.forEach(before.users()::save);
        }
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            for (Machine machine : List.of(hosted, hostedSlash, bare, hostedElsewhere)) {
                CallTextsMigrationTest.insertMachineAsVersionSix(connection, machine);
            }
        }

        try (SqlitePersistence current = SqlitePersistence.open(new PersistenceSettings(file, "FULL"))) {
            assertThat(current.machines().findById(hosted.id()).orElseThrow().websocketPath()).isEqualTo("/ws");
            assertThat(current.machines().findById(hostedSlash.id()).orElseThrow().websocketPath()).isEqualTo("/ws");
            assertThat(current.machines().findById(bare.id()).orElseThrow().websocketPath()).isEqualTo("/");
            assertThat(current.machines().findById(hostedElsewhere.id()).orElseThrow().websocketPath()).isEqualTo("/gateway");
        }
    }
}
