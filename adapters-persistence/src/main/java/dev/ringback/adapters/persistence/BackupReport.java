package dev.ringback.adapters.persistence;

import java.nio.file.Path;

/** A backup written: where, how large, and the schema version it holds. */
public record BackupReport(Path file, long bytes, int schemaVersion) {}
