package syslab.magic.fork;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import syslab.display.Html;
import syslab.fork.ForkDisplay;
import syslab.fork.ForkRunner;
import syslab.fork.GccCompiler;
import syslab.magic.CellMagic;
import syslab.magic.MagicException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/** {@code %%c}: the cell is a C program, compiled with gcc and run as %%fork runs Java. */
@Command(name = "c", mixinStandardHelpOptions = true,
    description = {
        "Compiles the cell as a C program with gcc and runs it, with stdout and stderr on a terminal, a pipe "
            + "or a file, exactly as %%%%fork runs Java: same options, same display. Compile errors are gcc's "
            + "own, with the cell's line numbers (the file is cell.c).",
        "The program gets what a shell gives it: fds 0-2 only, no blocked signals, default signal actions "
            + "(so SIGPIPE kills it, which the JVM never lets happen to itself), and may use what a JVM cannot "
            + "(vfork). Arguments after -- become argv[1..]."})
public class CMagic extends CellMagic {
    @Mixin
    RunOptions options;

    @Option(names = "--cflags", defaultValue = "", paramLabel = "FLAGS",
        description = "Options for gcc, e.g. --cflags='-O2 -Wall'.")
    String cflags;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
        description = "Also keep the program as FILE (relative to the kernel's working directory), "
            + "e.g. to run it again with %%strace ./FILE or in %%%%bash.")
    Path output;

    @Parameters(paramLabel = "ARGS", description = "Arguments for the program (write them after --).")
    List<String> args = new ArrayList<>();

    @Override
    public Object call() throws Exception {
        List<String> flags = cflags.isBlank() ? List.of() : List.of(cflags.trim().split("\\s+"));
        try (GccCompiler.Program program = GccCompiler.compile(body, flags)) {
            if (output != null) keep(program.binary());
            List<String> argv = new ArrayList<>(List.of(program.binary().toString()));
            argv.addAll(args);
            ForkRunner runner = options.runner("c", context::interrupted);
            List<Object> shown = new ArrayList<>();
            if (!program.warnings().isEmpty()) {
                shown.add(new Html("<pre>" + ForkDisplay.escape(program.warnings()) + "</pre>", program.warnings() + "\n"));
            }
            shown.addAll(ForkDisplay.show(options.modes().stream().map(mode -> runner.exec(mode, argv)).toList()));
            return shown;
        }
    }

    /** A copy, executable as gcc made it; a file already there is replaced, as gcc -o would. */
    private void keep(Path binary) throws IOException {
        Path target = output.toAbsolutePath();
        if (Files.isDirectory(target)) throw new MagicException("--output=" + output + ": is a directory");
        Files.copy(binary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
    }
}
