package syslab.posix;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static syslab.posix.C.*;

/** Each binding checked against the kernel's own view of the process (/proc/self). */
class LibCTest {
    static String link(int fd) throws IOException {
        return Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString();
    }

    static boolean isOpen(int fd) {
        return Files.exists(Path.of("/proc/self/fd/" + fd), java.nio.file.LinkOption.NOFOLLOW_LINKS);
    }

    /** A "Name:\tvalue" line of a /proc status-like file. */
    static String field(Path file, String name) throws IOException {
        return Files.readAllLines(file).stream().filter(l -> l.startsWith(name + ":"))
            .map(l -> l.substring(name.length() + 1).trim()).findFirst().orElseThrow();
    }

    @Test
    void pipeReadWriteClose() throws IOException {
        int[] fd = new int[2];
        pipe(fd);
        assertTrue(link(fd[0]).startsWith("pipe:["));
        assertEquals(link(fd[0]), link(fd[1]));
        assertEquals(3, write(fd[1], "hi\n"));
        byte[] buf = new byte[16];
        assertEquals(3, read(fd[0], buf, buf.length));
        assertEquals("hi\n", new String(buf, 0, 3, StandardCharsets.US_ASCII));
        close(fd[1]);
        assertEquals(0, read(fd[0], buf, buf.length));
        close(fd[0]);
        assertFalse(isOpen(fd[0]) || isOpen(fd[1]));
    }

    @Test
    void pipe2CloexecNonblock() throws IOException {
        int[] fd = new int[2];
        pipe2(fd, O_CLOEXEC | O_NONBLOCK);
        try {
            assertEquals(FD_CLOEXEC, fcntl(fd[0], F_GETFD));
            String flags = field(Path.of("/proc/self/fdinfo/" + fd[0]), "flags");
            int fdinfo = Integer.parseInt(flags, 8);
            assertTrue((fdinfo & O_NONBLOCK) != 0 && (fdinfo & O_CLOEXEC) != 0, flags);
            assertEquals(fdinfo & ~O_CLOEXEC, fcntl(fd[0], F_GETFL));
            Memory m = new Memory(8);
            ErrnoException e = assertThrows(ErrnoException.class, () -> read(fd[0], m, 8));
            assertEquals(EAGAIN, e.errno());
            fcntl(fd[0], F_SETFD, 0);
            assertEquals(0, fcntl(fd[0], F_GETFD));
        } finally {
            close(fd[0]);
            close(fd[1]);
        }
    }

    @Test
    void openWriteLseekDupUnlink() throws IOException {
        Path p = Files.createTempFile("libc", ".txt");
        int fd = open(p.toString(), O_RDWR | O_TRUNC);
        try {
            assertEquals(p.toRealPath().toString(), link(fd));
            assertEquals(10, write(fd, "0123456789"));
            assertEquals(10, lseek(fd, 0, SEEK_CUR));
            int copy = dup(fd);
            // dup shares the open file description, so the offset moves for both
            assertEquals(4, lseek(copy, 4, SEEK_SET));
            assertEquals(4, lseek(fd, 0, SEEK_CUR));
            int target = copy + 10;
            assertEquals(target, dup2(fd, target));
            assertEquals(link(fd), link(target));
            close(copy);
            close(target);
            assertEquals(10, lseek(fd, 0, SEEK_END));
            unlink(p.toString());
            assertTrue(link(fd).endsWith(" (deleted)"));
        } finally {
            close(fd);
        }
    }

    @Test
    void isattyOnPtyNotOnPipe() throws IOException {
        int[] master = new int[1], slave = new int[1];
        openpty(master, slave);
        int[] fd = new int[2];
        pipe(fd);
        try {
            assertTrue(link(slave[0]).startsWith("/dev/pts/"), link(slave[0]));
            assertTrue(isatty(slave[0]));
            assertFalse(isatty(fd[0]));
        } finally {
            for (int f : new int[] {master[0], slave[0], fd[0], fd[1]}) close(f);
        }
    }

    @Test
    void forkWaitpidExitStatus() throws Exception {
        Children.retryingStuck(() -> {
            int parent = getpid();
            int pid = Children.spawn(() -> _exit(getppid() == parent && getpid() != parent ? 7 : 99));
            int status = Children.waitFor(pid);
            assertTrue(WIFEXITED(status));
            assertFalse(WIFSIGNALED(status));
            assertEquals(7, WEXITSTATUS(status));
            ErrnoException e = assertThrows(ErrnoException.class, () -> waitpid(pid, new int[1], 0));
            assertEquals(ECHILD, e.errno());
            return null;
        });
    }

    @Test
    void killAndProcessGroups() throws Exception {
        Children.retryingStuck(() -> {
            int pid = Children.spawn(() -> {
                setpgid(0, 0);
                while (true) sleep(1);
            });
            setpgid(pid, pid);   // both sides set it, so there is no race with the child
            assertEquals(pid, getpgid(pid));
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            assertEquals(String.valueOf(pid), f[2]);   // pgrp, as the kernel sees it
            assertNotEquals(getpgid(0), pid);
            killpg(pid, SIGKILL);
            int status = Children.waitFor(pid);
            assertTrue(WIFSIGNALED(status));
            assertEquals(SIGKILL, WTERMSIG(status));
            assertEquals(ESRCH, assertThrows(ErrnoException.class, () -> kill(pid, 0)).errno());
            return null;
        });
    }

