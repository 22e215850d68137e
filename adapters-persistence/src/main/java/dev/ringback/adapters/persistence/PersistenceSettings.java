package dev.ringback.adapters.persistence;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Where the SQLite database lives and how hard it syncs. {@code FULL} (the default) makes every
 * commit durable before it returns; an operator may choose {@code NORMAL} knowingly. With a
 * {@link SecretCipher} the machines' tokens are encrypted at rest (see {@code docs/security.md}).
 */
public record PersistenceSettings(Path databaseFile, String synchronous, Optional<SecretCipher> secretCipher) {
    private static final Set<String> SYNC_MODES = Set.of("FULL", "NORMAL", "EXTRA");

    public PersistenceSettings {
        Objects.requireNonNull(databaseFile, "databaseFile");
        Objects.requireNonNull(synchronous, "synchronous");
        Objects.requireNonNull(secretCipher, "secretCipher");
        if (!SYNC_MODES.contains(synchronous)) {
            throw new IllegalArgumentException("synchronous must be one of " + SYNC_MODES);
        }
    }

    /** Without encryption at rest. */
    public PersistenceSettings(Path databaseFile, String synchronous) {
        this(databaseFile, synchronous, Optional.empty());
    }

    public PersistenceSettings withSecretCipher(SecretCipher cipher) {
        return new PersistenceSettings(databaseFile, synchronous, Optional.of(cipher));
    }

    public static PersistenceSettings durable(Path databaseFile) {
        return new PersistenceSettings(databaseFile, "FULL");
    }
}
