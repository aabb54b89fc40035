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
import java.util.stream.Stream;

/** Compiles a cell's C source with gcc in a temporary directory. */
public final class GccCompiler {
    private GccCompiler() { }

    static final String SOURCE = "cell.c";
    static final int TIMEOUT_SECONDS = 60;

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
    public static final class CompileError extends syslab.magic.MagicException {
        public CompileError(String message) { super(message); }
    }

    public static Program compile(String source, List<String> cflags) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("syslab-c-");
        Files.writeString(dir.resolve(SOURCE), source, StandardCharsets.UTF_8);
        List<String> cmd = new ArrayList<>(List.of("gcc", "-fdiagnostics-color=never"));
        cmd.addAll(cflags);
        cmd.addAll(List.of("-o", "cell", SOURCE));
        Path log = dir.resolve("gcc.log");
        Program program = new Program(dir, dir.resolve("cell"), "");
        Process gcc;
        try {
            gcc = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        } catch (IOException e) {
            program.close();
            throw new CompileError("cannot run gcc (is it installed?): " + e.getMessage());
        }
        boolean finished = gcc.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        if (!finished) gcc.destroyForcibly().waitFor();
        String messages = Files.readString(log, StandardCharsets.UTF_8).strip();
        if (!finished || gcc.exitValue() != 0) {
            program.close();
            throw new CompileError(!finished ? "gcc did not finish within " + TIMEOUT_SECONDS + " s"
                : messages.isEmpty() ? "gcc failed (exit " + gcc.exitValue() + ")" : messages);
        }
        return new Program(dir, program.binary(), messages);
    }
}
