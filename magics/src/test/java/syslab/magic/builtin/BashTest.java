package syslab.magic.builtin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import syslab.magic.MagicException;
import syslab.magic.MagicRunner;
import syslab.magic.OutputCapture;
import syslab.magic.TestMagicContext;
import syslab.procfs.ProcStat;

class BashTest {
    @TempDir
    Path dir;

    private final TestMagicContext context = new TestMagicContext();
    private final ExecutorService cell = Executors.newSingleThreadExecutor();

    @AfterEach
    void stopCell() {
        cell.shutdownNow();
    }

    @Test
    void outputArrivesWhileTheScriptStillRuns() throws Exception {
        // The script waits (10 s at most) for a file the test creates only after seeing "first":
        // "second" comes out only if "first" was shown before the script ended.
        Path go = dir.resolve("go");
        String script = "echo first\n"
                + "i=0; while [ ! -e '" + go + "' ] && [ $i -lt 1000 ]; do sleep 0.01; i=$((i+1)); done\n"
                + "[ -e '" + go + "' ] && echo second\n";
        try (OutputCapture output = new OutputCapture(text -> {
            if (text.startsWith("first\n")) {
                touch(go);  // on every later write too, hence idempotent
            }
        })) {
            MagicRunner.run(new Bash(), "", script, context);
            assertEquals("first\nsecond\n", output.out());
            assertEquals("", output.err());
        }
    }

    @Test
    void aNonZeroExitStatusIsPrintedOrWithRaiseErrorFailsTheCell() throws Exception {
        try (OutputCapture output = new OutputCapture()) {
            MagicRunner.run(new Bash(), "", "echo out; echo err >&2; exit 3", context);
            assertEquals("out\n", output.out());
            assertEquals("err\nbash: exit status 3\n", output.err());
        }
        try (OutputCapture output = new OutputCapture()) {
            MagicException e = assertThrows(MagicException.class,
                    () -> MagicRunner.run(new Sh(), "--raise-error", "exit 2", context));
            assertEquals("sh: exit status 2", e.getMessage());
            assertEquals("", output.err());
        }
    }

    @Test
    void interruptKillsTheShellAndEverythingItStarted() throws Exception {
        String script = "echo shell $$\nsleep 100 &\necho background $!\n(sleep 100; true) &\necho background $!\n"
                + "echo started\nwait\n";
        Future<Object> run;
        String out;
        try (OutputCapture output = new OutputCapture(text -> {
            if (text.contains("started\n")) {
                context.interrupt();
            }
        })) {
            run = cell.submit(() -> MagicRunner.run(new Bash(), "", script, context));
            ExecutionException e = assertThrows(ExecutionException.class, () -> run.get(20, TimeUnit.SECONDS));
            assertTrue(e.getCause() instanceof MagicException, e.getCause().toString());
            assertTrue(e.getCause().getMessage().startsWith("bash: interrupted; killed process group "),
                    e.getCause().getMessage());
            out = output.out();
        }
        List<Long> pids = Pattern.compile("(?:shell|background) (\\d+)").matcher(out).results()
                .map(m -> Long.parseLong(m.group(1))).toList();
        assertEquals(3, pids.size(), out);
        for (long pid : pids) {
            assertTrue(ended(pid), "process " + pid + " survived the interrupt");
        }
    }

    @Test
    void interruptingTheCellThreadAlsoKillsTheShell() throws Exception {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread runner = new Thread(() -> {
            try {
                MagicRunner.run(new Bash(), "", "echo pid $$; sleep 100", context);
            } catch (Throwable e) {
                failure.set(e);
            }
        });
        String out;
        try (OutputCapture output = new OutputCapture(text -> {
            if (text.startsWith("pid ")) {
                runner.interrupt();
            }
        })) {
            runner.start();
            runner.join(20_000);
            out = output.out();
        }
        assertTrue(failure.get() instanceof MagicException, String.valueOf(failure.get()));
        long pid = Long.parseLong(out.replaceAll("(?s)pid (\\d+).*", "$1"));
        assertTrue(ended(pid), "the shell survived");
    }

    @Test
    void shellsRunTheCellOnly() {
        MagicException e = assertThrows(MagicException.class, () -> MagicRunner.run(new Bash(), "echo hi", null, context));
        assertEquals("%bash is a cell magic: write %%bash on the cell's first line", e.getMessage());
        e = assertThrows(MagicException.class, () -> MagicRunner.run(new Sh(), "--nope", "true", context));
        assertTrue(e.getMessage().startsWith("sh: Unknown option: '--nope'"), e.getMessage());
        assertTrue(e.getMessage().contains("Usage: sh [-hV] [--raise-error]"), e.getMessage());
    }

    private static void touch(Path file) {
        try {
            Files.write(file, new byte[0]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether {@code pid} is gone or a zombie within 5 s (a container's init may never reap it). */
    private static boolean ended(long pid) throws InterruptedException {
        for (long deadline = System.nanoTime() + 5_000_000_000L; System.nanoTime() < deadline; Thread.sleep(10)) {
            char state = ProcStat.state((int) pid);
            if (state == 'Z' || state == '-') return true;
        }
        return false;
    }
}
