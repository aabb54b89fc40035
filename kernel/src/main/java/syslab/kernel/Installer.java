package syslab.kernel;

import com.google.gson.GsonBuilder;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * Installs the kernelspec {@code syslab}: kernel.json plus a copy of this jar, so the install does
 * not depend on the build tree staying where it is.
 */
@Command(name = "install", mixinStandardHelpOptions = true,
        description = "Install the SysLab kernelspec (default: system-wide as root, else --user).")
final class Installer implements Callable<Integer> {
    /**
     * A small, fast-starting JVM: serial GC, C1 only, heap returned to the OS when idle. The heap's
     * limit is half the memory the process may use (the container's limit where there is one, as
     * the JVM reads it from its cgroup), so a 1 GiB JupyterHub pod gets an OutOfMemoryError in the
     * cell instead of the kernel being OOM-killed; the other half is JShell, classes and native memory.
     * C1 compiles a method after a fifth of the usual calls: javac's code, which every cell runs, is
     * then compiled within the first 20 or so cells instead of about 400 (a trivial cell's p50 over
     * cells 20-220: 6.1 ms instead of 8.0; 0.1 was no faster and slowed the first cell).
     */
    static final List<String> JVM_FLAGS = List.of(
            "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:CompileThresholdScaling=0.2", "-Xms16m", "-XX:MaxRAMPercentage=50",
            "-XX:MinHeapFreeRatio=10", "-XX:MaxHeapFreeRatio=30", "-Xss2m",
            "-Djava.awt.headless=true", "-Dfile.encoding=UTF-8");

    /**
     * Runs the rest of argv with fds 0, 1 and 2 open (on /dev/null where closed): a JVM started
     * without them puts its own files there (the modules image on 0, the jar on 1), and the
     * kernel's output capture would then replace the jar with a pipe.
     */
    static final List<String> STD_FDS_OPEN = List.of("/bin/sh", "-c",
            "for fd in 0 1 2; do [ -e /proc/self/fd/$fd ] || eval \"exec $fd<>/dev/null\"; done; exec \"$@\"",
            "syslab-kernel");

    /** JVM_FLAGS plus what a newer JDK needs so that its warnings never land in a cell. */
    static List<String> jvmFlags(int feature) {
        List<String> flags = new ArrayList<>(JVM_FLAGS);
        // JNA loads its library with System::load, a restricted method: JDK 24 warns on first use.
        if (feature >= 22) flags.add("--enable-native-access=ALL-UNNAMED");
        // classgraph (through jjava) uses sun.misc.Unsafe's memory access: JDK 24 warns on first use.
        if (feature >= 23) flags.add("--sun-misc-unsafe-memory-access=allow");
        return flags;
    }

    static final class Where {
        @Option(names = "--user", description = "Install for the current user (~/.local/share/jupyter).")
        boolean user;
        @Option(names = "--sys-prefix", description = "Install into the Jupyter Python's sys.prefix.")
        boolean sysPrefix;
        @Option(names = "--prefix", paramLabel = "DIR", description = "Install into DIR/share/jupyter/kernels.")
        Path prefix;
    }

    @ArgGroup(exclusive = true)
    Where where = new Where();

    @Option(names = "--name", defaultValue = "syslab", description = "Kernelspec name (default: ${DEFAULT-VALUE}).")
    String name;

    @Option(names = "--max-tasks", paramLabel = "N",
            description = "Cap the kernel's processes and threads, as a whole, at N (0: no cap; default "
                    + TaskCap.DEFAULT_MAX + "); written into kernel.json as " + TaskCap.ENV + ".")
    Integer maxTasks;

