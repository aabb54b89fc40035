package syslab.experiments.common;

import syslab.fork.CompiledCache;
import syslab.fork.ForkResult;
import syslab.fork.ForkRunner;
import syslab.fork.GccCompiler;
import syslab.fork.ProcessEnd;
import syslab.fork.StdoutMode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CancellationException;

/**
 * An experiment's C version, run beside it so that a figure can be split into the kernel's cost
 * (C) and what the JVM's path adds. The source is a resource beside the experiment's class,
 * compiled once per source ({@link CompiledCache}), and run one configuration at a time with its
 * parameters on the command line, in a process group of its own that a time limit or the
 * monitor's stop kills ({@link ForkRunner}).
 */
public final class CProgram {
    /** Processes the program may have at once: wait_cost's children hold 4,000 idle sockets each. */
    private static final int MAX_PROCS = 64;

    private final String name;
    private final Path binary;

    private CProgram(String name, Path binary) {
        this.name = name;
        this.binary = binary;
    }

    /** {@code source} ("wait_cost.c", a resource in {@code experiment}'s package), compiled unless the cache has it. */
    public static CProgram of(Class<?> experiment, String source, List<String> cflags) {
        String name = source.replaceFirst("\\.c$", "");
        try (InputStream in = experiment.getResourceAsStream(source)) {
            if (in == null) throw new IllegalStateException(source + " is missing from the build, beside " + experiment.getName());
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return new CProgram(name, CompiledCache.user().binary(name, text, cflags));
        } catch (GccCompiler.Missing e) {
            throw new GccCompiler.CompileError("--with-c needs gcc: " + GccCompiler.INSTALL + " (" + e.reason() + ")");
        } catch (IOException e) {
            throw new UncheckedIOException("compiling " + source, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted while gcc compiled " + source);
        }
    }

    /**
     * What the program printed (stdout and stderr) when run with {@code args}. Stops it (SIGTERM,
     * then SIGKILL to its group) once the monitor says so, which then throws CancellationException;
     * a run that outlives {@code limit} or fails is an IllegalStateException.
     */
    public String run(Duration limit, Monitor monitor, Object... args) {
        List<String> words = Arrays.stream(args).map(String::valueOf).toList();
        List<String> argv = new ArrayList<>(List.of(binary.toString()));
        argv.addAll(words);
        ForkResult r = new ForkRunner(limit, MAX_PROCS, monitor::stopped).exec(StdoutMode.PIPE, argv);
        monitor.check();
        String command = String.join(" ", name, String.join(" ", words)).strip();
        if (r.timedOut()) {
            throw new IllegalStateException(command + ": no result within " + limit.toSeconds() + " s; its process group was killed");
        }
        ProcessEnd end = r.main();
        if (end == null || end.exitStatus() != 0) {
            throw new IllegalStateException(command + ": " + (end == null ? "not reaped" : end.describe()) + ": " + r.output().strip());
        }
        return r.output();
    }

    /** The number after {@code key} on a line "KEY NUMBER" of {@code output}. */
    public static double value(String output, String key) {
        return output.lines().filter(l -> l.startsWith(key + " ")).findFirst()
            .map(l -> Double.parseDouble(l.substring(key.length() + 1).strip()))
            .orElseThrow(() -> new IllegalStateException("no '" + key + "' in the C program's output: " + output.strip()));
    }
}
