package dev.ringback.adapters.persistence;

import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.net.JarURLConnection;
import java.net.URL;
import java.net.URLConnection;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import org.sqlite.util.OSInfo;

/**
 * Keeps sqlite-jdbc's native library extracted between starts. Left alone, sqlite-jdbc copies it
 * out of the jar into a new temporary file on every start and reads both copies back to compare
 * them: a few hundred milliseconds of a cold start on a busy machine. Here it is extracted once
 * into a private cache directory (created 0700) and reused while it matches the jar's entry (size
 * and CRC, which the jar's directory holds without inflating anything).
 *
 * <p>An operator who sets {@code org.sqlite.lib.path} keeps full control; if anything here fails,
 * sqlite-jdbc extracts as it always did.
 */
final class NativeLibraryCache {
    static final String LIB_PATH = "org.sqlite.lib.path";
    static final String LIB_NAME = "org.sqlite.lib.name";
    private static final System.Logger LOG = System.getLogger(NativeLibraryCache.class.getName());
    private static final Set<PosixFilePermission> PRIVATE = EnumSet.of(
            PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE);
    private static boolean installed;

    private NativeLibraryCache() {}

    /** Points sqlite-jdbc at the cached library, once per process, unless the operator already chose one. */
    static synchronized void install() {
        if (installed || System.getProperty(LIB_PATH) != null) {
            return;
        }
        installed = true;
        try {
            Optional<Path> library = prepare(defaultDirectory(), resource());
            if (library.isPresent()) {
                System.setProperty(LIB_PATH, library.get().getParent().toString());
                System.setProperty(LIB_NAME, library.get().getFileName().toString());
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.DEBUG, "native library cache not used: {0}", e.toString());
        }
    }

    /** sqlite-jdbc's own resource for this platform. */
    static String resource() {
        return "/org/sqlite/native/" + folder() + "/" + System.mapLibraryName("sqlitejdbc");
    }

    /**
     * sqlite-jdbc's folder for this platform. OSInfo finds it by starting {@code uname -o} (is
     * this Android's Termux?) and resolving every mapping of the process (is the C library
     * musl?): ~75 ms of every start and every operator command, cold. On a glibc Linux on x86-64
     * or ARM64 the answer is plain, read from the process's own mappings in one file; anything
     * else asks OSInfo. Were the answer ever wrong, the library would fail to load and
     * sqlite-jdbc would find its own, as it does without the cache.
     */
    static String folder() {
        return plainLinuxFolder(System.getProperty("os.name", ""), System.getProperty("os.arch", ""),
                System.getProperty("java.runtime.name", ""), mappings())
                .orElseGet(OSInfo::getNativeLibFolderPathForCurrentOS);
    }

    /** The folder when the platform is a plain glibc Linux on x86-64 or ARM64; empty otherwise. */
    static Optional<String> plainLinuxFolder(String osName, String osArch, String runtimeName, Optional<String> mappings) {
        String arch = "amd64".equals(osArch) || "x86_64".equals(osArch) ? "x86_64"
                : "aarch64".equals(osArch) ? "aarch64" : null;
        if (!"Linux".equals(osName) || arch == null || runtimeName.toLowerCase(Locale.ROOT).contains("android")
                || mappings.isEmpty()) {
            return Optional.empty();
        }
        String libraries = mappings.get().toLowerCase(Locale.ROOT);
        // musl (Alpine), or Android's bionic under Termux: sqlite-jdbc ships other builds for those.
        if (libraries.contains("musl") || libraries.contains("/apex/") || libraries.contains("/system/lib")
                || libraries.contains("bionic")) {
            return Optional.empty();
        }
        return Optional.of("Linux/" + arch);
    }

    private static Optional<String> mappings() {
        try {
            return Optional.of(Files.readString(Path.of("/proc/self/maps"), StandardCharsets.ISO_8859_1));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * The cached copy of {@code resource} in {@code directory}, extracted first if missing or
     * different from the jar's entry. Empty when the resource is not in a jar (nothing to compare
     * against cheaply) or the directory is not private to this user.
     */
    static Optional<Path> prepare(Path directory, String resource) throws IOException {
        URL url = NativeLibraryCache.class.getResource(resource);
        if (url == null) {
            return Optional.empty();
        }
        URLConnection connection = url.openConnection();
        if (!(connection instanceof JarURLConnection)) {
            return Optional.empty();
        }
        connection.setUseCaches(false);
        ZipEntry entry = ((JarURLConnection) connection).getJarEntry();
        if (entry.getSize() < 0 || entry.getCrc() < 0) {
            return Optional.empty();
        }
        if (!privateDirectory(directory)) {
            return Optional.empty();
        }
        // The entry's size and CRC name the file: a new sqlite-jdbc gets its own copy next to the old one.
        String name = Long.toHexString(entry.getCrc()) + "-" + entry.getSize() + "-" + System.mapLibraryName("sqlitejdbc");
        Path library = directory.resolve(name);
        if (matches(library, entry)) {
            return Optional.of(library);
        }
        Path partial = Files.createTempFile(directory, "extract-", ".tmp");
        try {
            try (InputStream in = connection.getInputStream()) {
                Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
            }
            Files.setPosixFilePermissions(partial, PRIVATE);
            if (!matches(partial, entry)) {
                return Optional.empty();
            }
            Files.move(partial, library, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return Optional.of(library);
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    private static boolean matches(Path file, ZipEntry entry) throws IOException {
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) || Files.size(file) != entry.getSize()) {
            return false;
        }
        CRC32 crc = new CRC32();
        crc.update(Files.readAllBytes(file));
        return crc.getValue() == entry.getCrc();
    }

    /** Creates the directory 0700 if needed; only a directory of ours that nobody else can write is used. */
    private static boolean privateDirectory(Path directory) throws IOException {
        if (!directory.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return false;
        }
        try {
            Files.createDirectories(directory.getParent());
            Files.createDirectory(directory, PosixFilePermissions.asFileAttribute(PRIVATE));
        } catch (FileAlreadyExistsException exists) {
            // Checked below.
        }
        return Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS)
                && Files.getOwner(directory, LinkOption.NOFOLLOW_LINKS).getName().equals(System.getProperty("user.name"))
                && Files.getPosixFilePermissions(directory, LinkOption.NOFOLLOW_LINKS).equals(PRIVATE);
    }

    /** {@code $XDG_CACHE_HOME/ringback/native}, or {@code ~/.cache/ringback/native}. */
    static Path defaultDirectory() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path cache = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return cache.resolve("ringback").resolve("native");
    }
}
