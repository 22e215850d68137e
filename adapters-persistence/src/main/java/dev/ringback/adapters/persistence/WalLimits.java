package dev.ringback.adapters.persistence;

/**
 * How the writer keeps the WAL in bounds: a background {@code PASSIVE} checkpoint every
 * {@code checkpointEveryMillis}; once a pass finds {@code restartAtFrames} frames or more, the
 * writer restarts the WAL between two batches; a restarted WAL file is cut back to
 * {@code sizeLimitBytes}.
 */
record WalLimits(long checkpointEveryMillis, int restartAtFrames, long sizeLimitBytes) {
    /** 16 MB of 4 KiB pages: one WAL index table, and restarts a few times a second at most under ingest. */
    static final WalLimits DEFAULT = new WalLimits(200, 4096, 16L * 1024 * 1024);

    WalLimits {
        if (checkpointEveryMillis <= 0 || restartAtFrames <= 0 || sizeLimitBytes < 0) {
            throw new IllegalArgumentException("the checkpoint interval and the restart threshold must be positive, the size limit not negative");
        }
    }
}
