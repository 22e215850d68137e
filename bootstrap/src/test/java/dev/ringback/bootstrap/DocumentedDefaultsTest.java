package dev.ringback.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The defaults the operator documentation gives for environment variables are the server's: for
 * every table row {@code | `NAME` | `default` | ...} in the README and in docs/, setting NAME to
 * that value gives the very configuration that leaving it unset gives. (docs/delivery.md once
 * said 4 delivery threads while the server started 16.)
 */
class DocumentedDefaultsTest {
    private static final Path ROOT = Path.of("..");
    private static final Pattern ROW = Pattern.compile("^\\| `([A-Z][A-Z0-9_]+)` \\| `([^`<>]+)` \\|");
    /** Bland mode, the default, needs its key; nothing else is set. */
    private static final Map<String, String> BASE = Map.of("BLAND_API_KEY", "key-for-the-test");

    @Test
    void everyDocumentedDefaultIsTheOneTheServerUses() {
        List<String[]> rows = documentedDefaults();
        assertThat(rows).extracting(row -> row[0])
                .contains("RINGBACK_DB", "RINGBACK_DELIVERY_THREADS", "RINGBACK_RETRY_MAX_ATTEMPTS", "RINGBACK_RECONCILE_GRACE");
        RingbackConfig unset = RingbackConfig.fromEnvironment(BASE);

        for (String[] row : rows) {
            Map<String, String> env = new HashMap<>(BASE);
            env.put(row[0], row[1]);
            assertThat(RingbackConfig.fromEnvironment(env)).as("%s = %s (%s)", row[0], row[1], row[2]).isEqualTo(unset);
        }
    }

    @Test
    void aDefaultTheServerDoesNotUseIsNoticed() {
        Map<String, String> env = new HashMap<>(BASE);
        env.put("RINGBACK_DELIVERY_THREADS", "4");

        assertThat(RingbackConfig.fromEnvironment(env)).isNotEqualTo(RingbackConfig.fromEnvironment(BASE));
    }

    /** Name, default and the file each row is in. */
    private static List<String[]> documentedDefaults() {
        List<String[]> rows = new ArrayList<>();
        try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
            List<Path> files = new ArrayList<>(List.of(ROOT.resolve("README.md")));
            docs.filter(path -> path.toString().endsWith(".md")).sorted().forEach(files::add);
            for (Path file : files) {
                for (String line : Files.readAllLines(file)) {
                    Matcher row = ROW.matcher(line);
                    if (row.find()) {
                        rows.add(new String[] {row.group(1), row.group(2), ROOT.relativize(file).toString()});
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return rows;
    }
}
