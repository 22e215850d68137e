package dev.ringback.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

class MainTest {
    @Test
    void onOneOrTwoCoresTheCommonPoolGetsTwoWorkers() {
        assertThat(Main.commonPoolParallelism(1, Optional.empty())).contains("2");
        assertThat(Main.commonPoolParallelism(2, Optional.empty())).contains("2");
    }

    @Test
    void anOperatorCommandLogsWarningsAndMigrationsOnlyTheServerEverything() {
        Logger root = Logger.getLogger("");
        Logger migrations = Logger.getLogger("dev.ringback.adapters.persistence.SchemaMigrations");
        Level rootBefore = root.getLevel();
        Level migrationsBefore = migrations.getLevel();
        try {
            Main.quietUnlessServing(new String[] {"serve", "--telephony", "simulated"});
            assertThat(root.getLevel()).isEqualTo(rootBefore);

            Main.quietUnlessServing(new String[] {"users"});
            assertThat(Logger.getLogger("dev.ringback.adapters.persistence.SqlitePersistence").isLoggable(Level.INFO)).isFalse();
            assertThat(Logger.getLogger("dev.ringback.adapters.persistence.SecretsAtRest").isLoggable(Level.WARNING)).isTrue();
            assertThat(migrations.isLoggable(Level.INFO)).isTrue();
        } finally {
            root.setLevel(rootBefore);
            migrations.setLevel(migrationsBefore);
        }
    }

    @Test
    void moreCoresOrAnOperatorsSettingAreLeftAlone() {
        assertThat(Main.commonPoolParallelism(4, Optional.empty())).isEmpty();
        assertThat(Main.commonPoolParallelism(2, Optional.of("1"))).isEmpty();
    }
}
