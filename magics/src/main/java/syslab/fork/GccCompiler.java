package syslab.fork;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import syslab.posix.Errno;

/** Compiles a cell's C source with gcc in a temporary directory. */
public final class GccCompiler {
    private GccCompiler() { }

    static final String SOURCE = "cell.c";
    static final int TIMEOUT_SECONDS = 60;
    /** What installs gcc and the C library's headers (gcc only recommends libc6-dev). */
    public static final String INSTALL = "apt-get install gcc libc6-dev";
    /** A header every C program reaches for: absent, libc6-dev is not installed. */
    private static final Path LIBC_HEADER = Path.of("/usr/include/stdio.h");

    /** A compiled program; close() deletes it and its directory. */
    public record Program(Path dir, Path binary, String warnings) implements AutoCloseable {
        @Override
        public void close() {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** gcc's own messages, with the file named cell.c so that line numbers refer to the cell. */
    public static class CompileError extends syslab.magic.MagicException {
        public CompileError(String message) { super(message); }
    }

    /** gcc, or the C library's headers, is not installed: {@link #reason()} says which, the message how to install them. */
    public static final class Missing extends CompileError {
        private final String reason;

        Missing(String reason) {
            super(reason + " (" + INSTALL + ")");
            this.reason = reason;
        }

        /** "cannot run gcc: ENOENT (No such file or directory)". */
        public String reason() { return reason; }
    }

    public static Program compile(String source, List<String> cflags) throws IOException, InterruptedException {
        return compile("gcc", source, cflags);
    }

    /** With the compiler named {@code gcc}: a test names one that is not there. */
    static Program compile(String gcc, String source, List<String> cflags) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("syslab-c-");
        Files.writeString(dir.resolve(SOURCE), source, StandardCharsets.UTF_8);
        List<String> cmd = new ArrayList<>(List.of(gcc, "-fdiagnostics-color=never"));
        cmd.addAll(cflags);
        cmd.addAll(List.of("-o", "cell", SOURCE));
        Path log = dir.resolve("gcc.log");
        Program program = new Program(dir, dir.resolve("cell"), "");
        Process process;
        try {
            process = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        } catch (IOException e) {
            program.close();
            throw new Missing("cannot run " + gcc + ": " + errno(e));
        }
        boolean finished = process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        if (!finished) process.destroyForcibly().waitFor();
        String messages = Files.readString(log, StandardCharsets.UTF_8).strip();
        if (!finished || process.exitValue() != 0) {
            program.close();
            if (finished && !Files.exists(LIBC_HEADER)) throw new Missing("the C library's headers are missing (no " + LIBC_HEADER + ")");
            throw new CompileError(!finished ? "gcc did not finish within " + TIMEOUT_SECONDS + " s"
                : messages.isEmpty() ? "gcc failed (exit " + process.exitValue() + ")" : messages);
        }
        return new Program(dir, program.binary(), messages);
    }

    /**
     * "ENOENT (No such file or directory)" from ProcessBuilder's message: "...: error=2, No such file
     * or directory" up to JDK 17, "...: Exec failed, error: 2 (No such file or directory) " from 21.
     */
    private static String errno(IOException e) {
        Matcher m = Pattern.compile("error(?:=|: )(\\d+)(?:, | \\()([^)]*)").matcher(String.valueOf(e.getMessage()));
        return m.find() ? Errno.name(Integer.parseInt(m.group(1))) + " (" + m.group(2) + ")" : String.valueOf(e.getMessage());
    }
}
