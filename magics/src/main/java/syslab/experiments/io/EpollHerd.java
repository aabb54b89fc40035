package syslab.experiments.io;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import syslab.experiments.common.Labels;
import syslab.experiments.common.Monitor;
import syslab.experiments.common.Param;
import syslab.posix.C;
import syslab.posix.EpollEvents;
import syslab.posix.JvmProcess;
import syslab.posix.LibC;
import syslab.posix.SockAddr;
import syslab.procfs.ProcStatus;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.numbers.NumberColumnFormatter;

import java.util.List;

/**
 * The thundering herd: several processes wait for connections on one listening socket, and each
 * connection wakes some of them. A waiter is counted as woken by a connection when its voluntary
 * context switches (/proc/PID/status) went up meanwhile: a waiter woken for nothing goes back to
 * sleep without returning to user space (epoll_wait finds its ready list empty again), so counting
 * returns would miss it. Once per connection however often it slept: woken waiters that race for
 * the listener's lock may sleep on it too, more so on a busy machine.
 *
 * <p>Modes: waiters blocked in accept(2) (the kernel wakes one: accept's wait is exclusive); each
 * waiter in epoll_wait on an epoll instance of its own that watches the socket (every instance is
 * woken); the same with EPOLLEXCLUSIVE (Linux 4.5+: one or a few are woken); and SO_REUSEPORT, where
 * each waiter has its own listening socket on the same port and the kernel picks one per connection.
 */
public final class EpollHerd {
    private static final long ACCEPT_DEADLINE_NANOS = 2_000_000_000L;
    private static final long SETTLE_DEADLINE_NANOS = 2_000_000_000L;
    /** Counters per waiter in shared memory: wait returns, connections accepted, accepts that found none. */
    private static final int RETURNS = 0, ACCEPTED = 1, EAGAINS = 2, LONGS_PER_WAITER = 3;

    private EpollHerd() { }

    public enum Mode {
        ACCEPT, EPOLL, EPOLL_EXCLUSIVE, REUSEPORT;

        public String label() { return Labels.of(this); }

        public static Mode parse(String name) { return Labels.parse(Mode.class, name); }
    }

    /** How many processes wait, in which ways, for how many connections. */
    public record Params(
            @Param(value = "Waiting processes", label = "W", min = 1, max = 64) int waiters,
            @Param(value = "Modes", label = "MODE") List<Mode> modes,
            @Param(value = "Connections made, one at a time", label = "N", min = 1, max = 10_000) int connections) {
        public Params {
            modes = List.copyOf(modes);
            if (waiters < 1 || waiters > 64) throw new IllegalArgumentException("waiters must be 1 to 64");
            if (modes.isEmpty()) throw new IllegalArgumentException("modes: give at least one");
            if (connections < 1 || connections > 10_000) throw new IllegalArgumentException("connections must be 1 to 10000");
        }

        /** 4 waiters, every mode, 20 connections. */
        public static Params defaults() {
            return new Params(4, List.of(Mode.values()), 20);
        }

        /** Measurements a run makes: one per mode and connection. */
        public int steps() { return modes.size() * connections; }
    }

    public static Table run(Params p) {
        return run(p, Monitor.THREAD);
    }

