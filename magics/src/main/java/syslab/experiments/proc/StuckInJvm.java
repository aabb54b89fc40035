package syslab.experiments.proc;

import syslab.posix.Syscalls;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether a forked JVM child can never go on. A fork of the JVM has one thread; if it meets
 * a safepoint that was being started at the moment of fork, or a lock another thread held then,
 * it waits on a process-private futex with no timeout, and with no other thread in the process
 * nothing can ever wake it. None of the children here waits that way on purpose: their semaphores
 * are process-shared futexes, their other waits are in read, write, sigtimedwait or waitpid.
 */
final class StuckInJvm {
    private StuckInJvm() { }

    private static final long FUTEX_PRIVATE_FLAG = 128, FUTEX_CMD_MASK = 127, FUTEX_WAIT = 0, FUTEX_WAIT_BITSET = 9;

    static boolean isStuck(int pid) {
        Path proc = Path.of("/proc/" + pid);
        try {
            if (!Files.readAllLines(proc.resolve("status")).contains("Threads:\t1")) return false;
            // /proc/PID/syscall: the number and six arguments of the call it is blocked in
            String[] s = Files.readString(proc.resolve("syscall")).trim().split(" ");
            if (s.length < 5 || Long.parseLong(s[0]) != Syscalls.SYS_futex) return false;
            long op = Long.decode(s[2]), timeout = Long.decode(s[4]);
            long cmd = op & FUTEX_CMD_MASK;
            return (op & FUTEX_PRIVATE_FLAG) != 0 && (cmd == FUTEX_WAIT || cmd == FUTEX_WAIT_BITSET) && timeout == 0;
        } catch (IOException | RuntimeException goneOrRunning) {
            return false;
        }
    }
}
