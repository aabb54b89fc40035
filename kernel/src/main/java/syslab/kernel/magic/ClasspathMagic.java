package syslab.kernel.magic;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import syslab.magic.MagicException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

@Command(name = "classpath", mixinStandardHelpOptions = true,
        description = "Add jars or class folders to the classpath of later cells.")
public final class ClasspathMagic extends KernelMagic {
    @Parameters(paramLabel = "PATH", arity = "1..*", description = "Jar files or directories.")
    List<Path> paths;

    @Override
    public Object call() {
        for (Path path : paths) {
            if (!Files.exists(path)) throw new MagicException("classpath: " + path + ": no such file or directory");
            kernel.addToClasspath(path.toAbsolutePath().toString());
            System.out.println("Added " + path.toAbsolutePath());
        }
        return null;
    }
}
