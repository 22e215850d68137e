package dev.ringback.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Optional;
import java.util.logging.ConsoleHandler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
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
    void theRootHandlersWriteTheServersLineAndLaterSimpleFormattersTheSameFormat() {
        Logger root = Logger.getLogger("");
        ConsoleHandler console = new ConsoleHandler();
        root.addHandler(console);
        String formatBefore = System.getProperty(Main.SIMPLE_FORMAT);
        try {
            System.clearProperty(Main.SIMPLE_FORMAT);

            Main.formatLogLines();

            assertThat(console.getFormatter()).isInstanceOf(LogLineFormatter.class);
            LogRecord record = new LogRecord(Level.INFO, "POST /x 200 1ms");
            record.setLoggerName("dev.ringback.x");
            record.setInstant(Instant.parse("2026-11-26T04:59:34.207Z"));
            assertThat(console.getFormatter().format(record))
                    .isEqualTo("2026-11-26T04:59:34.207Z INFO dev.ringback.x: POST /x 200 1ms" + System.lineSeparator());
            // Its default would be two lines, the second "INFO: POST /x 200 1ms".
            assertThat(new SimpleFormatter().format(record)).contains(" INFO dev.ringback.x: POST /x 200 1ms");
        } finally {
            root.removeHandler(console);
            if (formatBefore == null) {
                System.clearProperty(Main.SIMPLE_FORMAT);
            } else {
                System.setProperty(Main.SIMPLE_FORMAT, formatBefore);
            }
        }
    }

    @Test
    void moreCoresOrAnOperatorsSettingAreLeftAlone() {
        assertThat(Main.commonPoolParallelism(4, Optional.empty())).isEmpty();
        assertThat(Main.commonPoolParallelism(2, Optional.of("1"))).isEmpty();
    }
}
