package dev.ringback.bootstrap;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The standalone server as a separate JVM ({@code java -cp <test classpath> dev.ringback.bootstrap.Main serve}),
 * so a test can kill it with SIGKILL and start it again on the same database and address, as a
 * crash and a supervisor's restart would.
 *
 * <p>The address is fixed for the life of the test (a free loopback port found once), because
 * Bland was told the webhook URL when the calls were placed, as in production.
 */
final class ChildServer implements AutoCloseable {
    private static final Duration START_DEADLINE = Duration.ofSeconds(60);

    final int port;
    private final Map<String, String> env;
    private final Path logDir;
    private final List<String> jvmOptions;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private Process process;
    private int starts;

    ChildServer(Map<String, String> env, Path logDir) {
        this(env, logDir, List.of());
    }

    /** With JVM options of the host's, such as its time zone ({@code -Duser.timezone=...}). */
    ChildServer(Map<String, String> env, Path logDir, List<String> jvmOptions) {
        this.port = freeLoopbackPort();
        this.env = Map.copyOf(env);
        this.logDir = logDir;
        this.jvmOptions = List.copyOf(jvmOptions);
    }

    URI url(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** Starts the server and waits until it is ready. */
    void start() {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx256m");
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(classPath());
        command.add(Main.class.getName());
        command.add("serve");
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().keySet().removeIf(name -> name.startsWith("RINGBACK_") || name.startsWith("BLAND_")
                || name.startsWith("OPENCLAW_"));
        builder.environment().putAll(env);
        builder.environment().put("RINGBACK_PORT", Integer.toString(port));
        builder.environment().put("RINGBACK_HOST", "127.0.0.1");
        builder.environment().put("RINGBACK_PUBLIC_URL", "http://127.0.0.1:" + port);
        File log = logDir.resolve("ringback-" + ++starts + ".log").toFile();
        builder.redirectErrorStream(true).redirectOutput(log);
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the server process", e);
        }
        awaitReady();
    }

    /** SIGKILL: no shutdown hook, no graceful stop, nothing flushed that was not committed. */
    void kill() {
        process.destroyForcibly();
        waitForExit();
    }

    /** SIGTERM: the graceful stop an operator's supervisor asks for. */
    int stop() {
        process.destroy();
        return waitForExit();
    }

    boolean isAlive() {
        return process != null && process.isAlive();
    }

    private int waitForExit() {
        try {
            return process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void awaitReady() {
        Instant deadline = Instant.now().plus(START_DEADLINE);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new AssertionError("the server exited with " + process.exitValue() + " while starting; see " + logDir);
            }
            try {
                HttpResponse<Void> ready = client.send(HttpRequest.newBuilder(url("/readyz")).timeout(Duration.ofSeconds(2))
                        .build(), HttpResponse.BodyHandlers.discarding());
                if (ready.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            pause(50);
        }
        throw new AssertionError("the server did not become ready in " + START_DEADLINE + "; see " + logDir);
    }

    /** Surefire's full test classpath (its own {@code java.class.path} may be a manifest-only jar). */
    private static String classPath() {
        String surefire = System.getProperty("surefire.test.class.path");
        return surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
    }

    private static int freeLoopbackPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            waitForExit();
        }
    }
}
