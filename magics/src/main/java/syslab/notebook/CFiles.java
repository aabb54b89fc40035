package syslab.notebook;

import syslab.fork.CompiledCache;
import syslab.fork.ForkResult;
import syslab.fork.ForkRunner;
import syslab.fork.StdoutMode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static syslab.notebook.Checks.check;

/**
 * The C programs a notebook saves with {@code %%writefile} and runs, as {@code %%c} runs a cell
 * ({@code import static syslab.notebook.CFiles.*;}): compiled once by gcc (the binary is kept by
 * {@link CompiledCache#user()} under a hash of the source and flags), run with stdout on a pipe
 * and the arguments as argv[1..], within {@link ForkRunner}'s timeout (10 s), after which its
 * process group is killed.
 */
public final class CFiles {
    /** The flags every program is compiled with. */
    public static final List<String> CFLAGS = List.of("-Wall", "-pthread");

    private static final ForkRunner RUNNER = new ForkRunner();  // %%c's defaults: 10 s, at most 64 processes

    private CFiles() { }

    /** What the program in file printed; a check fails unless it exits with 0 within the timeout. */
    public static String runC(String file, String... args) throws IOException, InterruptedException {
        return runC(List.of(), file, args);
    }

    /** The same, compiled with extraFlags after {@link #CFLAGS} (such as "-no-pie"). */
    public static String runC(List<String> extraFlags, String file, String... args) throws IOException, InterruptedException {
        String name = Path.of(file).getFileName().toString().replaceFirst("\\.c$", "");
        List<String> argv = new ArrayList<>(List.of(binary(file, extraFlags).toString()));
        argv.addAll(List.of(args));
        ForkResult r = RUNNER.exec(StdoutMode.PIPE, argv);
        String ended = r.main() == null ? "not reaped" : r.main().describe();
        check(!r.timedOut() && ended.equals("exit 0"),
                (name + " " + String.join(" ", args)).strip() + ": " + ended + " " + r.notes() + "\n" + r.output());
        return r.output();
    }

    /** The binary of the C program in file, compiled with {@link #CFLAGS} and extraFlags. */
    public static Path binary(String file, List<String> extraFlags) throws IOException, InterruptedException {
        String name = Path.of(file).getFileName().toString().replaceFirst("\\.c$", "");
        List<String> flags = new ArrayList<>(CFLAGS);
        flags.addAll(extraFlags);
        return CompiledCache.user().binary(name, Files.readString(Path.of(file)), flags);
    }

    /** The rest of the first line that starts with "key " in a program's output; a check fails if there is none. */
    public static String field(String output, String key) {
        return output.lines().filter(l -> l.startsWith(key + " ")).findFirst()
                .map(l -> l.substring(key.length() + 1).strip())
                .orElseThrow(() -> new AssertionError("check failed: no line '" + key + " ...' in:\n" + output));
    }
}
