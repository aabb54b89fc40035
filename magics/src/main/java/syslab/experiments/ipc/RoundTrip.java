package syslab.experiments.ipc;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import syslab.experiments.common.Monitor;
import syslab.experiments.proc.Child;
import syslab.experiments.proc.Shared;
import syslab.posix.C;
import syslab.posix.Jni;
import syslab.posix.LibC;
import syslab.posix.Signals;

import java.lang.ref.Reference;
import java.time.Duration;

import static syslab.posix.Constants.*;

/**
 * One-byte ping-pong between two processes (lmbench's lat_pipe and lat_ctx): one side sends a
 * byte, the other sends it back; a round trip wakes each process once. {@code roundTrips} of them
 * per repetition, after one untimed repetition.
 */
final class RoundTrip {
    private RoundTrip() { }

    /** Seconds per repetition of {@code roundTrips} round trips. */
    static double[] seconds(Method method, Placement placement, int roundTrips, int repetitions, Monitor monitor) {
        if (roundTrips < 1 || repetitions < 1) throw new IllegalArgumentException("round trips and repetitions must be positive");
        Duration limit = limit(roundTrips, repetitions);
        return Child.retryingStuck(() -> switch (method) {
            case SHM -> shm(placement, roundTrips, repetitions, limit, monitor);
            case SIGNAL -> signal(placement, roundTrips, repetitions, limit, monitor);
            default -> stream(method, placement, roundTrips, repetitions, limit, monitor);
        });
    }

    /** How long a measurement may take, generously: 1 ms a round trip and a start-up allowance. */
    static Duration limit(int roundTrips, int repetitions) {
        return Duration.ofSeconds(30).plusMillis((long) roundTrips * (repetitions + 1));
    }

    private static double[] stream(Method method, Placement placement, int roundTrips, int repetitions, Duration limit, Monitor monitor) {
        Memory ping = new Memory(1), echo = new Memory(1);
        long pingAt = Jni.address(ping), echoAt = Jni.address(echo);
        double[] seconds = new double[repetitions];
        long total = (long) roundTrips * (repetitions + 1);
        Link.compileFirst("RoundTrip.echo", RoundTrip::echo);
        try (Link link = Link.open(method); Placement.Pinned pin = placement.pin(2);
             Child child = Child.fork(limit, () -> {
                 pin.inChild(1);
                 link.inChild();
                 for (long k = 0; k < total; k++) {
                     int status = echo(link.childIn, link.childOut, echoAt);
                     if (status != 0) return status;
                 }
                 return 0;
             })) {
            link.inParent();
            for (int r = 0; r <= repetitions; r++) {
                long t0 = System.nanoTime();
                for (int k = 0; k < roundTrips; k++) {
                    if ((k & Bandwidth.CHECK_EVERY) == 0) monitor.check();
                    if (pingPong(link, ping, pingAt, (byte) k) != 1) throw Bandwidth.childGone(child);
                }
                if (r > 0) seconds[r - 1] = (System.nanoTime() - t0) / 1e9;
            }
            child.waitForSuccess(Duration.ofSeconds(5));
        }
        Reference.reachabilityFence(ping);
        Reference.reachabilityFence(echo);
        return seconds;
    }

    /** A byte in shared memory, handed over with two process-shared semaphores (ping, pong). */
    private static double[] shm(Placement placement, int roundTrips, int repetitions, Duration limit, Monitor monitor) {
        double[] seconds = new double[repetitions];
        long total = (long) roundTrips * (repetitions + 1);
        try (Shared shared = new Shared(Shared.HEADER + 4096)) {
            long ping = Jni.address(shared.semaphore(0, 0)), pong = Jni.address(shared.semaphore(1, 0));
            Pointer data = shared.data();
            try (Memory sem = ChildSemaphores.privateOne()) {
                long s = Jni.address(sem);
                Child.compileFirst("RoundTrip.echo", () -> echo(s, s, data));
            }
            try (Placement.Pinned pin = placement.pin(2);
                 Child child = Child.fork(limit, () -> {
                     pin.inChild(1);
                     for (long k = 0; k < total; k++) {
                         int status = echo(ping, pong, data);
                         if (status != 0) return status;
                     }
                     return 0;
                 })) {
                ChildSemaphores wait = new ChildSemaphores(child, monitor, pong);
                for (int r = 0; r <= repetitions; r++) {
                    long t0 = System.nanoTime();
                    for (int k = 0; k < roundTrips; k++) {
                        if ((k & Bandwidth.CHECK_EVERY) == 0) monitor.check();
                        if (pingPong(data, ping, pong, wait, (byte) k) != (byte) k) {
                            throw new IllegalStateException("the child echoed the wrong byte");
                        }
                    }
                    if (r > 0) seconds[r - 1] = (System.nanoTime() - t0) / 1e9;
                }
                child.waitForSuccess(Duration.ofSeconds(5));
            }
        }
        return seconds;
    }

