package dev.ringback.domain.notify;

import java.util.Objects;

/** A call's transcript as a markdown file, at a path relative to the agent's workspace. */
public record TranscriptFile(String relativePath, String markdown) {
    public TranscriptFile {
        Objects.requireNonNull(relativePath, "relativePath");
        Objects.requireNonNull(markdown, "markdown");
        if (relativePath.startsWith("/") || relativePath.contains("..") || relativePath.isBlank()) {
            throw new IllegalArgumentException("a transcript path is relative and stays inside the workspace");
        }
    }
}
