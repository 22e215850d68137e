package dev.ringback.adapters.persistence;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The markers in a database's {@code -runs} folder, by name: what the tests of its processes' marks look at. */
final class RunMarkers {
    private RunMarkers() {}

    static List<Path> of(Path databaseFile) throws IOException {
        Path runs = UncleanStops.runsFolder(databaseFile);
        if (!Files.isDirectory(runs)) {
            return List.of();
        }
        try (Stream<Path> found = Files.list(runs)) {
            return found.sorted().toList();
        }
    }
}