    @Override
    public Integer call() throws IOException, InterruptedException, URISyntaxException {
        if (maxTasks != null && maxTasks < 0) {
            System.err.println("--max-tasks must be 0 (no cap) or more, not " + maxTasks);
            return 2;
        }
        Path dir = kernelsDir().resolve(name);
        Files.createDirectories(dir);
        Path jar = Path.of(Installer.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path installedJar = dir.resolve("syslab.jar");
        // Copy then rename: a kernel still running from the old jar keeps its file, and two
        // installs at once cannot interleave.
        Path copy = Files.createTempFile(dir, "syslab", ".jar.tmp");
        Files.copy(jar, copy, StandardCopyOption.REPLACE_EXISTING);
        Files.move(copy, installedJar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> argv = new ArrayList<>(STD_FDS_OPEN);
        argv.add(javaBin);
        List<String> flags = jvmFlags(Runtime.version().feature());
        argv.addAll(flags);
        ClassArchive kind = ClassArchive.forFeature(Runtime.version().feature());
        Path archive = dir.resolve(kind.file);
        for (ClassArchive other : ClassArchive.values()) {
            if (other != kind) Files.deleteIfExists(dir.resolve(other.file)); // from an install on another JDK
        }
        if (archiveClasses(javaBin, flags, installedJar, archive, kind)) argv.add(kind.use + archive);
        argv.addAll(List.of("-jar", installedJar.toString(), "kernel", "{connection_file}"));
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("argv", argv);
        spec.put("display_name", "Java (SysLab)");
        spec.put("language", "java");
        spec.put("interrupt_mode", "message");
        spec.put("env", maxTasks == null ? Map.of() : Map.of(TaskCap.ENV, String.valueOf(maxTasks)));
        spec.put("metadata", Map.of("debugger", false));
        Files.writeString(dir.resolve("kernel.json"), new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(spec) + "\n");
        System.out.println("Installed kernelspec " + name + " in " + dir);
        return 0;
    }

    /**
     * How a warmed-up session's classes are kept for the next start. JDK 25's AOT cache (JEP 514) is
     * trained with the kernel's own flags; a dynamic CDS archive sits on the JDK's default archive,
     * dumped without --enable-native-access, so on JDK 22+ it logs a mismatch error at every start.
     */
    enum ClassArchive {
        DYNAMIC_CDS("syslab.jsa", "-XX:ArchiveClassesAtExit=", "-XX:SharedArchiveFile="),
        AOT_CACHE("syslab.aot", "-XX:AOTCacheOutput=", "-XX:AOTCache=");

        final String file, make, use;

        ClassArchive(String file, String make, String use) {
            this.file = file;
            this.make = make;
            this.use = use;
        }

        static ClassArchive forFeature(int feature) {
            return feature >= 25 ? AOT_CACHE : DYNAMIC_CDS;
        }
    }

    /** Writes a class archive of a warmed-up session; a kernel starts without one if this fails. */
    static boolean archiveClasses(String javaBin, List<String> flags, Path jar, Path archive, ClassArchive kind)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(javaBin));
        command.addAll(flags);
        Path fresh = Files.createTempFile(archive.getParent(), "syslab", ".archive.tmp");
        Files.delete(fresh); // the JVM must create it
        command.addAll(List.of(kind.make + fresh, "-jar", jar.toString(), "warm-up"));
        Path log = Files.createTempFile("syslab-archive", ".log");
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            boolean ended = p.waitFor(120, java.util.concurrent.TimeUnit.SECONDS);
            if (ended && p.exitValue() == 0 && Files.exists(fresh)) {
                Files.move(fresh, archive, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                return true;
            }
            p.destroyForcibly();
            Files.deleteIfExists(fresh);
            String why = !ended ? "the warm-up took over 120 s"
                    : p.exitValue() != 0 ? "the warm-up exited with status " + p.exitValue()
                    : "the JVM wrote no archive";
            System.out.println("Note: no class-data archive (" + archive + "); the kernel starts without it: " + why);
            // The JVM's last words say why (CDS lists every class it skips before them).
            List<String> lines = new String(Files.readAllBytes(log), java.nio.charset.StandardCharsets.UTF_8).lines().toList();
            lines.subList(Math.max(0, lines.size() - 5), lines.size()).forEach(l -> System.out.println("  " + l));
            return false;
        } finally {
            Files.deleteIfExists(log);
        }
    }

    private Path kernelsDir() throws IOException, InterruptedException {
        if (where.prefix != null) return where.prefix.resolve("share/jupyter/kernels");
        if (where.sysPrefix) return Path.of(pythonSysPrefix(), "share/jupyter/kernels");
        boolean root = "root".equals(System.getProperty("user.name"));
        if (where.user || !root) {
            String data = System.getenv("JUPYTER_DATA_DIR");
            return data != null ? Path.of(data, "kernels")
                    : Path.of(System.getProperty("user.home"), ".local/share/jupyter/kernels");
        }
        return Path.of("/usr/local/share/jupyter/kernels");
    }

    /** sys.prefix of the Python that runs Jupyter (Debian's, when it is there). */
    private static String pythonSysPrefix() throws IOException, InterruptedException {
        String python = Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
        Process p = new ProcessBuilder(python, "-c", "import sys; print(sys.prefix)").start();
        String prefix = new String(p.getInputStream().readAllBytes()).strip();
        if (p.waitFor() != 0 || prefix.isEmpty()) throw new IOException("cannot ask " + python + " for sys.prefix");
        return prefix;
    }
}
