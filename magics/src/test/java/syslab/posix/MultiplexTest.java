package syslab.posix;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static syslab.posix.C.*;

/** poll, select, epoll and eventfd on pipes, checked against /proc/self/fdinfo where it shows state. */
class MultiplexTest {
    @Test
    void pollSeesReadableAndHangup() {
        int[] fd = new int[2];
        pipe(fd);
        PollFds fds = new PollFds(2).set(0, fd[0], POLLIN).set(1, fd[1], POLLOUT);
        assertEquals(1, poll(fds, 0));
        assertEquals(0, fds.revents(0));
        assertEquals(POLLOUT, fds.revents(1));
        write(fd[1], "x");
        close(fd[1]);
        assertEquals(1, poll(new PollFds(1).set(0, fd[0], POLLIN), 0));
        PollFds one = new PollFds(1).set(0, fd[0], POLLIN);
        poll(one, 0);
        assertEquals(POLLIN | POLLHUP, one.revents(0));
        close(fd[0]);
    }

    @Test
    void selectAndFdSets() {
        int[] fd = new int[2];
        pipe(fd);
        try {
            long[] rfds = new long[16];
            FD_ZERO(rfds);
            FD_SET(fd[0], rfds);
            assertEquals(0, select(fd[0] + 1, rfds, null, null, new long[] {0, 0}));
            assertFalse(FD_ISSET(fd[0], rfds));
            write(fd[1], "x");
            FD_SET(fd[0], rfds);
            long[] timeout = {5, 0};
            assertEquals(1, select(fd[0] + 1, rfds, null, null, timeout));
            assertTrue(FD_ISSET(fd[0], rfds));
            assertTrue(timeout[0] < 5 || timeout[1] < 1_000_000, "select updates the timeout on Linux");
            FD_CLR(fd[0], rfds);
            assertFalse(FD_ISSET(fd[0], rfds));
        } finally {
            close(fd[0]);
            close(fd[1]);
        }
    }

    @Test
    void fdSetRefusesFdsFromFdSetSize() {
        long[] set = new long[16];
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FD_SET(1024, set));
        assertEquals("FD_SET(fd=1024): fd >= FD_SETSIZE (1024): select cannot watch it; use poll or epoll", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> select(1025, set, null, null, null));
        FD_SET(1023, set);
        assertEquals(1L << 63, set[15]);
    }

    @Test
    void epollReportsReadyFds() throws IOException {
        int ep = epoll_create1(EPOLL_CLOEXEC);
        List<int[]> pipes = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                int[] fd = new int[2];
                pipe(fd);
                pipes.add(fd);
                epoll_ctl(ep, EPOLL_CTL_ADD, fd[0], EPOLLIN | (i == 2 ? EPOLLET : 0));
            }
            // the kernel lists each watched fd with its event mask and data (here the fd itself)
            String fdinfo = java.nio.file.Files.readString(Path.of("/proc/self/fdinfo/" + ep));
            int watched = pipes.get(2)[0];
            assertTrue(fdinfo.matches("(?s).*tfd:\\s+" + watched + " events:\\s+8000001[9d] data:\\s+" + Integer.toHexString(watched) + "\\s.*"), fdinfo);

            EpollEvents ev = new EpollEvents(8);
            assertEquals(0, epoll_wait(ep, ev, 0));
            write(pipes.get(1)[1], "x");
            assertEquals(1, epoll_wait(ep, ev, 1000));
            assertEquals(pipes.get(1)[0], ev.fd(0));
            assertEquals(EPOLLIN, ev.events(0));

            // level-triggered reports again while data is unread; edge-triggered only once
            write(pipes.get(2)[1], "y");
            assertEquals(2, epoll_wait(ep, ev, 0));
            assertEquals(1, epoll_wait(ep, ev, 0));
            assertEquals(pipes.get(1)[0], ev.fd(0));

            epoll_ctl(ep, EPOLL_CTL_DEL, pipes.get(1)[0], 0);
            assertEquals(0, epoll_wait(ep, ev, 0));
        } finally {
            close(ep);
            for (int[] fd : pipes) {
                close(fd[0]);
                close(fd[1]);
            }
        }
    }

    @Test
    void epollCtlErrorMessage() {
        int ep = epoll_create1(0);
        try {
            ErrnoException e = assertThrows(ErrnoException.class, () -> epoll_ctl(ep, EPOLL_CTL_ADD, 12345, EPOLLIN));
            assertEquals("epoll_ctl(EPOLL_CTL_ADD, fd=12345): EBADF (Bad file descriptor)", e.getMessage());
        } finally {
            close(ep);
        }
    }

    @Test
    void eventfdCounts() throws IOException {
        int efd = eventfd(3, EFD_NONBLOCK);
        try {
            byte[] eight = new byte[8];
            eight[0] = 4;   // little-endian 4, added to the counter
            write(efd, eight, 8);
            assertTrue(java.nio.file.Files.readString(Path.of("/proc/self/fdinfo/" + efd)).contains("eventfd-count:                7"));
            assertEquals(8, read(efd, eight, 8));
            assertEquals(7, eight[0]);
            assertEquals(EAGAIN, assertThrows(ErrnoException.class, () -> read(efd, eight, 8)).errno());
        } finally {
            close(efd);
        }
    }
}
