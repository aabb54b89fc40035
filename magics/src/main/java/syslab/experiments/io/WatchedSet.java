package syslab.experiments.io;

import syslab.experiments.common.Monitor;

/**
 * The fds a wait call watches: idle connected sockets and the ready ones, which are socketpairs
 * whose writing end stays here (unwatched) so each round can make them readable.
 */
final class WatchedSet {
    /** In the order the wait call is given them (poll's array; for select the fd numbers follow it too). */
    final int[] watched;
    /** The ready fds' reading ends (watched) and writing ends (not watched). */
    final int[] readers;
    final int[] writers;

    private WatchedSet(int[] watched, int[] readers, int[] writers) {
        this.watched = watched;
        this.readers = readers;
        this.writers = writers;
    }

    /** Fds are allocated in the order they are watched, so "last" also means the highest numbers. */
    static WatchedSet open(int idle, int active, EpollCompare.ReadyAt placement, Fds fds, ChildGroup children,
                           int softLimit, Monitor monitor) {
        int[] readers = new int[active];
        int[] writers = new int[active];
        int[] idleFds;
        if (placement == EpollCompare.ReadyAt.FIRST) {
            openPairs(fds, readers, writers);
            idleFds = IdleSockets.open(idle, fds, children, softLimit, monitor);
        } else {
            idleFds = IdleSockets.open(idle, fds, children, softLimit, monitor);
            openPairs(fds, readers, writers);
        }
        int[] watched = new int[idle + active];
        int readyAt = placement == EpollCompare.ReadyAt.FIRST ? 0 : idle;
        System.arraycopy(readers, 0, watched, readyAt, active);
        System.arraycopy(idleFds, 0, watched, placement == EpollCompare.ReadyAt.FIRST ? active : 0, idle);
        return new WatchedSet(watched, readers, writers);
    }

    private static void openPairs(Fds fds, int[] readers, int[] writers) {
        for (int i = 0; i < readers.length; i++) {
            int[] sv = fds.socketpair(0);
            readers[i] = sv[0];
            writers[i] = sv[1];
        }
    }
}
