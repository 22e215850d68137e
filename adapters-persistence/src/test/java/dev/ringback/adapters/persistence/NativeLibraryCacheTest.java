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

    @Test
    void thePlatformFolderIsSqliteJdbcsOwnAnswer() {
        assertThat(NativeLibraryCache.folder()).isEqualTo(org.sqlite.util.OSInfo.getNativeLibFolderPathForCurrentOS());
    }

    @Test
    void onlyAPlainGlibcLinuxOnX86OrArmIsAnsweredWithoutOsInfo() {
        Optional<String> glibc = Optional.of("7f00-7f01 r-xp 00000000 fe:01 123 /usr/lib/x86_64-linux-gnu/libc.so.6\n");
        assertThat(NativeLibraryCache.plainLinuxFolder("Linux", "amd64", "OpenJDK Runtime Environment", glibc))
                .contains("Linux/x86_64");
        assertThat(NativeLibraryCache.plainLinuxFolder("Linux", "aarch64", "OpenJDK Runtime Environment", glibc))
                .contains("Linux/aarch64");

        Optional<String> musl = Optional.of("7f00-7f01 r-xp 00000000 fe:01 123 /lib/ld-musl-x86_64.so.1\n");
        Optional<String> termux = Optional.of("7f00-7f01 r-xp 00000000 fe:01 123 /apex/com.android.runtime/lib64/bionic/libc.so\n");
        assertThat(NativeLibraryCache.plainLinuxFolder("Linux", "amd64", "OpenJDK Runtime Environment", musl)).isEmpty();
        assertThat(NativeLibraryCache.plainLinuxFolder("Linux", "aarch64", "OpenJDK Runtime Environment", termux)).isEmpty();
        assertThat(NativeLibraryCache.plainLinuxFolder("Linux", "aarch64", "Android Runtime", glibc)).isEmpty();
        assertThat(NativeLibraryCache.plainLinuxFolder("Linux", "arm", "OpenJDK Runtime Environment", glibc)).isEmpty();
        assertThat(NativeLibraryCache.plainLinuxFolder("Mac OS X", "aarch64", "OpenJDK Runtime Environment", glibc)).isEmpty();
        assertThat(NativeLibraryCache.plainLinuxFolder("Linux", "amd64", "OpenJDK Runtime Environment", Optional.empty())).isEmpty();
    }
}
