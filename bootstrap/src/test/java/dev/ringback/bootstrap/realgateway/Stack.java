package dev.ringback.bootstrap.realgateway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** One scenario's world: the fake model, a real gateway with fresh state, and Ringback pointing at it. */
final class Stack implements AutoCloseable {
    final E2eEnvironment env;
    final FakeModel model;
    final RealGateway gateway;
    final RingbackProcess ringback;

    private Stack(E2eEnvironment env, FakeModel model, RealGateway gateway, RingbackProcess ringback) {
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
        try {
            model = FakeModel.start(env, dir);
            gateway = new RealGateway(env, directory(dir.resolve("gateway")), model.port).start();
            ringback = new RingbackProcess(env, directory(dir.resolve("ringback"))).provision(gateway).start();
            return new Stack(env, model, gateway, ringback);
        } catch (RuntimeException | AssertionError e) {
            for (AutoCloseable started : new AutoCloseable[] {ringback, gateway, model}) {
                closeQuietly(started);
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
