package syslab.kernel;

import syslab.kernel.log.Log;
import syslab.posix.C;
import syslab.posix.JvmProcess;
import syslab.posix.LibC;
import syslab.posix.PidsCgroup;
import syslab.procfs.ProcStat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static syslab.posix.Constants.RLIMIT_NPROC;
import static syslab.posix.Constants.SIGKILL;

/**
 * Caps the tasks of the kernel and of every process its cells start, as a whole, so that
 * {@code while (true) fork();} ends with fork failing with EAGAIN, not with an exhausted machine.
 * Tasks are processes and threads (the kernel's own threads count: pids cgroups and RLIMIT_NPROC
 * count threads). The cap is {@value #ENV} (default {@value #DEFAULT_MAX}; 0: none), enforced by
 * <ul>
 * <li>a pids cgroup of the kernel's own, {@code syslab-kernel-PID} next to the kernel's pids cgroup,
 *   where the kernel may create one (root; a delegated cgroup v2 subtree): it caps every process,
 *   also those that leave the process tree;</li>
 * <li>otherwise, when not root, RLIMIT_NPROC. It counts every task of the user, so the limit is
 *   what the user runs outside the kernel now plus the cap;</li>
 * <li>nothing as root without a writable pids cgroup (RLIMIT_NPROC does not bind root): logged.</li>
 * </ul>
 * {@link #killLeftovers()} ends the processes cells left (interrupt, shutdown); a kernel starting
 * ends those of a dead kernel's cgroup (a restart that killed the old kernel).
 */
public final class TaskCap {
    static final String ENV = "SYSLAB_MAX_TASKS";
    static final int DEFAULT_MAX = 512;
    private static final String PREFIX = "syslab-kernel-";
    private static final long KILL_MILLIS = 2000;
    private static final int WNOHANG = 1;

    private static volatile Path cgroup; // the kernel's own pids cgroup, or null

    private TaskCap() { }

    /** Applies the cap from the environment; call once, early (the kernel's threads count too). */
    static void install() {
        int max = maxTasks(System.getenv(ENV));
        Optional<Path> parent = PidsCgroup.own();
        parent.ifPresent(TaskCap::removeStale);
        if (max == 0) return;
        if (parent.isPresent() && enterOwn(parent.get(), max)) return;
        if (!isRoot()) {
            capUser(max);
            return;
        }
        Log.warn("no writable pids cgroup and running as root: the kernel's processes are not capped");
    }

    static int maxTasks(String value) {
        if (value == null || value.isBlank()) return DEFAULT_MAX;
        try {
            int max = Integer.parseInt(value.trim());
            if (max >= 0) return max;
        } catch (NumberFormatException e) {
            // below
        }
        Log.warn(ENV + "=" + value + " is not a number of tasks (0: no cap); using " + DEFAULT_MAX);
        return DEFAULT_MAX;
    }

    private static boolean enterOwn(Path parent, int max) {
        Path dir = parent.resolve(PREFIX + JvmProcess.PID);
        try {
            Files.createDirectory(dir);
            Files.writeString(dir.resolve("pids.max"), String.valueOf(max));
            Files.writeString(dir.resolve("cgroup.procs"), String.valueOf(JvmProcess.PID));
        } catch (IOException | RuntimeException e) {
            Log.warn("cannot cap the kernel with the pids cgroup " + dir + ": " + e);
            try {
                Files.deleteIfExists(dir);
            } catch (IOException ignored) {
                // an empty cgroup does no harm; the next kernel removes it
            }
            return false;
        }
        cgroup = dir;
        // cgroup v2: lets %%fork nest its own cgroups (pids is a threaded controller, allowed here)
        Path subtree = dir.resolve("cgroup.subtree_control");
        try {
            if (Files.exists(subtree)) Files.writeString(subtree, "+pids");
        } catch (IOException e) {
            // %%fork then counts forks instead
        }
        warnIfTight(max);
        return true;
    }

    private static void capUser(int max) {
        String uid = statusField(Path.of("/proc/self/status"), "Uid:");
        long limit = userTasks(uid) - ownThreads() + max;
        long[] rlim = new long[2];
        C.getrlimit(RLIMIT_NPROC, rlim);
        if (rlim[1] >= 0 && rlim[1] < limit) limit = rlim[1]; // RLIM_INFINITY is -1
        C.setrlimit(RLIMIT_NPROC, new long[] {limit, limit});
        warnIfTight(max);
    }

    private static void warnIfTight(int max) {
        if (max < ownThreads() + 16) Log.warn(ENV + "=" + max + " leaves the kernel's " + ownThreads() + " threads little room");
    }

    private static boolean isRoot() {
        // real, effective, saved, fs: fork's RLIMIT_NPROC check exempts a real uid 0 and root's capabilities
        String[] ids = String.valueOf(statusField(Path.of("/proc/self/status"), "Uid:")).split("\\s+");
        return ids[0].equals("0") || ids.length > 1 && ids[1].equals("0");
    }

