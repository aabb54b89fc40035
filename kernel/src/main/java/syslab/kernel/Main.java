package syslab.kernel;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code java -jar syslab.jar install ...} installs the kernelspec; {@code kernel FILE} runs the kernel. */
@Command(name = "syslab", mixinStandardHelpOptions = true,
        description = "SysLab: a Java Jupyter kernel for Linux systems experiments.",
        subcommands = {Installer.class, Main.Run.class, Main.WarmUp.class})
public final class Main implements Runnable {
    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }

    @Command(name = "kernel", description = "Run the kernel for a Jupyter connection file.")
    static final class Run implements Callable<Integer> {
        @Parameters(paramLabel = "CONNECTION_FILE")
        Path connectionFile;

        @Override
        public Integer call() throws Exception {
            Kernel.run(connectionFile);
            return 0;
        }
    }

    /** Loads what a session uses, so that the install can archive those classes (AppCDS). */
    @Command(name = "warm-up", hidden = true)
    static final class WarmUp implements Callable<Integer> {
        @Override
        public Integer call() {
            Kernel.warmUpForArchive();
            return 0;
        }
    }

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        int code = new CommandLine(new Main()).execute(args);
        if (args.length == 0 || !"kernel".equals(args[0])) System.exit(code);
    }
}
