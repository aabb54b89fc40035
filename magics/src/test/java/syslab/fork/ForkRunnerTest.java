package syslab.fork;

import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static syslab.posix.C.*;

/** Real processes, as root: the runner's output modes, process ends, timeout and process cap. */
class ForkRunnerTest {
    static final String CLASSIC_C = """
        #include <stdio.h>
        #include <unistd.h>
        int main(void) {
            int num = 0;
            printf("hello world!\\n");
            int pid = fork();
            if (pid == 0) {
                printf("son pid = %d, num = %d\\n", getpid(), ++num);
            } else {
                usleep(100000);
                printf("father pid = %d, num = %d\\n", getpid(), num);
            }
            return 0;
        }
        """;

    @TempDir Path tmp;

    static int count(String text, String word) {
        Matcher m = Pattern.compile(Pattern.quote(word)).matcher(text);
        int n = 0;
        while (m.find()) n++;
        return n;
    }

    static ForkResult runC(ForkRunner runner, StdoutMode mode, String source) throws Exception {
        try (GccCompiler.Program p = GccCompiler.compile(source, List.of())) {
            return runner.exec(mode, List.of(p.binary().toString()));
        }
    }

    @Test
    void classicExperimentInC() throws Exception {
        ForkRunner runner = new ForkRunner();
        try (GccCompiler.Program p = GccCompiler.compile(CLASSIC_C, List.of())) {
            for (StdoutMode mode : StdoutMode.values()) {
                ForkResult r = runner.exec(mode, List.of(p.binary().toString()));
                assertEquals(mode == StdoutMode.TTY ? 1 : 2, count(r.output(), "hello world!"), mode + ":\n" + r.output());
                assertEquals(1, count(r.output(), "son pid"), r.output());
                assertEquals(1, count(r.output(), "father pid"), r.output());
                assertTrue(r.output().contains("num = 1") && r.output().contains("num = 0"));
                assertFalse(r.output().contains("\r"));
                // the parent exits without waiting: the runner reaps both processes
                assertEquals(2, r.processes().size(), r.processes().toString());
                assertTrue(r.processes().stream().allMatch(e -> e.exited() && e.exitStatus() == 0));
                assertEquals(0, r.main().exitStatus());
                assertFalse(r.timedOut());
            }
        }
    }

    /** The same in Java: C.printf goes through C stdio, so the buffer is copied by fork the same way. */
    @Test
    void classicExperimentInJava() {
        int[] num = {0};
        Runnable body = () -> {
            printf("hello world!\n");
            int pid = fork();
            if (pid == 0) {
                printf("son pid = %d, num = %d\n", getpid(), ++num[0]);
            } else {
                usleep(100000);
                printf("father pid = %d, num = %d\n", getpid(), num[0]);
            }
        };
        ForkRunner runner = new ForkRunner();
        for (StdoutMode mode : StdoutMode.values()) {
            ForkResult r = runner.run(mode, body);
            assertEquals(mode == StdoutMode.TTY ? 1 : 2, count(r.output(), "hello world!"), mode + ":\n" + r.output());
            assertTrue(r.output().contains("son pid = ") && r.output().contains(", num = 1\n"), r.output());
            assertTrue(r.output().contains("father pid = " + r.pid() + ", num = 0\n"), r.output());
            assertEquals(2, r.processes().size());
            assertEquals(0, r.main().exitStatus());
        }
        assertEquals(0, num[0]);   // the kernel's copy of num never changed
    }

    @Test
    void javaOutputAndExceptions() {
        ForkResult r = new ForkRunner().run(StdoutMode.PIPE, () -> {
            System.out.println("from System.out");
            throw new IllegalStateException("boom");
        });
        assertTrue(r.output().startsWith("from System.out\n"), r.output());
        assertTrue(r.output().contains("java.lang.IllegalStateException: boom"), r.output() + r.notes());
        assertEquals(1, r.main().exitStatus());
    }

