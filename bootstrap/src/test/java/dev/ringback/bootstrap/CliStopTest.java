package dev.ringback.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An operator command stopped by Ctrl-C or SIGTERM (a {@code detect-gateway} waiting on a machine
 * that does not answer, say) must close the database like a finished one. Its run marker left
 * behind read, at the next start, as a crash: a warning about a process that did not close the
 * file, and deliveries put in doubt for nothing.
 */
class CliStopTest {
    @TempDir
    Path dir;

    @Test
    void aCommandStoppedBySigtermLeavesNoRunMarker() throws Exception {
        Path db = dir.resolve("ringback.db");
        Map<String, String> env = Map.of("RINGBACK_DB", db.toString());
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            assertThat(cli(env, "add-user", "--name", "Ada", "--id", "ada")).isEqualTo(Cli.OK);
            assertThat(cli(env, "add-machine", "--user", "ada", "--app-url", "http://127.0.0.1:" + silent.getLocalPort(),
                    "--gateway-token", "gateway-token-for-the-test", "--hook-token", "hook-token-for-the-test"))
                    .isEqualTo(Cli.OK);

            ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx128m", "-cp", classPath(), Main.class.getName(), "detect-gateway", "--user", "ada");
            builder.environment().keySet().removeIf(name -> name.startsWith("RINGBACK_") || name.startsWith("BLAND_")
                    || name.startsWith("OPENCLAW_"));
            builder.environment().put("RINGBACK_DB", db.toString());
            builder.environment().put("OPENCLAW_REQUEST_TIMEOUT", "10m");
            File log = dir.resolve("cli.log").toFile();
            Process process = builder.redirectErrorStream(true).redirectOutput(log).start();
            try (Socket probe = silent.accept()) {
                // The command has the database open and waits on the machine: stop it now.
                process.destroy();
                process.waitFor();
            } finally {
                process.destroyForcibly();
            }
        }

        try (Stream<Path> left = Files.list(UncleanStopsFolder.of(db))) {
            assertThat(left.map(p -> p.getFileName().toString()).filter(name -> name.startsWith("run-")))
                    .as("markers left in %s", dir).isEmpty();
        }
    }

    private static int cli(Map<String, String> env, String... args) {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        PrintStream print = new PrintStream(sink, true, StandardCharsets.UTF_8);
        return new Cli(env, print, print).run(args);
    }

    private static String classPath() {
        String surefire = System.getProperty("surefire.test.class.path");
        return surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
    }

    /** {@code <database>-runs}, as the persistence adapter names it. */
    private static final class UncleanStopsFolder {
        static Path of(Path db) {
            Path file = db.toAbsolutePath();
            return file.resolveSibling(file.getFileName() + "-runs");
        }
    }
}
