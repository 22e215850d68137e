package dev.ringback.bootstrap;

import java.util.logging.LogManager;

/**
 * The JDK's log manager, except that it can keep its handlers open through the JVM's shutdown.
 * The JDK closes every handler in a shutdown hook of its own, which runs beside the server's: what
 * the server logged while it stopped (the writer's count of committed jobs, say) was lost. While
 * the handlers are held, that hook's reset leaves them open; the server's own hook releases them
 * once it has stopped, and the reset happens then.
 *
 * <p>Installed by {@link Main} through {@code java.util.logging.manager}, unless the operator named
 * a manager of their own; with any other manager, holding and releasing do nothing.
 */
public final class ServerLogManager extends LogManager {
    private volatile boolean held;

    /** Called by the JDK, by reflection, when the log manager is first needed. */
    public ServerLogManager() {
        super();
    }

    /** From now until {@link #releaseHandlers}, a reset (the JDK's at shutdown) leaves the handlers open. */
    static void holdHandlers() {
        if (LogManager.getLogManager() instanceof ServerLogManager manager) {
            manager.held = true;
        }
    }

    /** Ends {@link #holdHandlers} and resets, flushing and closing the handlers as the JDK would have. */
    static void releaseHandlers() {
        if (LogManager.getLogManager() instanceof ServerLogManager manager) {
            manager.held = false;
            manager.reset();
        }
    }

    /** Ends {@link #holdHandlers} for a server that never started: the JDK's own reset at exit closes them. */
    static void letGo() {
        if (LogManager.getLogManager() instanceof ServerLogManager manager) {
            manager.held = false;
        }
    }

    @Override
    public void reset() {
        if (!held) {
            super.reset();
        }
    }
}
