package dev.ringback.adapters.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NativeLibraryCacheTest {
    @TempDir
    Path temp;

    private byte[] jarCopy() throws Exception {
        try (var in = NativeLibraryCache.class.getResourceAsStream(NativeLibraryCache.resource())) {
            return in.readAllBytes();
        }
    }

    @Test
    void extractsTheLibraryOnceIntoAPrivateDirectoryAndReusesIt() throws Exception {
        Path directory = temp.resolve("cache").resolve("native");

        Path library = NativeLibraryCache.prepare(directory, NativeLibraryCache.resource()).orElseThrow();

        assertThat(library.getParent()).isEqualTo(directory);
        assertThat(Files.readAllBytes(library)).isEqualTo(jarCopy());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(directory))).isEqualTo("rwx------");
        FileTime marked = FileTime.from(Instant.parse("2020-01-01T00:00:00Z"));
        Files.setLastModifiedTime(library, marked);

        assertThat(NativeLibraryCache.prepare(directory, NativeLibraryCache.resource())).contains(library);
        assertThat(Files.getLastModifiedTime(library)).as("reused, not written again").isEqualTo(marked);
        try (var files = Files.list(directory)) {
            assertThat(files).containsExactly(library);
        }
    }

    @Test
    void aDamagedCopyIsReplaced() throws Exception {
        Path directory = temp.resolve("native");
        Path library = NativeLibraryCache.prepare(directory, NativeLibraryCache.resource()).orElseThrow();
        byte[] damaged = jarCopy();
        damaged[damaged.length / 2] ^= 1;
        Files.write(library, damaged);

        assertThat(NativeLibraryCache.prepare(directory, NativeLibraryCache.resource())).contains(library);

        assertThat(Files.readAllBytes(library)).isEqualTo(jarCopy());
    }

    @Test
    void aDirectoryOthersCanWriteIsNotUsed() throws Exception {
        Path directory = Files.createDirectory(temp.resolve("shared"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxrwxrwx"));

        assertThat(NativeLibraryCache.prepare(directory, NativeLibraryCache.resource())).isEmpty();
        try (var files = Files.list(directory)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void aResourceThatIsNotThereGivesNothing() throws Exception {
        assertThat(NativeLibraryCache.prepare(temp.resolve("native"), "/no/such/library.so")).isEqualTo(Optional.empty());
    }
}
