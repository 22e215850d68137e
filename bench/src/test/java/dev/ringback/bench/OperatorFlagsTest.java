package dev.ringback.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The figures hold for the flags operators are told to use: the server commands in the README
 * and in BENCHMARKS.md carry exactly the flags the harness starts the server with (the README's
 * with {@link #OPERATORS_ONLY} besides).
 */
class OperatorFlagsTest {
    /** A document with its commands on one line each: continuation backslashes and indentation gone. */
    private static String flattened(String name) throws IOException {
        // Surefire runs in the bench module's folder; the documents are at the project's root.
        return Files.readString(Path.of("..", name)).replace("\\\n", " ").replaceAll("[ \\t]+", " ");
    }

    /** What the README adds for operators that changes nothing measured: exit when the heap runs out. */
    static final String OPERATORS_ONLY = "-XX:+ExitOnOutOfMemoryError";

    @Test
    void the_readme_gives_operators_the_servers_flags() throws IOException {
        assertThat(flattened("README.md")).contains("java " + Bench.MEMORY_FLAGS + " " + OPERATORS_ONLY
                + " -jar ringback.jar serve");
    }

    @Test
    void benchmarks_md_shows_the_flags_the_figures_were_taken_with() throws IOException {
        assertThat(flattened("BENCHMARKS.md")).contains("java " + Bench.MEMORY_FLAGS + " -XX:SharedArchiveFile=");
    }
}
