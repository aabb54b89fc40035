package syslab.fork;

import syslab.posix.C;
import syslab.posix.ErrnoException;
import syslab.posix.ForkLimit;
import syslab.posix.LibC;
import syslab.posix.PidsCgroup;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static syslab.posix.Constants.*;

/**
 * Caps how many processes a forked cell may have, so that {@code while (true) fork();} ends with
 * fork failing (EAGAIN) rather than with an exhausted machine. RLIMIT_NPROC does not bind root
 * (the kernel exempts uid 0 and CAP_SYS_RESOURCE), so, in order of preference:
 * <ol>
 * <li>a pids cgroup of its own (cgroup v1 "pids" hierarchy or v2 with the pids controller), when
 *   the JVM may create one: pids.max caps live processes of Java and C cells alike, and
 *   pids.events counts the refused forks;</li>
 * <li>otherwise {@link ForkLimit}: a count of the forks that Java cell code makes through
 *   {@code C.fork()}. It cannot see a C program's fork, so a %%c cell then has only its timeout.</li>
 * </ol>
 */
final class ProcessCap implements AutoCloseable {
    private static final AtomicInteger SEQ = new AtomicInteger();

    final int max;
    private final Path cgroup;        // null when using ForkLimit
    private final int procsFd;        // cgroup.procs, written by the child to enter the cgroup
    private final int[] tokens = {-1, -1}, refusals = {-1, -1};

    private ProcessCap(int max, Path cgroup, int procsFd) {
        this.max = max;
        this.cgroup = cgroup;
        this.procsFd = procsFd;
    }

    static ProcessCap create(int max, boolean allowCgroup) {
        if (max < 1 || max > 65536) throw new IllegalArgumentException("max processes must be 1..65536, not " + max);
        Optional<Path> parent = allowCgroup ? PidsCgroup.own() : Optional.empty();
        if (parent.isPresent()) {
            Path dir = parent.get().resolve("syslab-" + LibC.getpid() + "-" + SEQ.incrementAndGet());
            try {
                Files.createDirectory(dir);
                if (Files.exists(dir.resolve("pids.max"))) {
                    Files.writeString(dir.resolve("pids.max"), String.valueOf(max));
                    return new ProcessCap(max, dir, C.open(dir.resolve("cgroup.procs").toString(), O_WRONLY | O_CLOEXEC));
                }
                Files.delete(dir);
            } catch (IOException | ErrnoException e) {
                try {
                    Files.deleteIfExists(dir);
                } catch (IOException ignored) {
                    // an empty directory left in the cgroup tree does no harm
                }
            }
        }
        ProcessCap cap = new ProcessCap(max, null, -1);
        C.pipe2(cap.tokens, O_CLOEXEC | O_NONBLOCK);
        C.pipe2(cap.refusals, O_CLOEXEC | O_NONBLOCK);
        C.fcntl(cap.tokens[1], F_SETPIPE_SZ, 65536);
        // the cell's own process is the first of max; each fork takes one more token
        byte[] fill = new byte[max - 1];
        if (fill.length > 0) C.write(cap.tokens[1], fill, fill.length);
        return cap;
    }

    /** "pids cgroup" or "fork() count", for the notes of a run. */
    String mechanism() { return cgroup != null ? "pids cgroup" : "fork() count"; }

    boolean capsExec() { return cgroup != null; }

    /** In the parent, just before fork: children inherit the fork count. */
    void beforeFork() {
        if (cgroup == null) ForkLimit.install(tokens[0], refusals[1], max);
    }

    /** In the parent, just after fork. */
    void afterFork() {
        ForkLimit.clear();
    }

    /** In the child, before the cell runs; returns false if the cgroup refused it. */
    boolean enterInChild() {
        return cgroup == null || LibC.write(procsFd, new byte[] {'0'}, 1) == 1;
    }

    /** How many forks the cap refused. */
    int refused() {
        if (cgroup == null) {
            byte[] b = new byte[4096];
            int total = 0;
            long n;
            while ((n = LibC.read(refusals[0], b, b.length)) > 0) total += (int) n;
            return total;
        }
        try {
            // pids.events: "max N", N = forks refused because pids.max was reached
            String events = Files.readString(cgroup.resolve("pids.events"), StandardCharsets.US_ASCII);
            return List.of(events.split("\n")).stream().filter(l -> l.startsWith("max "))
                .mapToInt(l -> Integer.parseInt(l.substring(4).trim())).findFirst().orElse(0);
        } catch (IOException e) {
            return 0;
        }
    }

    /**
     * Before the runner's SIGTERM: no new process in the cgroup. glibc (2.41, Debian 13) blocks
     * every signal during fork, so a process inside fork misses a group's SIGTERM and its child
     * escapes it; without this, survivors would fork into the slots of those that died.
     */
    void refuseForks() {
        if (cgroup == null) return;
        try {
            Files.writeString(cgroup.resolve("pids.max"), "0");
        } catch (IOException e) {
            // the SIGKILL that follows the grace still ends the group
        }
    }

    /** The processes still in the cgroup (also those that left the process group), or none. */
    List<Integer> members() {
        if (cgroup == null) return List.of();
        try {
            return Files.readAllLines(cgroup.resolve("cgroup.procs")).stream().map(Integer::parseInt).toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    @Override
    public void close() {
        if (cgroup != null) {
            LibC.close(procsFd);
            try {
                Files.deleteIfExists(cgroup);
            } catch (IOException e) {
                // still has members (processes that escaped every kill): left for the next cleanup
            }
        } else {
            for (int fd : new int[] {tokens[0], tokens[1], refusals[0], refusals[1]}) LibC.close(fd);
        }
    }
}
