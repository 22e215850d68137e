package dev.ringback.adapters.persistence;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Set;

/**
 * Where the SQLite database lives and how hard it syncs. {@code FULL} (the default) makes every
 * commit durable before it returns; an operator may choose {@code NORMAL} knowingly.
 */
public record PersistenceSettings(Path databaseFile, String synchronous) {
    private static final Set<String> SYNC_MODES = Set.of("FULL", "NORMAL", "EXTRA");

    public PersistenceSettings {
        Objects.requireNonNull(databaseFile, "databaseFile");
        Objects.requireNonNull(synchronous, "synchronous");
        if (!SYNC_MODES.contains(synchronous)) {
            throw new IllegalArgumentException("synchronous must be one of " + SYNC_MODES);
        }
    }

    public static PersistenceSettings durable(Path databaseFile) {
        return new PersistenceSettings(databaseFile, "FULL");
    }
}