    /**
     * SIGUSR1 back and forth between two forked children, each single-threaded and taking the
     * signal with sigtimedwait (sigwaitinfo with a time limit) (no handler runs). Not the JVM itself: HotSpot uses signals of its own,
     * and a signal sent to the process lands on whichever of its threads does not block it.
     * The first child times the round trips and leaves the times in shared memory.
     */
    private static double[] signal(Placement placement, int roundTrips, int repetitions, Duration limit, Monitor monitor) {
        Memory set = new Memory(Signals.SIGSET_SIZE), oldMask = new Memory(Signals.SIGSET_SIZE);
        Memory info = new Memory(C.SIGINFO_SIZE), timeout = new Memory(16);
        timeout.setLong(0, limit.toSeconds());
        timeout.setLong(8, 0);
        LibC.sigemptyset(set);
        LibC.sigaddset(set, SIGUSR1);
        // the children call by address through Jni: they run interpreted (a forked JVM has no JIT
        // threads), where a JNA call, and the copy of a long[] timeout in and out, cost 0.4 us more
        long setAt = Jni.address(set), infoAt = Jni.address(info), timeoutAt = Jni.address(timeout);
        try (Shared shared = new Shared(Shared.HEADER + 8L * (repetitions + 1))) {
            Pointer times = shared.data();
            // Blocked in this thread while forking, so that both children start with it blocked:
            // a SIGUSR1 that arrives before its sigwaitinfo then waits, pending, instead of killing.
            if (LibC.sigprocmask(SIG_BLOCK, set, oldMask) != 0) throw new IllegalStateException("sigprocmask failed");
            try (Placement.Pinned pin = placement.pin(3);
                 Child echo = Child.fork(limit, () -> {
                     pin.inChild(2);
                     while (true) {
                         if (Jni.sigtimedwait(setAt, infoAt, timeoutAt) != SIGUSR1) return 2;
                         if (Jni.kill(info.getInt(SI_PID), SIGUSR1) != 0) return 3;
                     }
                 });
                 Child timer = Child.fork(limit, echo.pgid(), () -> {
                     pin.inChild(1);
                     int peer = echo.pid();
                     for (int r = 0; r <= repetitions; r++) {
                         long t0 = System.nanoTime();
                         for (int k = 0; k < roundTrips; k++) {
                             if (Jni.kill(peer, SIGUSR1) != 0) return 2;
                             if (Jni.sigtimedwait(setAt, 0, timeoutAt) != SIGUSR1) return 3;
                         }
                         times.setLong(8L * r, System.nanoTime() - t0);
                     }
                     return 0;
                 })) {
                while (!timer.awaitExit(Duration.ofMillis(100))) monitor.check();
                timer.waitForSuccess(Duration.ofSeconds(5));
            } finally {
                LibC.sigprocmask(SIG_SETMASK, oldMask, null);
            }
            double[] seconds = new double[repetitions];
            for (int r = 1; r <= repetitions; r++) seconds[r - 1] = times.getLong(8L * r) / 1e9;
            Reference.reachabilityFence(set);
            Reference.reachabilityFence(info);
            Reference.reachabilityFence(timeout);
            return seconds;
        }
    }

    // One round trip each: methods of their own, which the JIT compiles within the first repetition
    // (a loop needs tens of thousands of turns in one call before it is compiled).

    /** Writes {@code b}, reads the echo; returns what read returned. Through Jni, as C calls libc. */
    private static long pingPong(Link link, Memory buf, long at, byte b) {
        buf.setByte(0, b);
        Jni.check(Jni.write(link.parentOut, at, 1), "write");
        return Jni.check(Jni.read(link.parentIn, at, 1), "read");
    }

    /** The child's turn of a stream round trip: reads a byte and sends it back; 0 or its exit status. */
    private static int echo(int in, int out, long buf) {
        if (Jni.read(in, buf, 1) != 1) return 2;
        if (Jni.write(out, buf, 1) != 1) return 3;
        return 0;
    }

    /** Puts {@code b} in shared memory, posts ping, waits for pong; returns the byte echoed. */
    private static byte pingPong(Pointer data, long ping, long pong, ChildSemaphores wait, byte b) {
        data.setByte(0, b);
        Jni.check(Jni.sem_post(ping), "sem_post");
        wait.await(pong);
        return data.getByte(1);
    }

    /**
     * The child's turn of a shm round trip: 0, or its exit status. A method of its own so that the
     * parent can have it compiled first ({@link Child#compileFirst}): run interpreted in the child,
     * it made the round trip 0.25 us longer (Java / C 1.23 to 1.34 against 1.12 to 1.20).
     */
    private static int echo(long ping, long pong, Pointer data) {
        if (Jni.sem_wait(ping) != 0) return 2;
        data.setByte(1, data.getByte(0));
        if (Jni.sem_post(pong) != 0) return 3;
        return 0;
    }

    /** si_pid in siginfo_t: after si_signo, si_errno, si_code and padding, on 64-bit Linux. */
    private static final int SI_PID = 16;
}