    @Test
    void getrlimitMatchesProcLimits() throws IOException {
        long[] rl = new long[2];
        getrlimit(RLIMIT_NOFILE, rl);
        String line = Files.readAllLines(Path.of("/proc/self/limits")).stream()
            .filter(l -> l.startsWith("Max open files")).findFirst().orElseThrow();
        String[] w = line.substring("Max open files".length()).trim().split("\\s+");
        assertEquals(w[0], String.valueOf(rl[0]));
        assertEquals(w[1], String.valueOf(rl[1]));
        long[] lower = {rl[0] - 1, rl[1]};
        setrlimit(RLIMIT_NOFILE, lower);
        try {
            long[] now = new long[2];
            getrlimit(RLIMIT_NOFILE, now);
            assertArrayEquals(lower, now);
        } finally {
            setrlimit(RLIMIT_NOFILE, rl);
        }
    }

    @Test
    void prctlNamesThread() throws Exception {
        String[] comm = new String[1];
        int[] tid = new int[1];
        Thread t = new Thread(() -> {
            Memory name = new Memory(16);
            name.setString(0, "syslab-prctl");
            prctl(PR_SET_NAME, Pointer.nativeValue(name));
            Memory back = new Memory(16);
            prctl(PR_GET_NAME, Pointer.nativeValue(back));
            comm[0] = back.getString(0);
            tid[0] = gettid();
        });
        t.start();
        t.join();
        assertEquals("syslab-prctl", comm[0]);
        assertNotEquals(getpid(), tid[0]);
    }

    @Test
    void gettidIsThisThreadsTask() throws Exception {
        int[] seen = new int[2];
        Thread t = new Thread(() -> {
            seen[0] = gettid();
            try {
                seen[1] = Integer.parseInt(Files.readSymbolicLink(Path.of("/proc/thread-self")).getFileName().toString());
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        t.start();
        t.join();
        assertEquals(seen[1], seen[0]);
                assertNotEquals(getpid(), seen[0]);
    }

    @Test
    void getrusageCountsFaultsAndRss() throws Exception {
        Rusage before = getrusage(RUSAGE_THREAD);
        int pages = 4096;
        Memory m = new Memory(pages * 4096L);
        for (long off = 0; off < m.size(); off += 4096) m.setByte(off, (byte) 1);
        Rusage delta = getrusage(RUSAGE_THREAD).minus(before);
        assertTrue(delta.minflt() >= pages / 2, "minflt " + delta.minflt());
        long rssKb = Long.parseLong(field(Path.of("/proc/self/status"), "VmRSS").split(" ")[0]);
        Rusage self = getrusage(RUSAGE_SELF);
        // the kernel's RSS counters are per-CPU approximations, so allow a few percent
        assertTrue(self.maxrss() >= rssKb * 0.9, self.maxrss() + " < " + rssKb);
        m.close();

        Children.retryingStuck(() -> {
            Rusage children = getrusage(RUSAGE_CHILDREN);
            int pid = Children.spawn(() -> {
                Memory c = new Memory(256 * 4096L);
                for (long off = 0; off < c.size(); off += 4096) c.setByte(off, (byte) 1);
            });
            Children.waitFor(pid);
            assertTrue(getrusage(RUSAGE_CHILDREN).minus(children).minflt() >= 256);
            return null;
        });
    }

    @Test
    void printfGoesThroughCStdioBuffers() throws Exception {
        assertEquals("x=42 s c 1.5 -1\n", childOutput(() -> printf("x=%d %s %c %.1f %d\n", 42, "s", 'c', 1.5f, (short) -1)));
        // fully buffered: printf's text waits in the buffer while write(2) goes out at once
        assertEquals("b\na\n", childOutput(() -> {
            setvbuf(stdout, null, _IOFBF, 0);
            printf("a\n");
            write(1, "b\n");
        }));
        assertEquals("a\nb\n", childOutput(() -> {
            setvbuf(stdout, null, _IOLBF, 0);
            printf("a\n");
            write(1, "b\n");
        }));
        assertEquals("a\nb\n", childOutput(() -> {
            printf("a\n");
            fflush(stdout);
            write(1, "b\n");
        }));
    }

    @Test
    void snprintfAndDprintf() throws Exception {
        byte[] buf = new byte[8];
        assertEquals(11, snprintf(buf, buf.length, "%s-%d", "abc", 1234567));
        assertEquals("abc-123", Native.toString(buf));
        assertEquals("fd 9\n", childOutput(() -> dprintf(1, "fd %d\n", 9)));
    }

    /** What a child writes on fd 1 (a pipe) before it exits through C.exit. */
    static String childOutput(Runnable body) throws Exception {
        return Children.retryingStuck(() -> {
            int[] fd = new int[2];
            pipe(fd);
            fflush(null);
            int pid = Children.spawn(() -> {
                dup2(fd[1], 1);
                close(fd[0]);
                close(fd[1]);
                body.run();
            });
            close(fd[1]);
            // the reads below end when the child exits (the watchdog of Children bounds it)
            byte[] all = new byte[0], buf = new byte[4096];
            int n;
            while ((n = read(fd[0], buf, buf.length)) > 0) {
                all = Arrays.copyOf(all, all.length + n);
                System.arraycopy(buf, 0, all, all.length - n, n);
            }
            close(fd[0]);
            int status = Children.waitFor(pid);
            assertTrue(WIFEXITED(status) && WEXITSTATUS(status) == 0, "child status " + status);
            return new String(all, StandardCharsets.UTF_8);
        });
    }
}