    public static Table run(Params p, Monitor monitor) {
        Table t = Table.create("thundering herd: " + p.waiters() + " waiting processes, " + p.connections() + " connections",
            StringColumn.create("mode"), IntColumn.create("waiters"), IntColumn.create("connections"),
            LongColumn.create("wakeups"), DoubleColumn.create("wakeups per connection"),
            LongColumn.create("wait returns"), LongColumn.create("accepts that found none"),
            IntColumn.create("waiters that accepted"));
        t.doubleColumn("wakeups per connection").setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(2));
        for (Mode m : p.modes()) {
            if (JvmProcess.retryingStuck(attempt -> measure(m, p, monitor, t), stuck -> stuck)) {
                throw new IllegalStateException(m.label() + ": a waiter got stuck inside its copy of the JVM "
                    + JvmProcess.ATTEMPTS + " times; run again");
            }
        }
        return t;
    }

    /** Measures one mode into t; true, with nothing measured, if a waiter got stuck in the JVM at fork. */
    private static boolean measure(Mode mode, Params p, Monitor monitor, Table t) {
        int w = p.waiters();
        long bytes = (long) w * LONGS_PER_WAITER * 8;
        Pointer shared = C.mmap(null, bytes, LibC.PROT_READ | LibC.PROT_WRITE, LibC.MAP_SHARED | LibC.MAP_ANONYMOUS, -1, 0);
        try (Fds fds = new Fds(); ChildGroup children = new ChildGroup()) {
            shared.setMemory(0, bytes, (byte) 0);
            int[] listeners = listeners(mode, w, fds);
            int port = SockAddr.port(C.getsockname(listeners[0]));
            // what a waiter needs, allocated here: a child must not allocate
            Memory event = new Memory(EpollEvents.SIZE);
            event.clear();
            event.setInt(0, LibC.EPOLLIN | (mode == Mode.EPOLL_EXCLUSIVE ? LibC.EPOLLEXCLUSIVE : 0));
            Memory ready = new Memory(EpollEvents.SIZE);
            // resolve here, in the parent, the classes the children's code names (see ChildGroup)
            bump(shared, 0, RETURNS, 0);
            LibC.getpid();
            int[] pids = new int[w];
            for (int i = 0; i < w; i++) {
                int slot = i;
                int listener = listeners[mode == Mode.REUSEPORT ? i : 0];
                pids[i] = children.fork(() -> {
                    if (mode == Mode.EPOLL || mode == Mode.EPOLL_EXCLUSIVE) waitInEpoll(listener, event, ready, shared, slot);
                    else waitInAccept(listener, shared, slot);
                });
            }
            long[] switches = settled(pids);
            if (children.anyStuckInJvm()) return true;  // it would never wait: the herd would be smaller
            long wakeups = 0;
            Memory server = SockAddr.in("127.0.0.1", port);
            for (int c = 0; c < p.connections(); c++) {
                monitor.check();
                int client = fds.add(C.socket(LibC.AF_INET, LibC.SOCK_STREAM | LibC.SOCK_CLOEXEC, 0));
                C.connect(client, server);
                awaitAccepted(shared, w, c + 1);
                long[] now = settled(pids);  // every woken waiter is back asleep before the next connection
                for (int i = 0; i < w; i++) if (now[i] != switches[i]) wakeups++;
                switches = now;
                fds.close(client);
                monitor.step();
            }
            long returns = 0, eagains = 0;
            int accepting = 0;
            for (int i = 0; i < w; i++) {
                returns += shared.getLong(offset(i, RETURNS));
                eagains += shared.getLong(offset(i, EAGAINS));
                if (shared.getLong(offset(i, ACCEPTED)) > 0) accepting++;
            }
            t.stringColumn("mode").append(mode.label());
            t.intColumn("waiters").append(w);
            t.intColumn("connections").append(p.connections());
            t.longColumn("wakeups").append(wakeups);
            t.doubleColumn("wakeups per connection").append((double) wakeups / p.connections());
            t.longColumn("wait returns").append(returns);
            t.longColumn("accepts that found none").append(eagains);
            t.intColumn("waiters that accepted").append(accepting);
        } finally {
            C.munmap(shared, bytes);
        }
        return false;
    }

    /** One listening socket, or (reuseport) one per waiter on the same port; non-blocking for epoll. */
    private static int[] listeners(Mode mode, int waiters, Fds fds) {
        int[] l = new int[mode == Mode.REUSEPORT ? waiters : 1];
        int port = 0;
        for (int i = 0; i < l.length; i++) {
            int type = LibC.SOCK_STREAM | LibC.SOCK_CLOEXEC
                | (mode == Mode.EPOLL || mode == Mode.EPOLL_EXCLUSIVE ? LibC.SOCK_NONBLOCK : 0);
            l[i] = fds.add(C.socket(LibC.AF_INET, type, 0));
            if (mode == Mode.REUSEPORT) C.setsockopt(l[i], LibC.SOL_SOCKET, LibC.SO_REUSEPORT, 1);
            C.bind(l[i], SockAddr.in("127.0.0.1", port));
            C.listen(l[i], 128);
            port = SockAddr.port(C.getsockname(l[i]));
        }
        return l;
    }

    /** A child: block in accept, count, close the connection, again. */
    private static void waitInAccept(int listener, Pointer shared, int slot) {
        while (true) {
            int fd = LibC.accept(listener, null, null);
            bump(shared, slot, RETURNS, 1);
            if (fd >= 0) {
                bump(shared, slot, ACCEPTED, 1);
                LibC.close(fd);
            }
        }
    }

    /** A child: an epoll instance of its own on the shared listener; on each return try one accept. */
    private static void waitInEpoll(int listener, Memory event, Memory ready, Pointer shared, int slot) {
        int ep = LibC.epoll_create1(LibC.EPOLL_CLOEXEC);
        if (ep < 0 || LibC.epoll_ctl(ep, LibC.EPOLL_CTL_ADD, listener, event) < 0) LibC._exit(1);
        while (true) {
            int n = LibC.epoll_wait(ep, ready, 1, -1);
            bump(shared, slot, RETURNS, 1);
            if (n <= 0) continue;
            int fd = LibC.accept(listener, null, null);
            if (fd >= 0) {
                bump(shared, slot, ACCEPTED, 1);
                LibC.close(fd);
            } else {
                bump(shared, slot, EAGAINS, 1);
            }
        }
    }

    private static void bump(Pointer shared, int slot, int counter, long by) {
        long at = offset(slot, counter);
        shared.setLong(at, shared.getLong(at) + by);
    }

    private static long offset(int slot, int counter) {
        return ((long) slot * LONGS_PER_WAITER + counter) * 8;
    }

    private static void awaitAccepted(Pointer shared, int waiters, long total) {
        long deadline = System.nanoTime() + ACCEPT_DEADLINE_NANOS;
        while (true) {
            long accepted = 0;
            for (int i = 0; i < waiters; i++) accepted += shared.getLong(offset(i, ACCEPTED));
            if (accepted >= total) return;
            if (System.nanoTime() > deadline) throw new IllegalStateException("connection " + total + " was not accepted within 2 s");
            LibC.usleep(200);
        }
    }

    /**
     * Waits until every waiter sleeps (state S) with its voluntary context switch count unchanged for
     * a few milliseconds, and returns those counts.
     */
    private static long[] settled(int[] pids) {
        long deadline = System.nanoTime() + SETTLE_DEADLINE_NANOS;
        long[] last = null;
        while (true) {
            long[] now = new long[pids.length];
            boolean asleep = true;
            for (int i = 0; i < pids.length; i++) {
                ProcStatus s = ProcStatus.read(pids[i]);
                asleep &= s.get("State").charAt(0) == 'S';
                now[i] = s.voluntaryCtxtSwitches();
            }
            if (asleep && java.util.Arrays.equals(now, last)) return now;
            if (System.nanoTime() > deadline) throw new IllegalStateException("the waiters did not settle within 2 s");
            last = now;
            LibC.usleep(2000);
        }
    }
}