    @Test
    void signalsReportedByName() throws Exception {
        ForkRunner runner = new ForkRunner();
        ForkResult segv = runC(runner, StdoutMode.PIPE, "int main(void) { *(volatile int *) 0 = 1; return 0; }");
        assertEquals("SIGSEGV", segv.main().signal());
        assertTrue(segv.main().describe().startsWith("killed by SIGSEGV"));

        // exec gives the C program SIGPIPE's default action, which the JVM never has
        ForkResult pipe = runC(runner, StdoutMode.PIPE, """
            #include <unistd.h>
            int main(void) { int p[2]; pipe(p); close(p[0]); write(p[1], "x", 1); return 0; }
            """);
        assertEquals("SIGPIPE", pipe.main().signal());

        ForkResult java = runner.run(StdoutMode.PIPE, () -> {
            int[] p = new int[2];
            pipe(p);
            close(p[0]);
            signal(SIGPIPE, SIG_DFL);
            write(p[1], "x");
        });
        assertEquals("SIGPIPE", java.main().signal());
    }

    /** What %%c can show and a JVM cannot: vfork's child runs first, in the parent's memory, until _exit. */
    @Test
    void vforkInC() throws Exception {
        ForkResult r = runC(new ForkRunner(), StdoutMode.PIPE, """
            #include <stdio.h>
            #include <unistd.h>
            int main(void) {
                int num = 0;
                if (vfork() == 0) { num = 1; _exit(0); }
                printf("parent sees num = %d\\n", num);
                return 0;
            }
            """);
        assertEquals("parent sees num = 1\n", r.output());
        assertEquals(2, r.processes().size());
    }

    @Test
    void timeoutKillsTheWholeGroup() throws Exception {
        ForkRunner runner = new ForkRunner(Duration.ofSeconds(1), 64, () -> false);
        ForkResult r = runC(runner, StdoutMode.TTY, """
            #include <stdio.h>
            #include <unistd.h>
            int main(void) { fork(); fork(); printf("up\\n"); for (;;) pause(); }
            """);
        assertTrue(r.timedOut());
        assertEquals(4, count(r.output(), "up"), r.output());
        assertEquals(4, r.processes().size(), r.processes().toString());
        assertTrue(r.processes().stream().allMatch(e -> "SIGTERM".equals(e.signal())), r.processes().toString());
        assertTrue(r.notes().get(0).startsWith("timed out after 1 s: killed process group " + r.pid()), r.notes().toString());
        assertEquals(ESRCH, assertThrowsErrno(() -> kill(-r.pid(), 0)));
    }

    /**
     * Until execv the child of exec is a copy of the JVM and is watched for getting stuck in it;
     * the program it becomes is not, even when it waits as a stuck JVM would (one thread, a private
     * futex, no timeout): it runs to its timeout, once.
     */
    @Test
    void aProgramWaitingOnAPrivateFutexIsNotAStuckJvm() throws Exception {
        ForkRunner runner = new ForkRunner(Duration.ofSeconds(1), 64, () -> false);
        ForkResult r = runC(runner, StdoutMode.PIPE, """
            #include <semaphore.h>
            #include <stdio.h>
            int main(void) { sem_t s; sem_init(&s, 0, 0); printf("waiting\\n"); fflush(stdout); sem_wait(&s); }
            """);
        assertTrue(r.timedOut(), r.notes().toString());
        assertFalse(r.stuck(), r.notes().toString());
        assertEquals(1, count(r.output(), "waiting"), r.output());
        assertTrue(r.notes().stream().noneMatch(n -> n.startsWith("attempt")), r.notes().toString());
    }

