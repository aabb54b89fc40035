package syslab.posix;

import com.sun.jna.Memory;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static syslab.posix.C.*;

/** The JNI-bound calls do what libc's do, report failures as -errno, and work in a forked child. */
class JniTest {
    @Test
    void waitCallsFindTheReadyFd() {
        int[] sv = new int[2];
        socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
        int ep = epoll_create1(EPOLL_CLOEXEC);
        try {
            epoll_ctl(ep, EPOLL_CTL_ADD, sv[0], EPOLLIN);
            EpollEvents events = new EpollEvents(4);
            assertEquals(0, Jni.epoll_wait(ep, events, 4, 0));
            PollFds fds = new PollFds(1).set(0, sv[0], POLLIN);
            assertEquals(0, Jni.poll(fds, 1, 0));

            write(sv[1], "x");
            assertEquals(1, Jni.epoll_wait(ep, events, 4, 1000));
            assertEquals(sv[0], events.fd(0));
            assertEquals(EPOLLIN, events.events(0));
            assertEquals(1, Jni.poll(fds, 1, 1000));
            assertEquals(POLLIN, fds.revents(0));

            Memory readfds = new Memory(FD_SETSIZE / 8), timeout = new Memory(16);
            readfds.clear();
            timeout.clear();
            readfds.setLong(sv[0] / 64 * 8, 1L << (sv[0] % 64));
            assertEquals(1, Jni.select(sv[0] + 1, Jni.address(readfds), 0, 0, Jni.address(timeout)));
        } finally {
            close(ep);
            close(sv[0]);
            close(sv[1]);
        }
    }

    @Test
    void failuresReturnMinusErrnoAndCheckNamesThem() {
        assertEquals(-EBADF, Jni.epoll_wait(-1, 0, 1, 0));
        ErrnoException e = assertThrows(ErrnoException.class, () -> Jni.check(Jni.epoll_wait(-1, 0, 1, 0), "epoll_wait(-1)"));
        assertEquals(EBADF, e.errno());
        assertTrue(e.getMessage().contains("EBADF"), e.getMessage());
        assertEquals(3, Jni.check(3, "anything"));
    }

    @Test
    void readAndWriteMoveBytesAndNameTheirErrors() {
        int[] fds = new int[2];
        pipe2(fds, O_NONBLOCK);
        try (Memory out = new Memory(3); Memory in = new Memory(8)) {
            out.write(0, new byte[] {1, 2, 3}, 0, 3);
            assertEquals(3L, Jni.write(fds[1], Jni.address(out), 3));
            assertEquals(3L, Jni.read(fds[0], Jni.address(in), 8));
            assertArrayEquals(new byte[] {1, 2, 3}, in.getByteArray(0, 3));
            assertEquals(-EAGAIN, Jni.read(fds[0], Jni.address(in), 8));
            ErrnoException e = assertThrows(ErrnoException.class, () -> Jni.check(Jni.write(-1, Jni.address(out), 1), "write"));
            assertTrue(e.getMessage().contains("EBADF"), e.getMessage());
        } finally {
            close(fds[0]);
            close(fds[1]);
        }
    }

    @Test
    void semaphoresAndMemcpy() {
        Memory sem = new Memory(SEM_T_SIZE);
        sem_init(sem, 0, 0);
        long s = Jni.address(sem);
        assertEquals(0, Jni.sem_post(s));
        assertEquals(0, Jni.sem_post(s));
        assertEquals(0, Jni.sem_wait(s));
        assertEquals(0, Jni.sem_wait(s));
        assertFalse(sem_timedwait(sem, new long[] {0, 0}), "two posts, two waits: nothing left");
        sem_destroy(sem);

        Memory src = new Memory(5), dst = new Memory(5);
        src.write(0, new byte[] {1, 2, 3, 4, 5}, 0, 5);
        dst.clear();
        Jni.memcpy(Jni.address(dst), Jni.address(src), 5);
        assertArrayEquals(new byte[] {1, 2, 3, 4, 5}, dst.getByteArray(0, 5));
    }

    @Test
    void aForkedChildPostsASharedSemaphore() throws Exception {
        Children.retryingStuck(() -> {
            com.sun.jna.Pointer map = mmap(null, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
            try {
                sem_init(map, 1, 0);
                long s = Jni.address(map);
                int pid = Children.spawn(() -> {
                    if (Jni.sem_post(s) != 0) throw new IllegalStateException();
                });
                assertEquals(0, Children.waitFor(pid));
                assertTrue(sem_timedwait(map, new long[] {System.currentTimeMillis() / 1000 + 10, 0}), "the parent sees the child's post");
                sem_destroy(map);
            } finally {
                munmap(map, 4096);
            }
            return null;
        });
    }

    static final class Stopped extends Error { }

    @Test
    void stopThreadEndsABusyLoopWithTheGivenError() throws Exception {
        Throwable[] caught = new Throwable[1];
        Thread spinner = new Thread(() -> {
            try {
                while (true) { Thread.onSpinWait(); }
            } catch (Stopped e) {
                caught[0] = e;
            }
        });
        spinner.start();
        Thread.sleep(50);
        assertEquals(0, Jni.stopThread(spinner, new Stopped()));
        spinner.join(5000);
        assertFalse(spinner.isAlive(), "the loop went on");
        assertTrue(caught[0] instanceof Stopped, String.valueOf(caught[0]));
        assertEquals(15, Jni.stopThread(spinner, new Stopped()), "JVMTI_ERROR_THREAD_NOT_ALIVE");
    }
}