    private static long ownThreads() {
        return Long.parseLong(statusField(Path.of("/proc/self/status"), "Threads:").trim());
    }

    /** Tasks (threads) of every process whose real uid is the first field of uid. */
    private static long userTasks(String uid) {
        String real = uid.trim().split("\\s+")[0];
        long tasks = 0;
        for (int pid : pids()) {
            Path status = Path.of("/proc", String.valueOf(pid), "status");
            String u = statusField(status, "Uid:");
            String threads = statusField(status, "Threads:");
            if (u != null && threads != null && u.trim().split("\\s+")[0].equals(real)) tasks += Long.parseLong(threads.trim());
        }
        return tasks;
    }

    /**
     * Ends every process of the kernel but the kernel: its descendants, the members of its process
     * group (when it leads one) and of its pids cgroup (also those that left the tree), and reaps
     * those that were its children. Repeats, for a bounded time, until none is left.
     */
    public static void killLeftovers() {
        long deadline = System.nanoTime() + KILL_MILLIS * 1_000_000;
        Set<Integer> left;
        while (!(left = leftovers()).isEmpty() && System.nanoTime() < deadline) {
            for (int pid : left) LibC.kill(pid, SIGKILL);
            for (int pid : left) LibC.waitpid(pid, null, WNOHANG); // a zombie child is reaped; others: ECHILD
            LibC.usleep(10_000);
        }
    }

    /** Before the kernel exits: ends its processes and leaves its cgroup, which then goes. */
    static void release() {
        killLeftovers();
        Path dir = cgroup;
        if (dir == null) return;
        try {
            Files.writeString(dir.getParent().resolve("cgroup.procs"), String.valueOf(JvmProcess.PID));
            Files.delete(dir);
        } catch (IOException e) {
            // the next kernel removes it
        }
    }

    private static Set<Integer> leftovers() {
        int self = JvmProcess.PID;
        Map<Integer, List<Integer>> children = new HashMap<>();
        Set<Integer> found = new LinkedHashSet<>();
        boolean leadsGroup = LibC.getpgid(0) == self;
        for (int pid : pids()) {
            Optional<ProcStat> stat;
            try {
                stat = ProcStat.read(pid);
            } catch (UncheckedIOException unreadable) {
                continue;
            }
            if (stat.isEmpty()) continue;  // gone meanwhile
            children.computeIfAbsent(stat.get().ppid(), k -> new ArrayList<>()).add(pid);
            if (leadsGroup && stat.get().pgrp() == self) found.add(pid);
        }
        Deque<Integer> todo = new ArrayDeque<>(children.getOrDefault(self, List.of()));
        while (!todo.isEmpty()) {
            int pid = todo.pop();
            found.add(pid);
            todo.addAll(children.getOrDefault(pid, List.of()));
        }
        found.addAll(members(cgroup));
        found.remove(self);
        return found;
    }

    /**
     * Removes the cgroups of kernels that are gone (killed, so they could not clean up), ending
     * the processes still in them.
     */
    private static void removeStale(Path parent) {
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(parent, PREFIX + "*")) {
            for (Path dir : dirs) {
                String owner = dir.getFileName().toString().substring(PREFIX.length());
                if (isKernelOf(owner, dir)) continue;
                long deadline = System.nanoTime() + KILL_MILLIS * 1_000_000;
                List<Integer> members;
                while (!(members = members(dir)).isEmpty() && System.nanoTime() < deadline) {
                    for (int pid : members) LibC.kill(pid, SIGKILL);
                    LibC.usleep(10_000);
                }
                try {
                    Files.delete(dir);
                } catch (IOException e) {
                    Log.warn("cannot remove the stale cgroup " + dir + ": " + e);
                }
            }
        } catch (IOException | RuntimeException e) {
            Log.warn("cannot look for stale kernel cgroups in " + parent + ": " + e);
        }
    }

    /** Whether process pid is alive and still in cgroup dir (not a pid reused since). */
    private static boolean isKernelOf(String pid, Path dir) {
        try {
            return Files.readString(Path.of("/proc", pid, "cgroup")).contains("/" + dir.getFileName() + "\n");
        } catch (IOException | RuntimeException gone) {
            return false;
        }
    }

    private static List<Integer> members(Path dir) {
        if (dir == null) return List.of();
        try {
            return Files.readAllLines(dir.resolve("cgroup.procs")).stream().map(Integer::parseInt).toList();
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }

    private static List<Integer> pids() {
        List<Integer> pids = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(Path.of("/proc"))) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (!name.isEmpty() && name.chars().allMatch(Character::isDigit)) pids.add(Integer.parseInt(name));
            }
        } catch (IOException e) {
            Log.warn("cannot list /proc: " + e);
        }
        return pids;
    }

    /** The rest of the line of a /proc status file that starts with name, or null. */
    private static String statusField(Path status, String name) {
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith(name)) return line.substring(name.length()).trim();
            }
        } catch (IOException | RuntimeException gone) {
            // the process ended
        }
        return null;
    }
}
