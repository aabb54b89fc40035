package syslab.experiments.trace;

import com.sun.jna.Memory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import syslab.experiments.common.Monitor;
import syslab.posix.LibC;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static syslab.posix.Constants.O_RDONLY;

class SyscallTraceTest {
    @TempDir
    Path dir;

    /** A file of n bytes, read one byte per read(2) by the returned body. */
    private Runnable byteWiseReader(int n) throws IOException {
        Path file = dir.resolve("data");
        Files.write(file, new byte[n]);
        String path = file.toString();
        Memory one = new Memory(1);
        return () -> {
            int fd = LibC.open(path, O_RDONLY, 0);
            while (LibC.read(fd, one, 1) == 1) { }
            LibC.close(fd);
        };
    }

    @Test
    void tracesExactlyTheSystemCallsOfTheBody() throws IOException {
        TraceReport report = SyscallTrace.run(SyscallTrace.Params.of(byteWiseReader(1000)));
        assertTrue(report.traced(), report.notes().toString());
        // n reads of one byte, then one that returns 0 at end of file
        assertEquals(1001, report.calls("read"));
        assertEquals(1, report.calls("openat"));
        assertEquals(1, report.calls("close"));
        // none of the JVM's threads (GC, JIT, the test runner's) made it into the trace
        assertEquals(0, report.calls("futex"), report.table().print());
        assertEquals(1003, report.totalCalls(), report.table().print());
        assertEquals("exited with 0", report.end());
        assertEquals(1001, report.io().get("syscr"), "/proc/PID/io agrees with strace");
    }

    @Test
    void tableIsSortedByCallsAndCountsErrors() {
        TraceReport report = SyscallTrace.run(SyscallTrace.Params.of(() -> {
            for (int i = 0; i < 3; i++) LibC.close(100_000);  // EBADF
            LibC.getppid();
        }));
        var t = report.table();
        assertEquals(List.of("syscall", "calls", "errors", "seconds", "usecs/call"), t.columnNames());
        assertEquals("close", t.stringColumn("syscall").get(0));
        assertEquals(3, t.longColumn("calls").get(0));
        assertEquals(3, t.longColumn("errors").get(0));
        assertEquals(0, t.longColumn("errors").get(1));
        for (int r = 1; r < t.rowCount(); r++) {
            assertTrue(t.longColumn("calls").get(r - 1) >= t.longColumn("calls").get(r), t.print());
        }
    }

    @Test
    void filterExpressionsArePassedToStrace() throws IOException {
        TraceReport report = SyscallTrace.run(SyscallTrace.Params.of(byteWiseReader(10)).filters("trace=openat,close"));
        assertEquals(List.of("close", "openat"), report.table().stringColumn("syscall").asList().stream().sorted().toList());
    }

    @Test
    void straceRejectsWhatItDoesNotKnowAndNoChildIsLeft() {
        var e = assertThrows(IllegalStateException.class,
                () -> SyscallTrace.run(SyscallTrace.Params.of(() -> { }).filters("trace=no_such_call")));
        assertTrue(e.getMessage().contains("no_such_call"), e.getMessage());
        assertEquals(-1, LibC.waitpid(-1, new int[1], 1), "a child of this JVM was left behind");
    }

    @Test
    void rawLinesStartWithTheBodysFirstCall() throws IOException {
        TraceReport report = SyscallTrace.run(SyscallTrace.Params.of(byteWiseReader(100)).rawLines(3));
        assertEquals(3, report.raw().size());
        assertTrue(report.raw().get(0).matches("\\d+\\s+openat\\(.*"), report.raw().get(0));
        assertTrue(report.raw().get(1).matches("\\d+\\s+read\\(\\d+, \"\\\\0\", 1\\)\\s+= 1"), report.raw().get(1));
    }

    @Test
    void aProgramIsTracedFromItsExecve() {
        TraceReport report = SyscallTrace.run(SyscallTrace.Params.of("true").rawLines(1).tree(true));
        assertEquals(1, report.calls("execve"));
        assertTrue(report.raw().get(0).contains("execve(\"/usr/bin/true\", [\"true\"]"), report.raw().get(0));
        assertEquals(1, report.tree().processes());
        assertEquals("exited with 0", report.end());
    }

