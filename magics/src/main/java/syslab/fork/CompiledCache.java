package syslab.fork;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * C programs compiled once: gcc's binary is kept in a directory under a name made from a hash of
 * the source and the flags, so a second run of the same source finds it there and does not call gcc,
 * and a changed source gets a binary of its own.
 */
public final class CompiledCache {
    /** The private directory of {@link #user()} where no user cache can be made; made once. */
    private static Path fallback;

    private final Path dir;

    public CompiledCache(Path dir) {
        this.dir = dir;
    }

    /**
     * $XDG_CACHE_HOME/syslab/c, or ~/.cache/syslab/c: the user's, as a compiled program is. Where
     * that cannot be made (a read-only home), a fresh private directory in java.io.tmpdir, kept for
     * this JVM: a shared /tmp name could be someone else's, with a binary of theirs in it.
     */
    public static synchronized CompiledCache user() throws IOException {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        Path dir = base.resolve("syslab").resolve("c");
        try {
            Files.createDirectories(dir);
            if (Files.isWritable(dir)) return new CompiledCache(dir);
        } catch (IOException e) {
            // not there and cannot be made: the fallback below
        }
        if (fallback == null) fallback = Files.createTempDirectory("syslab-c-");
        return new CompiledCache(fallback);
    }

    /** The binary of {@code source} compiled with {@code cflags}, named {@code name}-HASH; compiled by {@link GccCompiler} if not there yet. */
    public Path binary(String name, String source, List<String> cflags) throws IOException, InterruptedException {
        Path binary = dir.resolve(name + "-" + hash(source, cflags));
        if (Files.isExecutable(binary)) return binary;
        try (GccCompiler.Program program = GccCompiler.compile(source, cflags)) {
            Files.createDirectories(dir);
            // copied beside its final name, then renamed: another kernel compiling the same source meanwhile sees a whole file or none
            Path part = Files.createTempFile(dir, name + "-", ".part");
            try {
                Files.copy(program.binary(), part, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
                Files.move(part, binary, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(part);
            }
        }
        return binary;
    }

    /** The first 16 hex digits of SHA-256 over the flags and the source. */
    static String hash(String source, List<String> cflags) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(String.join("\0", cflags).getBytes(StandardCharsets.UTF_8));
            sha.update((byte) '\n');
            sha.update(source.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest()).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
