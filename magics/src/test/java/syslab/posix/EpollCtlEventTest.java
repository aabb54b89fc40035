package syslab.posix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static syslab.posix.C.*;

import org.junit.jupiter.api.Test;

/** epoll_ctl with a caller's EpollEvents struct, reused across calls. */
class EpollCtlEventTest {
    @Test
    void oneStructServesSeveralCallsAndEpollWaitReportsItsData() {
        int ep = epoll_create1(EPOLL_CLOEXEC);
        int[] a = new int[2], b = new int[2];
        pipe(a);
        pipe(b);
        try {
            EpollEvents change = new EpollEvents(1);
            epoll_ctl(ep, EPOLL_CTL_ADD, a[0], change.set(0, EPOLLIN, 1001));
            epoll_ctl(ep, EPOLL_CTL_ADD, b[0], change.set(0, EPOLLIN, 1002));
            write(b[1], "x");
            EpollEvents ready = new EpollEvents(4);
            assertEquals(1, epoll_wait(ep, ready, 0));
            assertEquals(1002, ready.data(0));
            epoll_ctl(ep, EPOLL_CTL_MOD, b[0], change.set(0, EPOLLIN, 2002));
            assertEquals(1, epoll_wait(ep, ready, 0));
            assertEquals(2002, ready.data(0), "MOD replaced the data");
            ErrnoException e = assertThrows(ErrnoException.class, () -> epoll_ctl(ep, EPOLL_CTL_MOD, -1, change));
            assertEquals("epoll_ctl(EPOLL_CTL_MOD, fd=-1): EBADF (Bad file descriptor)", e.getMessage());
        } finally {
            for (int fd : new int[] {a[0], a[1], b[0], b[1], ep}) close(fd);
        }
    }
}