    @Test
    void aCommandThatIsNotFoundIsRefusedBeforeForking() {
        var e = assertThrows(IllegalArgumentException.class, () -> SyscallTrace.run(SyscallTrace.Params.of("no-such-program-here")));
        assertTrue(e.getMessage().startsWith("no-such-program-here: command not found in PATH="), e.getMessage());
    }

    @Test
    void timeoutKillsTheProcessGroupAndKeepsTheTraceSoFar() {
        TraceReport report = SyscallTrace.run(SyscallTrace.Params.of(() -> {
            LibC.getppid();
            LibC.sleep(30);
        }).timeout(Duration.ofMillis(300)));
        assertEquals("killed by SIGKILL", report.end());
        assertTrue(report.notes().get(0).startsWith("timed out after"), report.notes().toString());
        assertEquals(1, report.calls("getppid"));
    }

    static Object sink;

    /** The forked child has no garbage collector thread: a body that needs a collection blocks. */
    @Test
    void aBodyThatNeedsTheGarbageCollectorIsKilledAndExplained() {
        TraceReport report = SyscallTrace.run(SyscallTrace.Params.of(() -> {
            for (int i = 0; i < 1 << 14; i++) sink = new byte[1 << 20];  // 16 GiB in all: more than any young generation
        }).timeout(Duration.ofSeconds(30)));
        assertEquals("killed by SIGKILL", report.end());
        assertTrue(report.wall().toSeconds() < 10, "seen as stuck long before the timeout: " + report.wall());
        // tried three times: the first two are noted as retried, the last is reported as stuck
        assertEquals(3, report.notes().size(), report.notes().toString());
        assertTrue(report.notes().get(0).contains("got stuck in the JVM before finishing: killed it and ran the cell again"),
                report.notes().toString());
        assertTrue(report.notes().get(2).startsWith("stuck: killed process group"), report.notes().toString());
        assertTrue(report.notes().get(2).contains("garbage collector"), report.notes().toString());
    }

    @Test
    void stopEndsTheRunAsTheTimeoutDoes() {
        long start = System.nanoTime();
        TraceReport report = SyscallTrace.run(SyscallTrace.Params.of(() -> LibC.sleep(30)),
                Monitor.of("strace", null, () -> System.nanoTime() - start > 200_000_000L));
        assertEquals("killed by SIGKILL", report.end());
        assertTrue(report.notes().get(0).startsWith("interrupted"), report.notes().toString());
    }

    @Test
    void withoutStraceTheKernelsCountersAreReported() throws IOException {
        TraceReport report = SyscallTrace.run(SyscallTrace.Params.of(byteWiseReader(500)), () -> false,
                "/nonexistent/strace");
        assertFalse(report.traced());
        assertTrue(report.notes().get(0).contains("apt-get install strace"), report.notes().get(0));
        var t = report.table();
        int syscr = t.stringColumn("what").indexOf("read system calls (syscr: read, pread64, readv ...)");
        assertTrue(syscr >= 0, report.notes() + "\n" + t.print());
        assertEquals(501, t.doubleColumn("value").get(syscr), t.print());
        assertTrue(t.stringColumn("what").contains("voluntary context switches (it blocked)"));
        assertThrows(IllegalStateException.class, () -> report.calls("read"));
    }

    @Test
    void untracedOnRequestCountsWithoutANote() throws IOException {
        TraceReport report = SyscallTrace.run(SyscallTrace.Params.of(byteWiseReader(300)).ptrace(false));
        assertFalse(report.traced());
        assertEquals(List.of(), report.notes());
        assertEquals(301, report.io().get("syscr"));
        assertEquals("exited with 0", report.end());
    }

    @Test
    void bodyExceptionEndsTheChildWithStatus1() {
        TraceReport report = SyscallTrace.run(SyscallTrace.Params.of(() -> {
            throw new IllegalStateException("boom");
        }).timeout(Duration.ofSeconds(10)).rawLines(100));
        assertEquals("exited with 1", report.end(), String.join("\n", report.raw()));
        assertTrue(report.calls("write") >= 1, "the exception's text goes to fd 2");
    }
}
