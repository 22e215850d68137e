package dev.ringback.bootstrap;

import java.lang.System.Logger.Level;
import java.lang.management.ManagementFactory;
import java.util.List;

/**
 * One-time set-ups a start of the server will come to, begun on a thread of their own as the start
 * begins, so that the start's own thread finds them done instead of doing them in turn (Spring
 * Boot's {@code BackgroundPreinitializer} does the same for its own). Only set-ups that depend on
 * nothing the start makes belong here; each runs once per process whoever runs it first, so the
 * start's thread, arriving while one is under way, waits for it rather than repeating it.
 *
 * <p>A task that fails costs nothing but its time: the start does the same set-up itself when it
 * comes to it, and fails there if it must.
 */
final class StartWarmup {
    private static final System.Logger LOG = System.getLogger(StartWarmup.class.getName());
    static final String THREAD_NAME = "ringback-warmup";

    /** A set-up and what to call it in a log line. */
    record Task(String name, Runnable work) {}

    /**
     * The platform MBean server: XNIO registers its worker's MXBeans there when the HTTP server
     * starts listening, and the first call builds the server and registers every platform MXBean
     * (the Flight Recorder's among them). Left to XNIO, that was 100-250 ms of the start's own
     * thread on a 2-core VM, between the database being open and the port being bound; here it
     * runs while the database is being opened.
     */
    static final Task PLATFORM_MBEAN_SERVER = new Task("platform MBean server",
            ManagementFactory::getPlatformMBeanServer);

    private StartWarmup() {}

    /** What {@code serve} warms up. */
    static List<Task> forServe() {
        return List.of(PLATFORM_MBEAN_SERVER);
    }

    /** Starts {@code tasks} in order on a daemon thread, which a stop never waits for, and returns it. */
    static Thread begin(List<Task> tasks) {
        List<Task> copy = List.copyOf(tasks);
        Thread thread = new Thread(() -> copy.forEach(StartWarmup::run), THREAD_NAME);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static void run(Task task) {
        try {
            task.work().run();
        } catch (RuntimeException | LinkageError e) {
            LOG.log(Level.DEBUG, "start warm-up of the {0} failed; the start does it itself: {1}", task.name(),
                    String.valueOf(e));
        }
    }
}
