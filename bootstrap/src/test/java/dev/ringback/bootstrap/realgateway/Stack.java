package dev.ringback.bootstrap.realgateway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** One scenario's world: the fake model, a real gateway with fresh state, and Ringback pointing at it. */
final class Stack implements AutoCloseable {
    final E2eEnvironment env;
    final FakeModel model;
    final RealGateway gateway;
    final RingbackProcess ringback;
    final Steps steps;

    private Stack(E2eEnvironment env, FakeModel model, RealGateway gateway, RingbackProcess ringback, Steps steps) {
        this.steps = steps;
        this.env = env;
        this.model = model;
        this.gateway = gateway;
        this.ringback = ringback;
    }

    static Stack start(Path dir) {
        E2eEnvironment env = E2eEnvironment.fromEnv();
        FakeModel model = null;
        RealGateway gateway = null;
        RingbackProcess ringback = null;
        Steps steps = new Steps();
        try {
            model = FakeModel.start(env, dir);
            steps.done("fake model started");
            gateway = new RealGateway(env, directory(dir.resolve("gateway")), model.port);
            ringback = new RingbackProcess(env, directory(dir.resolve("ringback")));
            // Both take seconds to start and need only the gateway's port: start them side by side.
            RealGateway starting = gateway;
            CompletableFuture<Void> gatewayReady = CompletableFuture.runAsync(starting::start);
            ringback.provision(gateway).start();
            steps.done("Ringback provisioned and started");
            join(gatewayReady);
            steps.done("OpenClaw " + env.version() + " started");
            return new Stack(env, model, gateway, ringback, steps);
        } catch (RuntimeException | AssertionError e) {
            for (AutoCloseable started : new AutoCloseable[] {ringback, gateway, model}) {
                closeQuietly(started);
            }
            throw e;
        }
    }

    private static void join(CompletableFuture<Void> future) {
        try {
            future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }

    private static Path directory(Path dir) {
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception ignored) {
            // Cleanup after a failed start: the original failure is the one to report.
        }
    }

    @Override
    public void close() {
        closeQuietly(ringback);
        closeQuietly(gateway);
        closeQuietly(model);
    }
}
