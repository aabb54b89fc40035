package syslab.magic.builtin;

import static java.util.concurrent.TimeUnit.MILLISECONDS;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import syslab.magic.CellMagic;
import syslab.magic.MagicException;
import syslab.posix.C;
import syslab.posix.Constants;
import syslab.posix.ErrnoException;

/**
 * Runs a cell with a shell ({@code %%bash}, {@code %%sh}), streaming its output as it comes.
 * The shell leads a new session and process group (setsid(1)), so an interrupt can kill
 * everything it started, background jobs and grandchildren included, with one killpg.
 */
@Command(mixinStandardHelpOptions = true,
        description = {
            "Runs the cell with /bin/${COMMAND-NAME} -c CELL, stdin from /dev/null, in a new session and "
                + "process group. Its stdout and stderr appear as they are written. It inherits the kernel's "
                + "environment, including variables set with %%env.",
            "A non-zero exit status is printed on stderr (\"${COMMAND-NAME}: exit status 3\"); with "
                + "--raise-error it fails the cell instead, which stops Run All.",
            "Interrupting the cell sends SIGTERM to the whole process group, SIGKILL 0.5 s later.",
            "Cell form only: a shell line needs its quotes exactly as typed, and a magic's argument line "
                + "is split into words first. Use a one-line %%%%${COMMAND-NAME} cell.",
            "Output that background jobs (cmd &) write after the shell exits may be lost: redirect it."})
abstract class ScriptMagic extends CellMagic {
    private static final long POLL_MS = 50;
    private static final long GRACE_MS = 500;

    @Option(names = "--raise-error", description = "Fail the cell when the shell exits with a non-zero status.")
    boolean raiseError;

    private final String shell;

    ScriptMagic(String shell) {
        this.shell = shell;
    }

    @Override
    public Object call() throws IOException {
        String name = Path.of(shell).getFileName().toString();
        Process process = new ProcessBuilder("setsid", shell, "-c", body)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        // setsid(1) execs the shell in place (the child is no group leader), so pid == pgid
        int group = (int) process.pid();
        Thread out = pump(process.getInputStream(), System.out, name + " stdout");
        Thread err = pump(process.getErrorStream(), System.err, name + " stderr");
        try {
            while (process.isAlive() || out.isAlive() || err.isAlive()) {
                if (context.interrupted()) {
                    throw interrupted(name, group);
                }
                if (process.isAlive()) {
                    process.waitFor(POLL_MS, MILLISECONDS);
                } else {
                    out.join(POLL_MS);
                    err.join(POLL_MS);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw interrupted(name, group);
        } finally {
            // however the wait ended early (interrupt, or an error thrown into this thread), leave nothing running
            if (process.isAlive() || out.isAlive() || err.isAlive()) {
                kill(process, group, out, err);
            }
        }
        int status = process.exitValue();
        if (status != 0) {
            String message = name + ": exit status " + status;
            if (raiseError) {
                throw new MagicException(message);
            }
            System.err.println(message);
        }
        return null;
    }

    /** Copies a stream to {@code to} in chunks as they arrive: partial lines (prompts, progress) too. */
    private static Thread pump(InputStream from, PrintStream to, String threadName) {
        Thread thread = new Thread(() -> {
            try (Reader reader = new InputStreamReader(from, StandardCharsets.UTF_8)) {
                char[] chunk = new char[8192];
                for (int n; (n = reader.read(chunk)) >= 0; ) {
                    to.print(new String(chunk, 0, n));
                    to.flush();
                }
            } catch (IOException e) {
                to.println(threadName + ": " + e.getMessage());
            }
        }, threadName);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static MagicException interrupted(String name, int group) {
        return new MagicException(name + ": interrupted; killed process group " + group);
    }

    /** Kills the process group (TERM, then KILL) and lets the pumps drain what was written. */
    private static void kill(Process process, int group, Thread out, Thread err) {
        boolean interrupted = Thread.interrupted();  // cleared so that these bounded waits run their course
        killpg(group, Constants.SIGTERM);
        try {
            process.waitFor(GRACE_MS, MILLISECONDS);
        } catch (InterruptedException e) {
            interrupted = true;
        }
        killpg(group, Constants.SIGKILL);  // members that ignored SIGTERM or outlived the shell
        process.destroyForcibly();  // in case the interrupt came before setsid ran
        try {
            out.join(GRACE_MS);
            err.join(GRACE_MS);
        } catch (InterruptedException e) {
            interrupted = true;
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static void killpg(int group, int signal) {
        try {
            C.killpg(group, signal);
        } catch (ErrnoException e) {
            if (!e.name().equals("ESRCH")) {  // ESRCH: the whole group is gone already
                throw e;
            }
        }
    }
}