    /** A forked JVM that needs the VM thread (here for a GC) can never go on: found, killed, explained. */
    @Test
    void stuckJvmChildIsDetected() {
        ForkRunner runner = new ForkRunner(Duration.ofSeconds(60), 64, () -> false);
        ForkResult r = runner.run(StdoutMode.PIPE, () -> {
            printf("before gc\n");
            fflush(stdout);
            System.gc();
            printf("after gc\n");
        });
        assertFalse(r.timedOut());
        assertEquals("before gc\n", r.output());
        assertTrue(r.notes().stream().anyMatch(n -> n.startsWith("process " + r.pid() + " stuck inside the JVM")), r.notes().toString());
        assertTrue(r.notes().stream().anyMatch(n -> n.startsWith("stuck: killed process group " + r.pid())), r.notes().toString());
        assertEquals("SIGTERM", r.main().signal());
    }

    @Test
    void sigtermIgnoredThenSigkill() {
        ForkRunner runner = new ForkRunner(Duration.ofMillis(300), 64, () -> false);
        ForkResult r = runner.run(StdoutMode.PIPE, () -> {
            signal(SIGTERM, SIG_IGN);
            while (true) sleep(1);
        });
        assertTrue(r.timedOut());
        assertEquals("SIGKILL", r.main().signal());
    }

    @Test
    void javaForkBombIsCapped() {
        ForkRunner runner = new ForkRunner(Duration.ofSeconds(10), 16, () -> false);
        ForkResult r = runner.run(StdoutMode.PIPE, () -> {
            while (true) fork();
        });
        assertTrue(r.forksRefused() > 0, r.notes().toString());
        assertTrue(r.notes().stream().anyMatch(n -> n.startsWith("process cap reached (--max-procs=16")), r.notes().toString());
        assertTrue(r.output().contains("EAGAIN"), r.output());
        assertEquals(ESRCH, assertThrowsErrno(() -> kill(-r.pid(), 0)));
    }

    /** Without a cgroup the cap counts forks: at most max processes in all, and the bomb ends by itself. */
    @Test
    void forkCountCapWithoutCgroup() {
        ForkRunner runner = new ForkRunner(Duration.ofSeconds(10), 16, () -> false, false);
        ForkResult r = runner.run(StdoutMode.PIPE, () -> {
            while (true) fork();
        });
        assertFalse(r.timedOut());
        assertTrue(r.forksRefused() > 0, r.notes() + "\n" + r.output());
        assertTrue(r.notes().stream().anyMatch(n -> n.contains("fork() count")), r.notes().toString());
        // Children of a fork bomb sometimes block in the JVM (the JIT's lock, held at fork) before
        // they print; the runner then kills them and says so. Either way the cap held.
        boolean stuck = r.notes().stream().anyMatch(n -> n.contains("stuck inside the JVM"));
        assertTrue(stuck || count(r.output(), "fork() [the cell may create at most 16 processes]: EAGAIN") > 0,
                r.notes() + "\n" + r.output());
        assertTrue(r.processes().size() <= 16, String.valueOf(r.processes().size()));
    }

