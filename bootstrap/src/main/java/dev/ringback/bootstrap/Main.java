package dev.ringback.bootstrap;

import java.time.ZoneOffset;
import java.util.Optional;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.SimpleFormatter;

/** The one entry point: {@code java -jar ringback.jar <command>}. */
public final class Main {
    static final String COMMON_POOL_PARALLELISM = "java.util.concurrent.ForkJoinPool.common.parallelism";
    static final String LOG_MANAGER = "java.util.logging.manager";
    static final String SIMPLE_FORMAT = "java.util.logging.SimpleFormatter.format";
    static final String LINE_FORMAT = "%1$tFT%1$tT.%1$tLZ %4$s %3$s: %5$s%6$s%n";

    private Main() {}

    /**
     * An operator command prints its result itself: the INFO lines of what it opened and closed
     * on the way (the database, its writer) only crowd it. Warnings stay, and so do the schema
     * migrations a command applies. The server logs everything.
     */
    static void quietUnlessServing(String[] args) {
        if (args.length > 0 && args[0].equals("serve")) {
            return;
        }
        java.util.logging.Logger.getLogger("").setLevel(Level.WARNING);
        CommandLoggers.MIGRATIONS.setLevel(Level.INFO);
    }

    /**
     * Not a field of Main: a logger made while Main loads would start java.util.logging before
     * main() names its log manager and line format.
     */
    private static final class CommandLoggers {
        /** Held: a logger nobody references may be collected, and its level with it. */
        static final java.util.logging.Logger MIGRATIONS =
                java.util.logging.Logger.getLogger("dev.ringback.adapters.persistence.SchemaMigrations");
    }

    /**
     * On one or two cores the common pool gets parallelism 1, and CompletableFuture then runs each
     * async stage on a new thread. The JDK HTTP client completes every response of
     * {@code sendAsync} that way, so each delivery started a thread (19,000 in 88 s of the
     * benchmark). Two workers or more keep CompletableFuture on the pool. An operator's own
     * setting is kept.
     */
    static Optional<String> commonPoolParallelism(int cores, Optional<String> configured) {
        if (configured.isPresent() || cores > 2) {
            return Optional.empty();
        }
        return Optional.of("2");
    }

    /**
     * One line per log record. The root handlers get {@link LogLineFormatter}: SimpleFormatter's
     * line without its per-record costs, and in UTC (the line's time ends in 'Z', which the host's
     * own zone would make a lie). Any SimpleFormatter made later (an operator's own handlers) gets
     * the same line through {@link #LINE_FORMAT}, which is set only once the root handlers exist: a
     * SimpleFormatter built with a format set checks it by formatting the time in the host's zone,
     * ~45 ms of a start on a 2-core VM for the root handler's formatter that is replaced at once.
     */
    static void formatLogLines() {
        for (Handler handler : java.util.logging.Logger.getLogger("").getHandlers()) {
            if (handler.getFormatter() instanceof SimpleFormatter) {
                handler.setFormatter(new LogLineFormatter(ZoneOffset.UTC));
            }
        }
        System.setProperty(SIMPLE_FORMAT, LINE_FORMAT);
    }

    public static void main(String[] args) {
        // Before any logger exists; an operator's own manager is kept.
        if (System.getProperty(LOG_MANAGER) == null) {
            System.setProperty(LOG_MANAGER, ServerLogManager.class.getName());
        }
        formatLogLines();
        System.setProperty("org.jboss.logging.provider", "jdk");
        quietUnlessServing(args);
        // Set before anything uses the common pool.
        commonPoolParallelism(Runtime.getRuntime().availableProcessors(),
                Optional.ofNullable(System.getProperty(COMMON_POOL_PARALLELISM)))
                .ifPresent(parallelism -> System.setProperty(COMMON_POOL_PARALLELISM, parallelism));
        int status = new Cli(System.getenv(), System.out, System.err).run(args);
        if (status != Cli.OK || !(args.length > 0 && args[0].equals("serve"))) {
            System.exit(status);
        }
    }
}
