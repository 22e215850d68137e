package dev.ringback.adapters.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import org.junit.jupiter.api.Test;

/** java.nio's commonest failures name the file alone: the operator is told why too. */
class FileFailuresTest {
    @Test
    void theCommonestFailuresSayWhy() {
        assertThat(FileFailures.describe(new AccessDeniedException("/backups/.b.db.partial-1")))
                .isEqualTo("/backups/.b.db.partial-1: permission denied");
        assertThat(FileFailures.describe(new NoSuchFileException("/proc/.nope.db.partial-1")))
                .isEqualTo("/proc/.nope.db.partial-1: no such file or folder");
        assertThat(FileFailures.describe(new FileAlreadyExistsException("/a.db", "/b.db", null)))
                .isEqualTo("/a.db -> /b.db: exists");
    }

    @Test
    void aReasonGivenIsKept() {
        assertThat(FileFailures.describe(new FileSystemException("/full/b.db", null, "No space left on device")))
                .isEqualTo("/full/b.db: No space left on device");
        assertThat(FileFailures.describe(new AccessDeniedException("/b.db", null, "Read-only file system")))
                .isEqualTo("/b.db: Read-only file system");
        assertThat(FileFailures.describe(new IOException("Input/output error"))).isEqualTo("Input/output error");
    }
}
