package dev.ringback.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A JVM started for the benchmark: the Ringback server or the ceiling; stopped with SIGTERM. */
final class ServerProcess implements AutoCloseable {
    private static final byte[] HEALTH = "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private final Process process;
    private final int port;
    private final long coldStartNanos;

    private ServerProcess(Process process, int port, long coldStartNanos) {
        this.process = process;
        this.port = port;
        this.coldStartNanos = coldStartNanos;
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Starts the standalone server and returns once it has answered its first request. */
    static ServerProcess ringback(Path serverJar, List<String> jvmFlags, Map<String, String> env, Path log)
            throws IOException, InterruptedException {
        int port = freePort();
        List<String> command = new ArrayList<>();
        command.add(java());
        command.addAll(jvmFlags);
        command.addAll(List.of("-jar", serverJar.toString(), "serve", "--port", String.valueOf(port)));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(env);
        // Bland mode refuses to serve without the address Bland posts to; here the harness posts the webhooks itself.
        builder.environment().putIfAbsent("RINGBACK_PUBLIC_URL", "http://127.0.0.1:" + port);
        long started = System.nanoTime();
        Process process = builder.start();
        long deadline = started + 60_000_000_000L;
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the server exited with " + process.exitValue() + "; see " + log);
            }
            try (HttpConnection connection = new HttpConnection(port)) {
                if (connection.exchange(HEALTH) == 200) {
                    return new ServerProcess(process, port, System.nanoTime() - started);
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            if (System.nanoTime() > deadline) {
                process.destroyForcibly();
                throw new IllegalStateException("the server did not answer within 60 s; see " + log);
            }
            Thread.sleep(2);
        }
    }

    static ServerProcess ceiling(Path benchJar, List<String> jvmFlags, Path log) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(java());
        // The server's AppCDS archive is for the server's class path, not this one.
        jvmFlags.stream().filter(flag -> !flag.startsWith("-XX:SharedArchiveFile=")).forEach(command::add);
        command.addAll(List.of("-cp", benchJar.toString(), CeilingServer.class.getName()));
        Process process = new ProcessBuilder(command).redirectError(log.toFile()).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        Pattern listening = Pattern.compile("ceiling listening on (\\d+)");
        for (String line; (line = out.readLine()) != null; ) {
            Matcher m = listening.matcher(line);
            if (m.find()) {
                return new ServerProcess(process, Integer.parseInt(m.group(1)), 0);
            }
        }
        throw new IllegalStateException("the ceiling server did not start; see " + log);
    }

    /** Runs an operator command of the server jar and returns what it printed. */
    static String cli(Path serverJar, Map<String, String> env, Path log, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(java(), "-jar", serverJar.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(env);
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException(args[0] + " failed; see " + log);
        }
        return out;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    int port() {
        return port;
    }

    long pid() {
        return process.pid();
    }

    double coldStartMillis() {
        return coldStartNanos / 1e6;
    }

    /** VmHWM: the most resident memory the process has had so far, in KiB; -1 off Linux. */
    long peakRssKb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(45, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
