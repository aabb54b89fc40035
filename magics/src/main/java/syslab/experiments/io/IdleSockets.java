package syslab.experiments.io;

import syslab.experiments.common.Monitor;

/**
 * Connected sockets that stay idle: this process holds one end of each AF_UNIX socketpair and
 * child processes hold the other, so N sockets cost this process N fds, not 2N (10,000 pairs would
 * not fit under an open-file limit of 20,000), and no end ever sees EOF. The ends kept here take
 * the lowest free fd numbers, one after another, as a server's accepted connections would.
 */
final class IdleSockets {
    /** Peers per child: a batch of pairs plus what is already open must fit under the limit. */
    private static final int BATCH = 4000;

    private IdleSockets() { }

    /** Opens {@code count} idle sockets and returns the fds of the ends kept here, in creation order. */
    static int[] open(int count, Fds fds, ChildGroup children, int softLimit, Monitor monitor) {
        int batch = Math.min(count, BATCH);
        // A batch's peers wait at high fd numbers until a child holds them, keeping the low numbers for our ends.
        int parkAt = softLimit - batch - 1;
        int[] kept = new int[count];
        for (int k = 0; k < count; ) {
            monitor.check();
            int n = Math.min(batch, count - k);
            int[] peers = new int[n];
            for (int i = 0; i < n; i++) {
                int[] sv = fds.socketpair(0);
                if (sv[1] >= parkAt) {
                    throw new IllegalStateException(count + " idle sockets do not fit under RLIMIT_NOFILE ("
                        + softLimit + ") with the fds already open; use fewer");
                }
                kept[k + i] = sv[0];
                peers[i] = fds.moveAtOrAbove(sv[1], parkAt);
            }
            children.fork(children::holdUntilKilled);
            for (int peer : peers) fds.close(peer);
            k += n;
        }
        return kept;
    }
}