    @Test
    void cForkBombIsCappedByTheCgroup() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(syslab.posix.PidsCgroup.own().isPresent(), "no writable pids cgroup");
        ForkRunner runner = new ForkRunner(Duration.ofSeconds(2), 32, () -> false);
        ForkResult r = runC(runner, StdoutMode.PIPE, "#include <unistd.h>\nint main(void) { for (;;) fork(); }");
        assertTrue(r.timedOut());
        assertTrue(r.forksRefused() > 0);
        assertTrue(r.processes().size() <= 32, String.valueOf(r.processes().size()));
        assertEquals(ESRCH, assertThrowsErrno(() -> kill(-r.pid(), 0)));
    }

    /**
     * An interrupt ends the run with SIGTERM, once the body runs: before that, the child still has
     * the JVM's handler for SIGTERM (it resets it first thing), and only the SIGKILL after the grace
     * period ends it, as a loaded machine showed.
     */
    @Test
    void interruptEndsTheRun() {
        com.sun.jna.Pointer running = mmap(null, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
        try {
            running.setInt(0, 0);
            ForkRunner runner = new ForkRunner(Duration.ofSeconds(60), 64, () -> running.getInt(0) == 1);
            ForkResult r = runner.run(StdoutMode.FILE, () -> {
                running.setInt(0, 1);
                while (true) sleep(1);
            });
            assertFalse(r.timedOut());
            assertTrue(r.notes().get(0).startsWith("interrupted: killed process group"), r.notes().toString());
            assertEquals("SIGTERM", r.main().signal());
        } finally {
            munmap(running, 4096);
        }
    }

    @Test
    void outputModesSeenByTheChild() {
        ForkRunner runner = new ForkRunner();
        assertEquals("tty 1 0\n", runner.run(StdoutMode.TTY, () -> printf("tty %d %d\n", isatty(1) ? 1 : 0, getpgid(0) == getpid() ? 0 : 1)).output());
        assertEquals("pipe\n", runner.run(StdoutMode.PIPE, () -> printf(fstat(1).type() == 'p' ? "pipe\n" : "?\n")).output());
        assertEquals("file\n", runner.run(StdoutMode.FILE, () -> printf(fstat(1).type() == '-' ? "file\n" : "?\n")).output());
    }

    /**
     * A forked child's C stdout is line buffered on a terminal and fully buffered elsewhere, whatever
     * the JVM's own stdout did before: a kernel cell that printed into its pipe (or its terminal)
     * leaves that stream fully (or line) buffered and used, and every forked child inherits it.
     * Each writer puts its line twice, then _exit drops what is still buffered.
     */
    @Test
    void childStdoutBufferedForItsOwnFdAfterTheJvmPrinted() {
        Function puts = NativeLibrary.getInstance("c").getFunction("puts");
        // each alone: a line flushed by one would take the other's along
        List<Map.Entry<String, Runnable>> writers = List.of(
            Map.entry("printf", () -> printf("printf\n")),   // glibc 2.37 and later write into the buffer directly
            Map.entry("puts", () -> puts.invokeInt(new Object[] {"puts"})));   // puts adds its \n without a check
        ForkRunner runner = new ForkRunner();
        for (int jvmMode : new int[] {_IOFBF, _IOLBF}) {
            printIntoDevNull(jvmMode, "the JVM's stdout, used\n");
            for (Map.Entry<String, Runnable> writer : writers) {
                for (StdoutMode mode : StdoutMode.values()) {
                    ForkResult r = runner.run(mode, () -> {
                        writer.getValue().run();
                        writer.getValue().run();
                        _exit(0);
                    });
                    String line = writer.getKey() + "\n";
                    assertEquals(mode == StdoutMode.TTY ? line + line : "", r.output(),
                        writer.getKey() + " on " + mode + " after the JVM's stdout was used " + (jvmMode == _IOLBF ? "line" : "fully") + " buffered");
                }
            }
        }
    }

    /** setvbuf, printf and fflush in this JVM with fd 1 on /dev/null meanwhile: C stdout is used in that mode. */
    static void printIntoDevNull(int bufferMode, String text) {
        int saved = dup(1), devNull = open("/dev/null", O_WRONLY);
        try {
            dup2(devNull, 1);
            setvbuf(stdout, null, bufferMode, 0);
            printf("%s", text);
            fflush(stdout);
        } finally {
            dup2(saved, 1);
            close(saved);
            close(devNull);
        }
    }

    static int assertThrowsErrno(Runnable r) {
        return org.junit.jupiter.api.Assertions.assertThrows(syslab.posix.ErrnoException.class, r::run).errno();
    }

    @Test
    void execFailureExits127() {
        ForkResult r = new ForkRunner().exec(StdoutMode.PIPE, List.of("/nonexistent/prog"));
        assertEquals(127, r.main().exitStatus());
        assertTrue(r.output().contains("ENOENT"), r.output());
        assertNull(r.main().signal());
    }
}
