package syslab.magic.builtin;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import syslab.magic.CellMagic;

/** {@code %%writefile [-a] FILE}: IPython's cell magic that saves the cell to a file. */
@Command(name = "writefile", mixinStandardHelpOptions = true,
        description = {
            "Writes the cell's body to FILE (UTF-8), ending it with a newline if it lacks one, and says "
                + "\"Writing FILE\", \"Overwriting FILE\" or \"Appending to FILE\".",
            "A relative FILE is relative to the kernel's working directory; a leading ~/ is the home "
                + "directory. Missing parent directories are not created."})
public class WriteFile extends CellMagic {
    @Option(names = {"-a", "--append"}, description = "Append to FILE instead of replacing it.")
    boolean append;

    @Parameters(paramLabel = "FILE", description = "The file to write.")
    String file;

    @Override
    public Object call() throws Exception {
        Path path = UserFiles.path(file);
        boolean exists = Files.exists(path);
        String verb = append && exists ? "Appending to " : exists ? "Overwriting " : "Writing ";
        String text = body.isEmpty() || body.endsWith("\n") ? body : body + "\n";
        try {
            if (append) {
                Files.writeString(path, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            } else {
                Files.writeString(path, text, StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw UserFiles.error("writefile", file, e);
        }
        System.out.println(verb + file);
        return null;
    }
}
