package dev.ringback.adapters.persistence;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/** The words for a failed file operation, for an operator's error message. */
final class FileFailures {
    private FileFailures() {}

    /**
     * The refusal of a folder given as the database file, when {@code databaseFile} is one: said
     * before anything is made beside it (the run markers' folder, a restore's copy), where SQLite
     * would refuse it only after. Each caller throws it as its own kind of failure.
     */
    static Optional<String> folderAsDatabase(Path databaseFile) {
        return Files.isDirectory(databaseFile)
                ? Optional.of(databaseFile.toAbsolutePath().normalize() + " is a folder, not a database file")
                : Optional.empty();
    }

    /**
     * The file and why: java.nio's most common failures carry the path alone (a message of just
     * "/proc/.nope.db.partial-0c8a..." says nothing of what went wrong).
     */
    static String describe(IOException failure) {
        if (!(failure instanceof FileSystemException onFile) || onFile.getReason() != null) {
            return failure.getMessage();
        }
        String reason;
        if (onFile instanceof AccessDeniedException) {
            reason = "permission denied";
        } else if (onFile instanceof NoSuchFileException) {
            reason = "no such file or folder";
        } else if (onFile instanceof FileAlreadyExistsException) {
            reason = "exists";
        } else {
            return onFile.getMessage();
        }
        String files = onFile.getOtherFile() == null ? onFile.getFile() : onFile.getFile() + " -> " + onFile.getOtherFile();
        return files == null ? reason : files + ": " + reason;
    }
}
