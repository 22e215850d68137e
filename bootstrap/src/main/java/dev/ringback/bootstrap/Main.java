package dev.ringback.bootstrap;

/** The one entry point: {@code java -jar ringback.jar <command>}. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        // One line per log record; set before any logger exists.
        System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tFT%1$tT.%1$tLZ %4$s %3$s: %5$s%6$s%n");
        System.setProperty("org.jboss.logging.provider", "jdk");
        int status = new Cli(System.getenv(), System.out, System.err).run(args);
        if (status != Cli.OK || !(args.length > 0 && args[0].equals("serve"))) {
            System.exit(status);
        }
    }
}
