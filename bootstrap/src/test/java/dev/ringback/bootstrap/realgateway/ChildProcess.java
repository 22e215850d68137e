package dev.ringback.bootstrap.realgateway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A process the suite started, with its output in a log file. Closing it ends the whole process
 * tree (the gateway spawns helpers); a shutdown hook ends whatever a failed test left behind.
 */
final class ChildProcess implements AutoCloseable {
    private static final Set<ChildProcess> RUNNING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(ChildProcess::kill), "e2e-child-cleanup"));
    }

    private final String name;
    private final Process process;
    final Path log;

    private ChildProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /** Starts {@code command} with exactly {@code env} (nothing inherited) in {@code workDir}. */
    static ChildProcess start(String name, List<String> command, Map<String, String> env, Path workDir, Path log) {
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().clear();
        builder.environment().putAll(env);
        try {
            ChildProcess child = new ChildProcess(name, builder.start(), log);
            RUNNING.add(child);
            return child;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
    }

    /** Runs a command to completion and returns its output; fails on a non-zero exit. */
    static String run(String name, List<String> command, Map<String, String> env, Path workDir, Path log) {
        try (ChildProcess child = start(name, command, env, workDir, log)) {
            if (!child.process.waitFor(60, TimeUnit.SECONDS)) {
                throw new AssertionError(name + " did not finish within 60 s; see " + log);
            }
            String output = Files.readString(log, StandardCharsets.UTF_8);
            if (child.process.exitValue() != 0) {
                throw new AssertionError(name + " exited " + child.process.exitValue() + ": " + output);
            }
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    boolean alive() {
        return process.isAlive();
    }

    /** Waits for a line of output matching {@code pattern} and returns its first group. */
    String awaitOutput(Pattern pattern, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            Optional<String> found = output().lines().map(pattern::matcher).filter(Matcher::find).map(m -> m.group(1)).findFirst();
            if (found.isPresent()) {
                return found.get();
            }
            if (!process.isAlive()) {
                throw new AssertionError(name + " exited " + process.exitValue() + " before it was ready:\n" + tail());
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError(name + " not ready within " + timeout + ":\n" + tail());
            }
            Poll.pause();
        }
    }

    String output() {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String tail() {
        List<String> lines = output().lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }

    /** Orderly stop: SIGTERM to the tree, SIGKILL after 15 s. */
    void kill() {
        stop(false);
    }

    /** Simulates a crash: SIGKILL to the tree, no chance to clean up. */
    void crash() {
        stop(true);
    }

    private void stop(boolean force) {
        List<ProcessHandle> tree = process.descendants().toList();
        if (force) {
            tree.forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        } else {
            process.destroy();
            tree.forEach(ProcessHandle::destroy);
        }
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        RUNNING.remove(this);
    }

    @Override
    public void close() {
        if (RUNNING.contains(this)) {
            kill();
        }
    }
}
